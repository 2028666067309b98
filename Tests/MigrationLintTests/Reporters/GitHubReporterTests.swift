import PostgresSyntax
import Testing

@testable import MigrationLint

@Suite struct GitHubReporterTests {
  @Test func rendersWorkflowCommands() {
    let expected = """
      ::notice file=supabase/migrations/20231231000000_old.sql,title=ledger-deleted::applied migration 20231231000000 was deleted
      ::error file=supabase/migrations/20240101000000_add_index.sql,line=2,col=1,endLine=2,endColumn=12,title=require-concurrent-index-creation::creating an index without CONCURRENTLY blocks writes to 'users'%0A%0Ahelp: build the index without blocking writes:%0ACREATE INDEX CONCURRENTLY idx_users_email ON users (email);
      ::warning file=supabase/migrations/20240101000000_add_index.sql,line=3,col=40,endLine=3,endColumn=47,title=adding-not-null-field::adding a NOT NULL column without a default fails on a non-empty table

      """
    #expect(GitHubReporter.render(ReportFixtures.sample) == expected)
  }

  @Test func escapesPathsAndMessages() {
    let expected =
      "::error file=odd%2C dir/a%3Ab%25%0A.sql,line=2,col=1,endLine=2,endColumn=10,title=ban-drop-table::"
      + "100%25 <gone>: rows, \"all\" & more%0D%0Asecond line%0A%0Ahelp: keep | it\ttab\u{1}\n"
    #expect(GitHubReporter.render(ReportFixtures.awkward) == expected)
  }

  @Test(arguments: [
    ("50%", "50%25", "50%25"), ("a:b,c", "a%3Ab%2Cc", "a:b,c"), ("x\ny\rz", "x%0Ay%0Dz", "x%0Ay%0Dz"),
    ("%0A", "%250A", "%250A"), ("plain", "plain", "plain"),
  ])
  func escaping(_ input: String, _ property: String, _ data: String) {
    #expect(GitHubReporter.escapeProperty(input) == property)
    #expect(GitHubReporter.escapeData(input) == data)
  }

  @Test func stepSummaryListsEveryDiagnostic() {
    let expected = """
      ### cslint

      1 error, 1 warning, 1 info in 3 files

      | Severity | Rule | Location | Message |
      | --- | --- | --- | --- |
      | info | ledger-deleted | supabase/migrations/20231231000000\\_old.sql | applied migration 20231231000000 was deleted |
      | error | require-concurrent-index-creation | supabase/migrations/20240101000000\\_add\\_index.sql:2:1 | creating an index without CONCURRENTLY blocks writes to 'users' |
      | warning | adding-not-null-field | supabase/migrations/20240101000000\\_add\\_index.sql:3:40 | adding a NOT NULL column without a default fails on a non-empty table |

      """
    #expect(GitHubReporter.stepSummary(ReportFixtures.sample) == expected)
  }

  @Test func stepSummaryEscapesCells() {
    let summary = GitHubReporter.stepSummary(ReportFixtures.awkward)
    #expect(
      summary.hasSuffix(
        "| error | ban-drop-table | odd, dir/a:b%<br>.sql:2:1 | 100% &lt;gone&gt;: rows, \"all\" &amp; more<br>second line |\n"
      ))
  }

  @Test func stepSummaryIsNotCappedAtTenAnnotations() {
    let text = String(repeating: "SELECT 1;\n", count: 30)
    let source = SourceFile(path: "m.sql", text: text)
    let diagnostics = (0..<25).map {
      Diagnostic(ruleID: "r", severity: .warning, path: "m.sql", range: ($0 * 10)..<($0 * 10 + 6), message: "m\($0)")
    }
    let report = LintReport(
      files: [FileReport(path: "m.sql", source: source, diagnostics: diagnostics)], rules: [], toolVersion: "1")
    let rows = GitHubReporter.stepSummary(report).split(separator: "\n").filter { $0.hasPrefix("| warning |") }
    #expect(rows.count == 25)
    #expect(GitHubReporter.render(report).split(separator: "\n").count == 25)
  }

  @Test func cleanRunHasNoCommandsAndNoTable() {
    let report = LintReport(
      files: [FileReport(path: "a.sql", source: SourceFile(path: "a.sql", text: ""), diagnostics: [])], rules: [],
      toolVersion: "1")
    #expect(GitHubReporter.render(report).isEmpty)
    #expect(GitHubReporter.stepSummary(report) == "### cslint\n\n0 errors, 0 warnings in 1 file\n")
  }
}
