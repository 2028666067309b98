import MigrationLint
import PostgresSyntax
import Testing

/// The checker must catch what it claims to catch, or the property tests
/// would pass vacuously.
@Suite("Pipeline checker")
struct PipelineCheckTests {
  static func diagnostic(_ range: Range<Int>, edits: [Range<Int>] = []) -> Diagnostic {
    let fix = Fix(
      title: "Edit", applicability: .safe, edits: edits.map { TextEdit(range: $0, replacement: "x") })
    return Diagnostic(
      ruleID: "test-rule", severity: .warning, path: "t.sql", range: range, message: "m",
      fixes: edits.isEmpty ? [] : [fix])
  }

  @Test(
    "broken diagnostics are reported",
    arguments: [
      ([diagnostic(0..<11)], "out of bounds"),
      ([diagnostic(5..<6), diagnostic(1..<2)], "not sorted"),
      ([diagnostic(0..<1, edits: [0..<20])], "out of bounds"),
      ([diagnostic(0..<1, edits: [2..<6, 4..<8])], "overlapping"),
    ])
  func brokenDiagnostics(diagnostics: [Diagnostic], expected: String) {
    let problems = PipelineCheck.diagnosticProblems(diagnostics, size: 10)
    #expect(problems.contains { $0.contains(expected) }, "\(problems)")
  }

  @Test("sound diagnostics pass")
  func soundDiagnostics() {
    let diagnostics = [Self.diagnostic(0..<3, edits: [0..<0, 3..<5]), Self.diagnostic(2..<10)]
    #expect(PipelineCheck.diagnosticProblems(diagnostics, size: 10) == [])
  }

  @Test("a valid migration passes and its fixes (suggestions included) are applied once")
  func validMigration() {
    let checker = PipelineCheck()
    let bytes = Array("create table notes (id int);\n".utf8)
    let outcome = checker.run(bytes)
    #expect(outcome.problems == [])
    #expect(
      outcome.fixedBytes
        == Array("create table if not exists notes (id int);\nalter table notes enable row level security;\n".utf8))
  }
}
