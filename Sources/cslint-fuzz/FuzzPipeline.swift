import MigrationLint
import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs one input through every stage (and the text reporter) and checks the invariants the
/// property tests check (Tests/RobustnessTests): bounded work, ranges in
/// bounds and ordered, fixes idempotent and never applied to a file the
/// lexer rejects.
enum FuzzPipeline {
  /// A schema in which common table names exist, so rules that only fire on
  /// existing tables (and their fixes) are reached too.
  static let history: SchemaState = {
    let sql = """
      create table users (id bigint primary key, email text, name text);
      create table orders (id bigint primary key, user_id bigint references users (id), total numeric);
      create table t (id int, a int, b text);
      create index orders_user_id_idx on orders (user_id);
      """
    let source = SourceFile(path: "history.sql", text: sql)
    var schema = SchemaState()
    schema.beginFile(index: 0)
    for statement in StatementParser.parse(ScannedFile(source: source)) { schema.apply(statement, source: source) }
    schema.beginFile(index: 1)
    return schema
  }()

  static let linter = Linter()

  static func run(_ bytes: [UInt8]) {
    let source = SourceFile(path: "fuzz.sql", bytes: bytes)
    let scanned = ScannedFile(source: source)
    checkTokens(scanned)
    checkStatements(scanned)

    var schema = history
    let result = linter.lintFile(source, schema: &schema)
    checkDiagnostics(result.diagnostics, size: bytes.count)

    // The text reporter computes line/column and slices the source for every
    // diagnostic (code frames). JSON and SARIF only add escaping and cost
    // most of the time, so they are left to the property tests' corpus runs.
    let report = LintReport(
      files: [FileReport(path: source.path, source: source, diagnostics: result.diagnostics)], rules: [],
      toolVersion: "fuzz")
    _ = report.rendered(as: .text)

    let (outcome, _) = FixApplier.fix(source, linter: linter, schemaBefore: history, includeSuggestions: true)
    if !scanned.errors.isEmpty {
      require(outcome.fixed == bytes, "a fix was applied to a file with a syntax error")
      return
    }
    require(
      ScannedFile(source: SourceFile(path: source.path, bytes: outcome.fixed)).errors.isEmpty,
      "a fix introduced a syntax error")
    if outcome.changed {
      let again = FixApplier.fix(
        SourceFile(path: source.path, bytes: outcome.fixed), linter: linter, schemaBefore: history,
        includeSuggestions: true
      ).0
      require(again.fixed == outcome.fixed, "fixing the fixed file changed it again (not idempotent)")
    }
  }

  static func checkTokens(_ scanned: ScannedFile) {
    let size = scanned.source.bytes.count
    require(scanned.tokens.count <= size + 1, "more tokens (\(scanned.tokens.count)) than bytes + 1 (\(size + 1))")
    var previousEnd = 0
    for token in scanned.tokens {
      require(token.start < token.end && token.end <= size, "token \(token) out of bounds (size \(size))")
      require(token.start >= previousEnd, "token \(token) overlaps its predecessor")
      previousEnd = token.end
    }
    for error in scanned.errors {
      require(0 <= error.offset && error.offset <= error.end && error.end <= size, "lex error \(error) out of bounds")
    }
  }

  static func checkStatements(_ scanned: ScannedFile) {
    let size = scanned.source.bytes.count
    require(scanned.statements.count <= scanned.tokens.count + 1, "more statements than tokens")
    var previousEnd = 0
    var previousToken = 0
    for statement in scanned.statements {
      let range = statement.range
      require(!range.isEmpty && range.lowerBound >= previousEnd && range.upperBound <= size, "statement \(range) bad")
      require(
        statement.tokens.lowerBound >= previousToken && statement.tokens.upperBound <= scanned.tokens.count,
        "statement token range \(statement.tokens) bad")
      previousEnd = range.upperBound
      previousToken = statement.tokens.upperBound
    }
  }

  static func checkDiagnostics(_ diagnostics: [Diagnostic], size: Int) {
    var previous = 0
    for diagnostic in diagnostics {
      let range = diagnostic.range
      require(range.lowerBound >= 0 && range.upperBound <= size, "\(diagnostic.ruleID) range \(range) out of bounds")
      require(range.lowerBound >= previous, "diagnostics not sorted at \(diagnostic.ruleID)")
      previous = range.lowerBound
      for fix in diagnostic.fixes {
        let edits = fix.edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var editEnd = 0
        for edit in edits {
          require(
            edit.range.lowerBound >= 0 && edit.range.upperBound <= size,
            "\(diagnostic.ruleID) fix edit \(edit.range) out of bounds")
          require(edit.range.lowerBound >= editEnd, "\(diagnostic.ruleID) fix has overlapping edits")
          editEnd = edit.range.upperBound
        }
      }
    }
  }

  /// Aborts (a crash to libFuzzer) with a message when `condition` fails.
  static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    FileBytes.writeAll(Array("cslint-fuzz invariant violated: \(message())\n".utf8), to: 2)
    abort()
  }
}
