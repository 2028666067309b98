import PostgresSyntax
import Testing

@testable import MigrationLint

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

/// The code frame is cut from the bytes around the finding (issue 21: 2,000
/// findings on one line took seconds when each decoded the whole line). It
/// must show exactly what cutting the decoded line would show.
@Suite("Text code frames cut from bytes")
struct ByteWindowFrameTests {
  /// The frame as the whole decoded line gives it: `frameWidth` characters,
  /// a quarter of them before the range's start, `…` where cut.
  static func reference(_ line: [Unicode.Scalar], start: Int, end: Int) -> (String, String) {
    let width = TextReporter.frameWidth
    var lower = 0
    var upper = line.count
    if line.count > width {
      lower = max(0, min(start - width / 4, line.count - width))
      upper = min(line.count, lower + width)
    }
    var text = String(String.UnicodeScalarView(line[lower..<upper]))
    var shift = lower
    if lower > 0 {
      text = "…" + text
      shift -= 1
    }
    if upper < line.count { text += "…" }
    let caretEnd = min(end, upper)
    return (text, TextReporter.carets(text, from: start - shift, to: max(start, caretEnd) - shift))
  }

  @Test("every range of random lines, short and long, ASCII, tabs and multi-byte")
  func matchesCharacterWindow() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [Unicode.Scalar] = ["a", "b", " ", "\t", "é", "€", "𝄞", "(", ";"]
    for _ in 0..<300 {
      let length = [5, 100, 159, 160, 161, 400, 3_000].randomElement(using: &generator) ?? 10
      let line = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" }
      let text = String(String.UnicodeScalarView(line))
      let source = SourceFile(path: "t.sql", text: "-- before\n" + text + "\nSELECT 1;\n")
      let start = Int.random(in: 0...length, using: &generator)
      let end = Int.random(in: start...length, using: &generator)
      // Byte offsets of characters `start` and `end` on line 2.
      func offset(_ character: Int) -> Int {
        10 + String(String.UnicodeScalarView(line[..<character])).utf8.count
      }
      let frame = TextReporter.frame(source, offset(start)..<offset(end), line: 2)
      let expected = Self.reference(line, start: start, end: end)
      #expect(frame.text == expected.0, "length \(length), range \(start)..<\(end)")
      #expect(frame.carets == expected.1, "length \(length), range \(start)..<\(end)")
    }
  }

  @Test("columns on a long line come from checkpoints and match counting from the line's start")
  func checkpointColumns() {
    var generator = SystemRandomNumberGenerator()
    let pieces = ["a", "é", "€", "𝄞", "\t"]
    let line = (0..<30_000).map { _ in pieces.randomElement(using: &generator) ?? "a" }.joined()
    let source = SourceFile(path: "t.sql", text: "x\n" + line + "\ny")
    let bytes = source.bytes
    for _ in 0..<200 {
      let offset = Int.random(in: 2..<(bytes.count - 2), using: &generator)
      let naive = bytes[2..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
      #expect(source.location(of: offset) == SourceLocation(offset: offset, line: 2, column: naive))
    }
  }
}

@Suite("Text reporter line splitting")
struct SplitLinesTests {
  @Test(
    "LF, CR and CRLF each end a line",
    arguments: [
      ("", [""]), ("a", ["a"]), ("a\nb", ["a", "b"]), ("a\r\nb", ["a", "b"]), ("a\rb\nc\r", ["a", "b", "c", ""]),
      ("é\r\n\r\n表", ["é", "", "表"]), ("\n", ["", ""]), ("x\n\r", ["x", "", ""]),
    ])
  func split(_ example: (String, [String])) {
    #expect(TextReporter.splitLines(example.0) == example.1)
  }
}
