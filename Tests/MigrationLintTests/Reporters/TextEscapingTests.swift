import MigrationLint
import Testing

/// Issue 21, items 11 and 13: file names and configuration values reach the
/// terminal with their control and invisible characters made visible.
@Suite("Visible escapes for file names and configuration values")
struct TextEscapingTests {
  @Test(
    "escapes",
    arguments: [
      ("plain/name.sql", "plain/name.sql"),
      ("a\u{1B}[31mb", "a\\x1B[31mb"),
      ("line\nbreak\r\t", "line\\nbreak\\r\\t"),
      ("error\u{0}", "error\\0"),
      ("del\u{7F}c1\u{9B}", "del\\x7Fc1\\x9B"),
      ("zero\u{200B}width", "zero\\u{200B}width"),
      ("bidi\u{202E}gnp.sql", "bidi\\u{202E}gnp.sql"),
      ("\u{FEFF}bom", "\\u{FEFF}bom"),
      ("café 表.sql", "café 表.sql"),
    ])
  func visible(_ example: (String, String)) {
    #expect(TextEscaping.visible(example.0) == example.1)
  }

  @Test("multi-line messages keep their line breaks and tabs")
  func keepingLines() {
    #expect(TextEscaping.visibleKeepingLines("one\u{1B}\n\ttwo\u{0}") == "one\\x1B\n\ttwo\\0")
  }

}
