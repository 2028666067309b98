import PostgresSyntax
import Testing

/// One row of the error table: input bytes, the errors expected (kind and
/// the byte offset PostgreSQL would point at) and, optionally, the tokens.
struct ErrorRow: Sendable, CustomTestStringConvertible {
  let bytes: [UInt8]
  let errors: [ExpectedError]
  let tokens: [Lexeme]?
  let location: RowLocation

  struct ExpectedError: Equatable, Sendable, CustomStringConvertible {
    var kind: LexErrorKind
    var offset: Int
    var description: String { "\(kind)@\(offset)" }
  }

  init(
    _ sql: String, _ errors: [(LexErrorKind, Int)], tokens: [(TokenKind, String)]? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.init(
      bytes: Array(sql.utf8), errors, tokens: tokens, fileID: fileID, filePath: filePath, line: line, column: column)
  }

  init(
    bytes: [UInt8], _ errors: [(LexErrorKind, Int)], tokens: [(TokenKind, String)]? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.bytes = bytes
    self.errors = errors.map { ExpectedError(kind: $0.0, offset: $0.1) }
    self.tokens = tokens?.map { Lexeme(kind: $0.0, text: $0.1) }
    self.location = rowLocation(fileID: fileID, filePath: filePath, line: line, column: column)
  }

  var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

let errorRows: [ErrorRow] = [
  // Unterminated constructs: an error token from the opening to the end of input.
  ErrorRow("select 'abc", [(.unterminatedString, 7)], tokens: [(.identifier, "select"), (.error, "'abc")]),
  ErrorRow("select 'a'\n'b", [(.unterminatedString, 7)], tokens: [(.identifier, "select"), (.error, "'a'\n'b")]),
  ErrorRow(#"x E'abc\'"#, [(.unterminatedString, 2)], tokens: [(.identifier, "x"), (.error, #"E'abc\'"#)]),
  ErrorRow("N'abc", [(.unterminatedString, 0)]),
  ErrorRow("U&'abc", [(.unterminatedString, 0)]),
  ErrorRow(
    #"select "abc"#, [(.unterminatedQuotedIdentifier, 7)], tokens: [(.identifier, "select"), (.error, #""abc"#)]),
  ErrorRow(#"U&"abc"#, [(.unterminatedQuotedIdentifier, 0)]),
  ErrorRow("do $$ begin", [(.unterminatedDollarString, 3)], tokens: [(.identifier, "do"), (.error, "$$ begin")]),
  ErrorRow("$Tag$ x $tag$", [(.unterminatedDollarString, 0)], tokens: [(.error, "$Tag$ x $tag$")]),
  ErrorRow("$a$ $b$ x $a", [(.unterminatedDollarString, 0)]),
  ErrorRow(
    "select 1 /* a /* b */", [(.unterminatedBlockComment, 9)],
    tokens: [(.identifier, "select"), (.integer, "1"), (.error, "/* a /* b */")]),
  ErrorRow("select b'0101", [(.unterminatedBitString, 7)], tokens: [(.identifier, "select"), (.error, "b'0101")]),
  ErrorRow("select x'1F", [(.unterminatedHexString, 7)]),
  ErrorRow(
    #"select """#, [(.zeroLengthIdentifier, 7)], tokens: [(.identifier, "select"), (.quotedIdentifier, #""""#)]),
  // Encoding: PostgreSQL validates the whole string first.
  ErrorRow(bytes: [0x73, 0xFF, 0x61], [(.invalidUTF8, 1)]),
  ErrorRow(bytes: Array("select '".utf8) + [0xE9] + Array("t'".utf8), [(.invalidUTF8, 8)]),
  ErrorRow(bytes: [0x61, 0xC0, 0x80], [(.invalidUTF8, 1), (.invalidUTF8, 2)]),  // overlong NUL
  ErrorRow(bytes: [0x61, 0xED, 0xA0, 0x80], [(.invalidUTF8, 1), (.invalidUTF8, 2), (.invalidUTF8, 3)]),  // surrogate
  ErrorRow(bytes: [0x61, 0xE2, 0x82], [(.invalidUTF8, 1), (.invalidUTF8, 2)]),  // truncated at end of input
  ErrorRow(bytes: Array("select".utf8) + [0x00] + Array(" 1".utf8), [(.nulByte, 6)]),
  ErrorRow(bytes: Array("'a".utf8) + [0x00] + Array("b'".utf8), [(.nulByte, 2)], tokens: [(.string, "'a\u{0}b'")]),
  ErrorRow(
    bytes: [0xEF, 0xBB, 0xBF] + Array("select 1".utf8), [(.byteOrderMark, 0)],
    tokens: [(.error, "\u{FEFF}"), (.identifier, "select"), (.integer, "1")]),
  // Numbers and parameters followed by identifier characters.
  ErrorRow("select 123abc", [(.trailingJunk, 7)], tokens: [(.identifier, "select"), (.integer, "123abc")]),
  ErrorRow("1.5e", [(.trailingJunk, 0)], tokens: [(.numeric, "1.5e")]),
  ErrorRow("0x1G", [(.trailingJunk, 0)], tokens: [(.integer, "0x1G")]),
  ErrorRow("0b102", [(.trailingJunk, 0)], tokens: [(.integer, "0b102")]),
  ErrorRow("0o78", [(.trailingJunk, 0)], tokens: [(.integer, "0o78")]),
  ErrorRow("1__0", [(.trailingJunk, 0)], tokens: [(.integer, "1__0")]),
  ErrorRow("1_", [(.trailingJunk, 0)], tokens: [(.integer, "1_")]),
  ErrorRow("$1abc", [(.trailingJunkAfterParameter, 0)], tokens: [(.parameter, "$1abc")]),
  // Bytes that start no token.
  ErrorRow(
    "select $ 1", [(.unexpectedCharacter, 7)], tokens: [(.identifier, "select"), (.error, "$"), (.integer, "1")]),
  ErrorRow(
    bytes: [0x61, 0x01, 0x62], [(.unexpectedCharacter, 1)],
    tokens: [(.identifier, "a"), (.error, "\u{1}"), (.identifier, "b")]),
]

@Suite("Lexer errors")
struct LexerErrorTests {
  @Test("each error is reported with its kind and offset, and scanning goes on", arguments: errorRows)
  func error(_ row: ErrorRow) {
    let result = Lexer.tokenize(row.bytes)
    let actual = result.errors.map { ErrorRow.ExpectedError(kind: $0.kind, offset: $0.offset) }
    #expect(actual == row.errors, sourceLocation: row.location)
    if let tokens = row.tokens {
      #expect(lexemes(of: row.bytes, result.tokens) == tokens, sourceLocation: row.location)
    }
    #expect(tokenInvariantViolations(row.bytes, result) == [], sourceLocation: row.location)
  }

  @Test("scanning continues after an error")
  func recovery() {
    let bytes = Array("select 1x; select 2".utf8)
    let scanned = ScannedFile(source: SourceFile(path: "t.sql", bytes: bytes))
    #expect(scanned.errors.map(\.kind) == [.trailingJunk])
    #expect(scanned.statements.map(\.range) == [0..<9, 11..<19])
  }

  @Test("every error kind has a message")
  func messages() {
    for kind in LexErrorKind.allCases {
      #expect(!LexError(kind: kind, offset: 0, end: 0).message.isEmpty, "\(kind)")
    }
  }
}
