import MigrationLint
import PostgresSyntax
import Testing

/// Issue 21, item 7: syntax errors stay few on any input. A binary file
/// gets one finding; otherwise the first error of each statement counts
/// (PostgreSQL resumes at the next statement), at most 100 per file plus
/// one line counting the rest.
@Suite("Syntax errors: binary files, one per statement, bounded per file")
struct SyntaxErrorBoundTests {
  static func syntaxErrors(_ bytes: [UInt8]) -> [Diagnostic] {
    var schema = SchemaState()
    let result = Linter().lintFile(SourceFile(path: "m.sql", bytes: bytes), schema: &schema)
    return result.diagnostics.filter { $0.ruleID == "syntax-error" }
  }

  @Test("a file of NUL bytes, or of random bytes, is one 'not a text file' finding and nothing else")
  func binaryFiles() {
    var generator = SplitMix(seed: 21)
    let random = (0..<100_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    for bytes in [[UInt8](repeating: 0, count: 100_000), random] {
      var schema = SchemaState()
      let result = Linter().lintFile(SourceFile(path: "m.sql", bytes: bytes), schema: &schema)
      #expect(result.diagnostics.count == 1)
      #expect(result.diagnostics.first?.message.hasPrefix("not a text file") == true)
      #expect(result.hasSyntaxError)
    }
  }

  @Test("text with a few bad bytes is still text: its errors are reported where they are")
  func mostlyText() {
    let latin1 = Array("comment on table t is 'caf".utf8) + [0xE9] + Array("';\nselect 1;\n".utf8)
    let errors = Self.syntaxErrors(latin1)
    #expect(errors.map(\.range.lowerBound) == [26])
    #expect(Self.syntaxErrors(Array("select '表', 'é';\n".utf8)).isEmpty)
  }

  @Test("only the first error of a statement counts; each statement has its own")
  func firstPerStatement() {
    let one = Array("select 1\u{0}, 2\u{0}, 3\u{0};\n".utf8)
    #expect(Self.syntaxErrors(one).count == 1)
    let three = Array("select 1\u{0};\nselect 2\u{0}\u{0};\nselect 3;\nselect 4\u{0};\n".utf8)
    #expect(Self.syntaxErrors(three).map(\.range.lowerBound) == [8, 19, 41])
  }

  @Test("at most 100 per file, then one finding counting the rest")
  func bounded() {
    let bytes = Array(String(repeating: "select 1\u{0}\u{0}\u{0};\n", count: 500).utf8)
    let errors = Self.syntaxErrors(bytes)
    #expect(errors.count == 101)
    #expect(errors.last?.message == "400 more syntax errors not shown")
    #expect(errors.last?.range.lowerBound == 100 * 13 + 8)
  }
}

/// A small deterministic generator (SplitMix64) for reproducible bytes.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
