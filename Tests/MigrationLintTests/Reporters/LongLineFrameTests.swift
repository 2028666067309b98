import MigrationLint
import PostgresSyntax
import Testing

/// A finding on a 1 MB single-line statement prints a window of the line,
/// not the megabyte (twice, with its caret line).
@Suite("Text code frames on very long lines")
struct LongLineFrameTests {
  static func report(prefixLength: Int) -> (LintReport, String) {
    let prefix = "insert into t values " + String(repeating: "(1),", count: prefixLength / 4)
    let flagged = "CREATE INDEX i ON t (c)"
    let line = prefix + "(1); " + flagged + "; -- " + String(repeating: "y", count: 300_000)
    let start = line.utf8.count - 300_000 - 5 - 2 - flagged.utf8.count + 0
    let bytes = Array(line.utf8)
    let offset = bytes.firstRange(of: Array(flagged.utf8))?.lowerBound ?? start
    let source = SourceFile(path: "long.sql", bytes: bytes)
    let fix = Fix(
      title: "Insert CONCURRENTLY", applicability: .suggestion,
      edits: [TextEdit(range: (offset + 12)..<(offset + 12), replacement: " CONCURRENTLY")])
    let diagnostic = Diagnostic(
      ruleID: "require-concurrent-index-creation", severity: .error, path: "long.sql",
      range: offset..<(offset + flagged.utf8.count), message: "blocks writes", fixes: [fix])
    let report = LintReport(
      files: [FileReport(path: "long.sql", source: source, diagnostics: [diagnostic])], rules: [], toolVersion: "test")
    return (report, flagged)
  }

  @Test("the frame is a window around the range, its carets under the flagged text", arguments: [10, 1_000_000])
  func windowed(prefixLength: Int) throws {
    let (report, flagged) = Self.report(prefixLength: prefixLength)
    let text = TextReporter.render(report)
    #expect(text.utf8.count < 4_000, "the report is \(text.utf8.count) bytes")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let frameIndex = try #require(lines.firstIndex { $0.hasPrefix("1 | ") })
    let frame = Array(lines[frameIndex].dropFirst(4).unicodeScalars)
    let carets = Array(lines[frameIndex + 1].dropFirst(4).unicodeScalars)
    let caretStart = try #require(carets.firstIndex(of: "^"))
    let underCarets = String(String.UnicodeScalarView(frame[caretStart..<min(frame.count, caretStart + flagged.count)]))
    #expect(underCarets == flagged)
    #expect(carets.filter { $0 == "^" }.count == flagged.count)
    // The fix's lines are cut around the change, which stays visible.
    #expect(lines.contains { $0.contains("+ ") && $0.contains("CREATE INDEX CONCURRENTLY i ON t") })
  }
}
