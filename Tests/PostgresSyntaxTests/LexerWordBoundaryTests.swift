import PostgresSyntax
import Testing

/// The lexer finds the end of a word several bytes at a time; these tests
/// put every possible byte at every position of a word, so a mistake in any
/// byte lane or for any byte value shows up.
@Suite("Lexer word boundaries")
struct LexerWordBoundaryTests {
  /// scan.l's `ident_cont`: `[A-Za-z\200-\377_0-9\$]`, written out here
  /// independently of the lexer's tables.
  static func continuesWord(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"), 0x80...0xFF:
      return true
    default:
      return false
    }
  }

  @Test("a word ends exactly at the first byte that cannot continue it", arguments: 0..<18)
  func wordEnd(prefixLength: Int) {
    // `w` + prefix, then the byte under test, then more word bytes: the word
    // either stops before the byte or runs to the end of the input.
    let filler = Array("k_9$Zq\u{E9}x".utf8)
    let prefix = [UInt8(ascii: "w")] + (0..<prefixLength).map { filler[$0 % filler.count] }
    var mismatches: [String] = []
    for value in 0...255 {
      let byte = UInt8(value)
      let input = prefix + [byte] + Array("tail_word".utf8)
      let expectedEnd = Self.continuesWord(byte) ? input.count : prefix.count
      let first = Lexer.tokenize(input).tokens.first
      if first?.kind != .identifier || first?.start != 0 || first?.end != expectedEnd {
        mismatches.append("byte \(value): \(String(describing: first)), expected end \(expectedEnd)")
      }
    }
    #expect(mismatches == [])
  }

  @Test("a word at the very end of the input ends there", arguments: 1..<20)
  func wordAtEnd(length: Int) {
    let input = Array("select ".utf8) + Array(repeating: UInt8(ascii: "Q"), count: length)
    let tokens = Lexer.tokenize(input).tokens
    #expect(tokens.map(\.range) == [0..<6, 7..<input.count])
  }
}
