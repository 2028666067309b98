import PostgresSyntax

/// Lexer errors and psql meta-commands: input PostgreSQL would reject.
/// Reported by the linter itself, not per statement.
public struct SyntaxError: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "syntax-error",
    category: .meta,
    defaultSeverity: .error,
    summary: "The file cannot be read as PostgreSQL SQL",
    rationale: """
      An unterminated string, quoted identifier, dollar quote or comment, invalid UTF-8, a NUL byte, a \
      UTF-8 byte order mark or a psql meta-command (`\\set`, `\\i`, ...) makes PostgreSQL reject the \
      migration, and makes every later finding in the file unreliable. `cslint fix` never edits a file \
      with a syntax error. Like the server, which stops reading a statement at its first error and \
      resumes at the next, cslint reports the first error of each statement, at most 100 per file (then \
      one line counting the rest); a binary file (a quarter of its first 64 KiB NUL, control bytes or \
      invalid UTF-8) is one finding, "not a text file", and no rule runs on it.
      """,
    triggering: [
      RuleExample("SELECT ↓'unterminated;"),
      RuleExample("↓\\set ON_ERROR_STOP on\nSELECT 1;"),
    ],
    nonTriggering: [
      RuleExample("SELECT 'it''s fine', E'line\\n', $$ body; $$;")
    ])

  /// Reported by the engine, never by `check`.
  public var statementKinds: StatementKinds { [] }

  public func check(_ context: RuleContext) -> [Diagnostic] { [] }
}

/// A suppression comment that suppressed nothing.
public struct UnusedSuppression: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "unused-suppression",
    category: .meta,
    defaultSeverity: .warning,
    summary: "A cslint-disable comment that suppresses nothing",
    rationale: """
      A suppression that no longer matches a finding hides nothing today but will silently hide a \
      real problem if the statement changes later. Remove it. squawk's `-- squawk-ignore` comments \
      are not reported for matching nothing (cslint's rules report less than squawk's), only for \
      naming an id squawk does not have, as squawk's own `unused-ignore` does.
      """,
    triggering: [
      RuleExample("↓-- cslint-disable-next-statement missing-if-exists -- legacy\nDROP TABLE IF EXISTS t;"),
      RuleExample("↓-- squawk-ignore ban-drop-tabel\nDROP TABLE IF EXISTS t;"),
    ],
    nonTriggering: [
      RuleExample("-- cslint-disable-next-statement missing-if-exists -- dropped by hand\nDROP TABLE t;")
    ])

  /// Reported by the engine, never by `check`.
  public var statementKinds: StatementKinds { [] }

  public func check(_ context: RuleContext) -> [Diagnostic] { [] }
}

/// A malformed suppression comment.
public struct InvalidSuppression: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "invalid-suppression",
    category: .meta,
    defaultSeverity: .error,
    summary: "A cslint-disable comment names an unknown rule or gives no reason",
    rationale: """
      Suppressions are part of the review record: each names the rules it silences and says why, \
      after a second `--`. An unknown rule id (a typo, a renamed rule) silences nothing. squawk's \
      `-- squawk-ignore` comments need no reason; an id in one that squawk does not have is an \
      unused-suppression warning, and a squawk rule with no cslint equivalent is accepted silently.
      """,
    triggering: [
      RuleExample("↓-- cslint-disable-next-statement missing-if-exist -- typo\nDROP TABLE t;"),
      RuleExample("↓-- cslint-disable missing-if-exists\nDROP TABLE t;"),
    ],
    nonTriggering: [
      RuleExample("-- cslint-disable missing-if-exists -- legacy file, replayed once\nDROP TABLE t;"),
      RuleExample("-- squawk-ignore ban-drop-table, ban-alter-extension\nDROP TABLE IF EXISTS t;"),
    ])

  /// Reported by the engine, never by `check`.
  public var statementKinds: StatementKinds { [] }

  public func check(_ context: RuleContext) -> [Diagnostic] { [] }
}
