import MigrationLint
import PostgresSyntax
import Testing

/// `RuleContext.statementTokens`: each statement's own tokens, comments
/// included, `;` excluded, as a slice of the file's token array.
@Suite struct StatementTokensTests {
  /// Reports one diagnostic per statement whose message lists the
  /// statement's token texts and the slice's start index.
  struct TokenProbe: Rule {
    let description = RuleDescription(
      id: "token-probe", category: .meta, defaultSeverity: .info, summary: "s", rationale: "r")

    func check(_ context: RuleContext) -> [Diagnostic] {
      let tokens = context.statementTokens
      let texts = tokens.map { context.text(of: $0) }.joined(separator: " ")
      let code = context.statementCodeTokens.count
      return [
        context.diagnostic(
          description, range: context.statement.range, message: "\(tokens.startIndex)|\(code)|\(texts)")
      ]
    }
  }

  struct Row: Sendable, CustomTestStringConvertible {
    let sql: String
    /// Per statement: first token index in the file, code tokens, token texts.
    let expected: [String]
    var testDescription: String { sql.debugDescription }
  }

  static let rows: [Row] = [
    Row(sql: "SELECT 1;", expected: ["0|2|SELECT 1"]),
    Row(
      sql: "CREATE TABLE t (id int); -- done\nDROP /* why */ TABLE t;",
      expected: ["0|7|CREATE TABLE t ( id int )", "9|3|DROP /* why */ TABLE t"]),
    Row(sql: "-- ünïcødé\nALTER TABLE t ADD c text", expected: ["1|6|ALTER TABLE t ADD c text"]),
    Row(sql: "SELECT $$a;b$$;\r\nSELECT 'x'", expected: ["0|2|SELECT $$a;b$$", "3|2|SELECT 'x'"]),
  ]

  @Test(arguments: rows)
  func statementTokens(_ row: Row) {
    let linter = Linter(rules: [TokenProbe()], selection: RuleSelection(only: ["token-probe"]))
    var schema = SchemaState()
    let result = linter.lintFile(SourceFile(path: "a.sql", text: row.sql), schema: &schema)
    #expect(result.diagnostics.filter { $0.ruleID == "token-probe" }.map(\.message) == row.expected)
  }
}
