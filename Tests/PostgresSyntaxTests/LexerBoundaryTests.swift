import PostgresSyntax
import Testing

/// The lexer finds the end of a word, string, quoted identifier or comment
/// several bytes at a time; these tests put the end at every position of a
/// word (and, for words, every possible byte there), so a mistake in any byte
/// lane or for any byte value shows up.
@Suite("Lexer word and delimiter boundaries")
struct LexerBoundaryTests {
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

  /// A construct with `length` filler bytes inside, and the kind and end of
  /// its token (`nil`: the token runs to the end of the input).
  struct Delimited: Sendable, CustomTestStringConvertible {
    let open: String
    let close: String
    let kind: TokenKind
    var testDescription: String { open + "…" + close }
  }

  static let delimited: [Delimited] = [
    Delimited(open: "'", close: "'", kind: .string),
    Delimited(open: "'", close: "''x'", kind: .string),
    Delimited(open: "\"", close: "\"", kind: .quotedIdentifier),
    Delimited(open: "\"", close: "\"\"y\"", kind: .quotedIdentifier),
    Delimited(open: "U&\"", close: "\"", kind: .quotedIdentifier),
    Delimited(open: "-- ", close: "", kind: .lineComment),
    Delimited(open: "/*", close: "*/", kind: .blockComment),
    Delimited(open: "/*", close: "/* */*/", kind: .blockComment),
    Delimited(open: "$$", close: "$$", kind: .dollarString),
    Delimited(open: "$q$", close: "$q$", kind: .dollarString),
  ]

  @Test("strings, quoted identifiers and comments end at their delimiter wherever it falls", arguments: delimited)
  func delimiterEnd(_ row: Delimited) {
    var mismatches: [String] = []
    for length in 0..<20 {
      let body = (0..<length).map { Array("abcdefgh -é".utf8)[$0 % 12] }
      let token = Array(row.open.utf8) + body + Array(row.close.utf8)
      // A line comment ends before the newline; the rest is another token.
      let input = token + Array("\n;".utf8)
      let tokens = Lexer.tokenize(input).tokens
      let expected = [
        Token(kind: row.kind, start: 0, end: token.count),
        Token(kind: .semicolon, start: token.count + 1, end: token.count + 2),
      ]
      if tokens != expected { mismatches.append("length \(length): \(tokens)") }
      // Without its closing delimiter the construct is an error token to the end.
      let unterminated = Array(row.open.utf8) + body
      let result = Lexer.tokenize(unterminated)
      if row.kind != .lineComment
        && (result.tokens.last?.kind != .error || result.tokens.last?.end != unterminated.count)
      {
        mismatches.append("unterminated, length \(length): \(result.tokens)")
      }
    }
    #expect(mismatches == [])
  }

  @Test("a NUL or invalid UTF-8 byte is reported wherever it falls in a scanned block", arguments: [0x00, 0xFF, 0x80])
  func encodingErrorPosition(byte: UInt8) {
    var mismatches: [String] = []
    for offset in 3..<150 {
      var input = Array("-- ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 147)
      input[offset] = byte
      let errors = Lexer.tokenize(input).errors
      let kind: LexErrorKind = byte == 0 ? .nulByte : .invalidUTF8
      if errors != [LexError(kind: kind, offset: offset, end: offset + 1)] {
        mismatches.append("offset \(offset): \(errors)")
      }
      // A valid two-byte character at the same place is no error.
      input[offset] = 0xC3
      if offset + 1 < input.count {
        input[offset + 1] = 0xA9
        if !Lexer.tokenize(input).errors.isEmpty { mismatches.append("é at \(offset) reported") }
      }
    }
    #expect(mismatches == [])
  }
}
