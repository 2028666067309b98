import PostgresSyntax

/// DROP statements that fail when the object is already gone.
public struct MissingIfExists: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "missing-if-exists",
    category: .idempotency,
    defaultSeverity: .warning,
    summary: "DROP without IF EXISTS fails when the object is already gone",
    rationale: """
      A `DROP` of something that does not exist fails the migration, and with it every later one. \
      Environments drift (a hotfix applied by hand, a migration re-run after a partial failure), so \
      drops should be written to succeed whether or not the object is there.
      """,
    lock: nil,
    postgresVersions: "all",
    fixAvailability: .always,
    fixNotes: "Inserts `IF EXISTS` (safe: the statement does the same when the object exists).",
    useInstead: """
      DROP TABLE IF EXISTS public.legacy_events;
      ALTER TABLE public.notes DROP COLUMN IF EXISTS legacy_flag;
      """,
    triggering: [
      RuleExample("↓DROP TABLE legacy_events;"),
      RuleExample("ALTER TABLE notes ↓DROP COLUMN legacy_flag;"),
      RuleExample("↓DROP POLICY \"owner reads\" ON notes;"),
    ],
    nonTriggering: [
      RuleExample("DROP TABLE IF EXISTS legacy_events;"),
      RuleExample("ALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_title_check;"),
    ],
    fixes: [
      FixExample(before: "DROP TABLE legacy_events;", after: "DROP TABLE IF EXISTS legacy_events;"),
      FixExample(
        before: "ALTER TABLE notes DROP COLUMN legacy_flag;",
        after: "ALTER TABLE notes DROP COLUMN IF EXISTS legacy_flag;"),
      FixExample(
        before: "ALTER TABLE notes DROP CONSTRAINT notes_title_check;",
        after: "ALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_title_check;"),
      FixExample(
        before: "DROP INDEX CONCURRENTLY notes_title_idx;",
        after: "DROP INDEX CONCURRENTLY IF EXISTS notes_title_idx;"),
    ],
    elsewhere: ["squawk: prefer-robust-stmts"])

  /// DROP kinds that accept IF EXISTS.
  static let supported: Set<String> = [
    "OBJECT_TABLE", "OBJECT_INDEX", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_FUNCTION",
    "OBJECT_PROCEDURE", "OBJECT_ROUTINE", "OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE", "OBJECT_TYPE",
    "OBJECT_DOMAIN", "OBJECT_SCHEMA", "OBJECT_EXTENSION", "OBJECT_AGGREGATE", "OBJECT_OPERATOR", "OBJECT_COLLATION",
    "OBJECT_CONVERSION", "OBJECT_FOREIGN_TABLE", "OBJECT_FOREIGN_SERVER", "OBJECT_FDW", "OBJECT_PUBLICATION",
    "OBJECT_EVENT_TRIGGER", "OBJECT_STATISTIC_EXT", "OBJECT_TSCONFIGURATION", "OBJECT_TSDICTIONARY",
    "OBJECT_TSPARSER", "OBJECT_TSTEMPLATE", "OBJECT_LANGUAGE", "OBJECT_OPCLASS", "OBJECT_OPFAMILY",
    "OBJECT_ACCESS_METHOD", "OBJECT_CAST", "OBJECT_TRANSFORM",
  ]

  public func check(_ context: RuleContext) -> [Diagnostic] {
    let fix = { (offset: Int) in
      [
        Fix(
          title: "Insert IF EXISTS", applicability: .safe,
          edits: [.insert(context.keyword(" IF EXISTS", before: offset), at: offset)])
      ]
    }
    switch context.statement.node {
    case .drop(let drop) where !drop.ifExists && Self.supported.contains(drop.objectType):
      let names = drop.names.map(\.displayText).joined(separator: ", ")
      let what = drop.objectType.dropFirst("OBJECT_".count).replacing("_", with: " ")
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: "DROP \(what)\(names.isEmpty ? "" : " " + names) fails if it does not exist; use IF EXISTS",
          help: "Insert IF EXISTS so the migration succeeds whether or not the object is there.",
          fixes: fix(drop.insertionPoint))
      ]
    case .alterTable(let alter):
      return alter.commands.compactMap { command in
        switch command.action {
        case .dropColumn(let name, false, _, let offset):
          return context.diagnostic(
            description, range: command.range,
            message:
              "DROP COLUMN \(SQLName.quoteIfNeeded(name.value)) fails if the column does not exist; use IF EXISTS",
            help: "Use DROP COLUMN IF EXISTS \(SQLName.quoteIfNeeded(name.value)).", fixes: fix(offset))
        case .dropConstraint(let name, false, let offset):
          return context.diagnostic(
            description, range: command.range,
            message:
              "DROP CONSTRAINT \(SQLName.quoteIfNeeded(name.value)) fails if the constraint does not exist; use IF EXISTS",
            help: "Use DROP CONSTRAINT IF EXISTS \(SQLName.quoteIfNeeded(name.value)).", fixes: fix(offset))
        default:
          return nil
        }
      }
    default:
      return []
    }
  }
}
