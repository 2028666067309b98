import Dispatch
import MigrationLint
import PostgresSyntax

/// Runs one input through the whole pipeline — lex, split, parse, schema
/// replay, every rule, fix with suggestions — and lists every broken
/// promise. An empty list means the input was handled correctly.
struct PipelineCheck {
  /// The schema the input is linted against (e.g. after replaying the
  /// unmutated file, so rules about existing tables fire too).
  var schemaBefore = SchemaState()
  var linter = Linter()

  /// What one run found, plus the wall time (a diagnostic only).
  struct Outcome {
    var problems: [String] = []
    var seconds: Double = 0
    var fixedBytes: [UInt8] = []
    var hadLexerErrors = false
  }

  /// The schema after replaying `sql` as an earlier migration.
  static func schema(afterReplaying bytes: [UInt8], path: String = "history.sql") -> SchemaState {
    let source = SourceFile(path: path, bytes: bytes)
    var schema = SchemaState()
    schema.beginFile(index: 0)
    for statement in StatementParser.parse(ScannedFile(source: source)) { schema.apply(statement, source: source) }
    schema.beginFile(index: 1)
    return schema
  }

  func run(_ bytes: [UInt8], path: String = "case.sql") -> Outcome {
    let start = DispatchTime.now().uptimeNanoseconds
    var outcome = Outcome()
    let source = SourceFile(path: path, bytes: bytes)
    let scanned = ScannedFile(source: source)
    outcome.hadLexerErrors = !scanned.errors.isEmpty
    outcome.problems += Self.tokenProblems(scanned)
    outcome.problems += Self.statementProblems(scanned)
    let parsed = StatementParser.parse(scanned)
    if parsed.count != scanned.statements.count {
      outcome.problems.append("parser returned \(parsed.count) statements for \(scanned.statements.count) spans")
    }
    for statement in parsed where statement.range.upperBound > bytes.count {
      outcome.problems.append("parsed statement \(statement.kind) range \(statement.range) out of bounds")
    }

    var schema = schemaBefore
    let result = linter.lintFile(source, schema: &schema)
    outcome.problems += Self.diagnosticProblems(result.diagnostics, size: bytes.count)
    if !scanned.errors.isEmpty && !result.hasSyntaxError {
      outcome.problems.append("lexer errors but the linter reports no syntax error")
    }

    let fixed = FixApplier.fix(source, linter: linter, schemaBefore: schemaBefore, includeSuggestions: true).0
    outcome.fixedBytes = fixed.fixed
    if result.hasSyntaxError {
      if fixed.fixed != bytes { outcome.problems.append("a fix was applied to a file with a syntax error") }
    } else if fixed.changed {
      if !Lexer.tokenize(fixed.fixed).errors.isEmpty { outcome.problems.append("a fix introduced a lexer error") }
      let again = FixApplier.fix(
        SourceFile(path: path, bytes: fixed.fixed), linter: linter, schemaBefore: schemaBefore,
        includeSuggestions: true
      ).0
      if again.fixed != fixed.fixed {
        outcome.problems.append("fix is not idempotent: fixing the fixed file applied \(again.applied)")
      }
    }
    outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return outcome
  }

  /// Bounded work and token ranges: at most one token per byte (+1), each
  /// non-empty, in bounds, sorted and disjoint; errors in bounds.
  static func tokenProblems(_ scanned: ScannedFile) -> [String] {
    let size = scanned.source.bytes.count
    var problems: [String] = []
    if scanned.tokens.count > size + 1 {
      problems.append("\(scanned.tokens.count) tokens for \(size) bytes")
    }
    var previousEnd = 0
    for (index, token) in scanned.tokens.enumerated() {
      if token.start >= token.end || token.end > size || token.start < previousEnd {
        problems.append("token \(index) \(token.kind) \(token.start)..<\(token.end) bad (previous end \(previousEnd))")
        break
      }
      previousEnd = token.end
    }
    for error in scanned.errors where error.offset < 0 || error.offset > error.end || error.end > size {
      problems.append("lex error \(error.kind) \(error.offset)..<\(error.end) out of bounds")
    }
    return problems
  }

  /// Statement spans: non-empty, in bounds, sorted, disjoint, token ranges
  /// consistent, at most one per token.
  static func statementProblems(_ scanned: ScannedFile) -> [String] {
    let size = scanned.source.bytes.count
    var problems: [String] = []
    if scanned.statements.count > scanned.tokens.count + 1 {
      problems.append("\(scanned.statements.count) statements for \(scanned.tokens.count) tokens")
    }
    var previousEnd = 0
    var previousToken = 0
    for (index, statement) in scanned.statements.enumerated() {
      let range = statement.range
      let tokens = statement.tokens
      if range.isEmpty || range.lowerBound < previousEnd || range.upperBound > size || tokens.isEmpty
        || tokens.lowerBound < previousToken || tokens.upperBound > scanned.tokens.count
      {
        problems.append("statement \(index) range \(range) tokens \(tokens) bad (size \(size))")
        break
      }
      previousEnd = range.upperBound
      previousToken = tokens.upperBound
    }
    return problems
  }

  /// Diagnostics: ranges in bounds and sorted by start; each fix's edits in
  /// bounds and non-overlapping.
  static func diagnosticProblems(_ diagnostics: [Diagnostic], size: Int) -> [String] {
    var problems: [String] = []
    var previousStart = 0
    for diagnostic in diagnostics {
      let range = diagnostic.range
      if range.lowerBound < 0 || range.upperBound > size {
        problems.append("\(diagnostic.ruleID) range \(range) out of bounds (size \(size))")
      }
      if range.lowerBound < previousStart { problems.append("diagnostics not sorted at \(diagnostic.ruleID)") }
      previousStart = range.lowerBound
      for fix in diagnostic.fixes {
        if fix.title.isEmpty { problems.append("\(diagnostic.ruleID) has a fix without a title") }
        var editEnd = 0
        for edit in fix.edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
          if edit.range.lowerBound < 0 || edit.range.upperBound > size {
            problems.append("\(diagnostic.ruleID) fix '\(fix.title)' edit \(edit.range) out of bounds (size \(size))")
          }
          if edit.range.lowerBound < editEnd {
            problems.append("\(diagnostic.ruleID) fix '\(fix.title)' has overlapping edits")
          }
          editEnd = max(editEnd, edit.range.upperBound)
        }
      }
    }
    return problems
  }
}
