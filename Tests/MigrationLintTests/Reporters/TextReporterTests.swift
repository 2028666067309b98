import MigrationLint
import PostgresSyntax
import Testing

/// Removes `ESC [ ... m` sequences.
func stripANSI(_ text: String) -> String {
  var output = String.UnicodeScalarView()
  var inEscape = false
  for scalar in text.unicodeScalars {
    if scalar == "\u{1B}" {
      inEscape = true
    } else if inEscape {
      if scalar == "m" { inEscape = false }
    } else {
      output.append(scalar)
    }
  }
  return String(output)
}

@Suite struct TextReporterTests {
  @Test func rendersFramesHelpFixesAndSummary() {
    let expected = """
      supabase/migrations/20231231000000_old.sql: info[ledger-deleted]: applied migration 20231231000000 was deleted

      supabase/migrations/20240101000000_add_index.sql:2:1: error[require-concurrent-index-creation]: creating an index without CONCURRENTLY blocks writes to 'users'
        |
      2 | CREATE INDEX idx_users_email ON users (email);
        | ^^^^^^^^^^^^
        = help: build the index without blocking writes:
                CREATE INDEX CONCURRENTLY idx_users_email ON users (email);
        = fix (suggestion): Insert CONCURRENTLY
          - CREATE INDEX idx_users_email ON users (email);
          + CREATE INDEX CONCURRENTLY idx_users_email ON users (email);

      supabase/migrations/20240101000000_add_index.sql:3:40: warning[adding-not-null-field]: adding a NOT NULL column without a default fails on a non-empty table
        |
      3 | ALTER TABLE "usérs" ADD COLUMN age int NOT NULL;
        |                                        ^^^^^^^^

      1 error, 1 warning, 1 info in 3 files

      """
    #expect(TextReporter.render(ReportFixtures.sample) == expected)
  }

  @Test func colourOnlyWhenAsked() {
    let plain = TextReporter.render(ReportFixtures.sample)
    let coloured = TextReporter.render(ReportFixtures.sample, color: true)
    #expect(!plain.contains("\u{1B}"))
    #expect(coloured.contains("\u{1B}[1;31merror[require-concurrent-index-creation]\u{1B}[0m"))
    // Stripping the escape sequences gives the plain text back.
    #expect(stripANSI(coloured) == plain)
  }

  @Test func ordersDeterministically() {
    var shuffled = ReportFixtures.sample
    shuffled.files.reverse()
    shuffled.files[1].diagnostics.reverse()
    #expect(TextReporter.render(shuffled) == TextReporter.render(ReportFixtures.sample))
  }

  @Test func multiLineRangeTabsAndControlCharacters() {
    let text = "\tUPDATE t\u{1B}[2J SET a = 1\nWHERE true;\n"
    let source = SourceFile(path: "m.sql", text: text)
    let diagnostic = Diagnostic(
      ruleID: "r", severity: .warning, path: "m.sql", range: ReportFixtures.byteRange(of: "SET a = 1\nWHERE", in: text),
      message: "m",
      fixes: [
        Fix(title: "Safe thing", applicability: .safe, edits: [TextEdit(range: 1..<7, replacement: "update\n--")])
      ])
    let report = LintReport(
      files: [FileReport(path: "m.sql", source: source, diagnostics: [diagnostic])], rules: [], toolVersion: "1")
    let expected = """
      m.sql:1:15: warning[r]: m
        |
      1 | \tUPDATE t\u{FFFD}[2J SET a = 1
        | \t             ^^^^^^^^^
        = fix (safe): Safe thing
          - \tUPDATE t\u{FFFD}[2J SET a = 1
          + \tupdate
          + -- t\u{FFFD}[2J SET a = 1

      0 errors, 1 warning in 1 file (1 fixable with cslint fix)

      """
    #expect(TextReporter.render(report) == expected)
  }

  @Test func badFixEditsDoNotCrash() {
    let source = SourceFile(path: "m.sql", text: "SELECT 1;")
    let diagnostic = Diagnostic(
      ruleID: "r", severity: .error, path: "m.sql", range: 50..<90, message: "m",
      fixes: [
        Fix(
          title: "Overlapping", applicability: .safe,
          edits: [TextEdit(range: 0..<5, replacement: "a"), TextEdit(range: 3..<6, replacement: "b")]),
        Fix(title: "Out of bounds", applicability: .safe, edits: [TextEdit(range: 8..<99, replacement: "c")]),
      ])
    let report = LintReport(
      files: [FileReport(path: "m.sql", source: source, diagnostics: [diagnostic])], rules: [], toolVersion: "1")
    let output = TextReporter.render(report)
    #expect(output.hasPrefix("m.sql:1:10: error[r]: m\n"))
    #expect(output.contains("  = fix (safe): Overlapping\n    + a\n    + b\n"))
  }

  @Test(arguments: [
    (ReportSummary(files: 0), "0 errors, 0 warnings in 0 files"),
    (
      { () -> ReportSummary in
        var summary = ReportSummary(files: 1)
        summary.errors = 2
        summary.warnings = 1
        summary.fixable = 1
        return summary
      }(), "2 errors, 1 warning in 1 file (1 fixable with cslint fix)"
    ),
  ])
  func summaryLine(_ summary: ReportSummary, _ expected: String) {
    #expect(summary.line == expected)
  }
}
