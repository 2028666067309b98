import PostgresSyntax
import Testing

/// One row of the token table: SQL and the exact tokens it must produce.
struct TokenRow: Sendable, CustomTestStringConvertible {
  let sql: String
  let expected: [Lexeme]
  let location: RowLocation

  init(
    _ sql: String, _ expected: [(TokenKind, String)],
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.sql = sql
    self.expected = expected.map { Lexeme(kind: $0.0, text: $0.1) }
    self.location = rowLocation(fileID: fileID, filePath: filePath, line: line, column: column)
  }

  var testDescription: String { sql.debugDescription }
}

// Expected tokens follow PostgreSQL's scan.l (standard_conforming_strings on);
// where pglast's scanner was available the rows were checked against it.
// Deliberate differences: `N'..'` is one `nationalString` token (scan.l
// returns the keyword NCHAR then a string), and psql's meta-commands and
// variables are tokens of their own (psql handles them before the server).

let identifierRows: [TokenRow] = [
  TokenRow("select", [(.identifier, "select")]),
  TokenRow("SeLeCt _x1", [(.identifier, "SeLeCt"), (.identifier, "_x1")]),
  TokenRow("a$b a$ x$1", [(.identifier, "a$b"), (.identifier, "a$"), (.identifier, "x$1")]),
  TokenRow("café naïve", [(.identifier, "café"), (.identifier, "naïve")]),
  TokenRow("日本語.表", [(.identifier, "日本語"), (.dot, "."), (.identifier, "表")]),
  TokenRow(#""Quoted""#, [(.quotedIdentifier, #""Quoted""#)]),
  TokenRow(#""a""b" x"#, [(.quotedIdentifier, #""a""b""#), (.identifier, "x")]),
  TokenRow(#""semi;colon -- not a comment""#, [(.quotedIdentifier, #""semi;colon -- not a comment""#)]),
  TokenRow(#""Straße".t"#, [(.quotedIdentifier, #""Straße""#), (.dot, "."), (.identifier, "t")]),
  TokenRow(#"U&"d\0061t""#, [(.quotedIdentifier, #"U&"d\0061t""#)]),
  TokenRow(#"u&"x""#, [(.quotedIdentifier, #"u&"x""#)]),
  TokenRow(
    #"U&"d!0061t" UESCAPE '!'"#,
    [(.quotedIdentifier, #"U&"d!0061t""#), (.identifier, "UESCAPE"), (.string, "'!'")]),
  TokenRow("public.users", [(.identifier, "public"), (.dot, "."), (.identifier, "users")]),
]

let stringRows: [TokenRow] = [
  TokenRow("'text'", [(.string, "'text'")]),
  TokenRow("'it''s'", [(.string, "'it''s'")]),
  TokenRow("''", [(.string, "''")]),
  TokenRow("'a;b -- c /* d'", [(.string, "'a;b -- c /* d'")]),
  TokenRow(#"'C:\path\'"#, [(.string, #"'C:\path\'"#)]),
  TokenRow("'a'\n'b'", [(.string, "'a'\n'b'")]),
  TokenRow("'a'  \n  'b'\n'c'", [(.string, "'a'  \n  'b'\n'c'")]),
  TokenRow("'a'\r\n'b'", [(.string, "'a'\r\n'b'")]),
  TokenRow("'a'\n-- note\n'b'", [(.string, "'a'\n-- note\n'b'")]),
  TokenRow("'a' -- note\n'b'", [(.string, "'a' -- note\n'b'")]),
  TokenRow("'a' 'b'", [(.string, "'a'"), (.string, "'b'")]),
  TokenRow("'a'\n/* c */ 'b'", [(.string, "'a'"), (.blockComment, "/* c */"), (.string, "'b'")]),
  TokenRow("'a'\n-- trailing", [(.string, "'a'"), (.lineComment, "-- trailing")]),
  TokenRow(#"E'it\'s'"#, [(.escapeString, #"E'it\'s'"#)]),
  TokenRow(#"e'a\\' x"#, [(.escapeString, #"e'a\\'"#), (.identifier, "x")]),
  TokenRow(#"E'\n\t''x'"#, [(.escapeString, #"E'\n\t''x'"#)]),
  TokenRow("E'a'\n'b'", [(.escapeString, "E'a'\n'b'")]),
  TokenRow("B'0101'", [(.bitString, "B'0101'")]),
  TokenRow("b''", [(.bitString, "b''")]),
  TokenRow("X'1F'", [(.hexString, "X'1F'")]),
  TokenRow("x'ff'\n'00'", [(.hexString, "x'ff'\n'00'")]),
  TokenRow("N'abc'", [(.nationalString, "N'abc'")]),
  TokenRow(#"U&'d\0061t'"#, [(.unicodeString, #"U&'d\0061t'"#)]),
  TokenRow(
    #"U&'d!0061t' UESCAPE '!'"#,
    [(.unicodeString, #"U&'d!0061t'"#), (.identifier, "UESCAPE"), (.string, "'!'")]),
  TokenRow("ab'c'", [(.identifier, "ab"), (.string, "'c'")]),
  TokenRow("U & 'x'", [(.identifier, "U"), (.operator, "&"), (.string, "'x'")]),
]

let dollarRows: [TokenRow] = [
  TokenRow("$$x$$", [(.dollarString, "$$x$$")]),
  TokenRow("$$$$", [(.dollarString, "$$$$")]),
  TokenRow("$$ a; 'b $$", [(.dollarString, "$$ a; 'b $$")]),
  TokenRow("$fn$ select $$inner$$; $x$ $fn$", [(.dollarString, "$fn$ select $$inner$$; $x$ $fn$")]),
  TokenRow("$a$ $b$ ; $b$ $a$ z", [(.dollarString, "$a$ $b$ ; $b$ $a$"), (.identifier, "z")]),
  TokenRow("$_1$x$_1$", [(.dollarString, "$_1$x$_1$")]),
  TokenRow(
    "$body$\n-- not a comment\n/* nor this */\n$body$",
    [
      (.dollarString, "$body$\n-- not a comment\n/* nor this */\n$body$")
    ]),
  TokenRow("$1", [(.parameter, "$1")]),
  TokenRow("$12 + $3", [(.parameter, "$12"), (.operator, "+"), (.parameter, "$3")]),
  TokenRow(
    "f($1,$2)",
    [
      (.identifier, "f"), (.leftParen, "("), (.parameter, "$1"), (.comma, ","), (.parameter, "$2"),
      (.rightParen, ")"),
    ]),
]

let numberRows: [TokenRow] = [
  TokenRow("42", [(.integer, "42")]),
  TokenRow("1_000", [(.integer, "1_000")]),
  TokenRow("1_000_000.5", [(.numeric, "1_000_000.5")]),
  TokenRow("0x1F 0X1f", [(.integer, "0x1F"), (.integer, "0X1f")]),
  TokenRow("0x_FF", [(.integer, "0x_FF")]),
  TokenRow("0o17", [(.integer, "0o17")]),
  TokenRow("0b101", [(.integer, "0b101")]),
  TokenRow(".5e-3", [(.numeric, ".5e-3")]),
  TokenRow("1.", [(.numeric, "1.")]),
  TokenRow("1.5", [(.numeric, "1.5")]),
  TokenRow("1e10", [(.numeric, "1e10")]),
  TokenRow("2E+3", [(.numeric, "2E+3")]),
  TokenRow("1.e5", [(.numeric, "1.e5")]),
  TokenRow("1..10", [(.integer, "1"), (.dotDot, ".."), (.integer, "10")]),
  TokenRow("-1", [(.operator, "-"), (.integer, "1")]),
  TokenRow("a.b", [(.identifier, "a"), (.dot, "."), (.identifier, "b")]),
  TokenRow("t.1", [(.identifier, "t"), (.numeric, ".1")]),
]

let operatorRows: [TokenRow] = [
  // scan.l drops a trailing + or - from a multi-character operator unless it
  // contains one of ~ ! @ # ^ & | ` ? %, so `a+-b` is a + (-b).
  TokenRow("a+-b", [(.identifier, "a"), (.operator, "+"), (.operator, "-"), (.identifier, "b")]),
  TokenRow("a=-b", [(.identifier, "a"), (.operator, "="), (.operator, "-"), (.identifier, "b")]),
  TokenRow("a<-b", [(.identifier, "a"), (.operator, "<"), (.operator, "-"), (.identifier, "b")]),
  TokenRow("@-1", [(.operator, "@-"), (.integer, "1")]),
  TokenRow("a<=b", [(.identifier, "a"), (.operator, "<="), (.identifier, "b")]),
  TokenRow("a<>b", [(.identifier, "a"), (.operator, "<>"), (.identifier, "b")]),
  TokenRow("a!=b", [(.identifier, "a"), (.operator, "!="), (.identifier, "b")]),
  TokenRow("a||b", [(.identifier, "a"), (.operator, "||"), (.identifier, "b")]),
  TokenRow("j->>'k'", [(.identifier, "j"), (.operator, "->>"), (.string, "'k'")]),
  TokenRow("j#-'{a}'", [(.identifier, "j"), (.operator, "#-"), (.string, "'{a}'")]),
  TokenRow("a~~*b", [(.identifier, "a"), (.operator, "~~*"), (.identifier, "b")]),
  TokenRow("?-|", [(.operator, "?-|")]),
  TokenRow(
    "a*--comment\nb",
    [
      (.identifier, "a"), (.operator, "*"), (.lineComment, "--comment"), (.identifier, "b"),
    ]),
  TokenRow("a+/*c*/b", [(.identifier, "a"), (.operator, "+"), (.blockComment, "/*c*/"), (.identifier, "b")]),
  TokenRow("x::int", [(.identifier, "x"), (.typecast, "::"), (.identifier, "int")]),
  TokenRow("x := 1", [(.identifier, "x"), (.colonEquals, ":="), (.integer, "1")]),
  TokenRow(
    "f(a => 1)",
    [
      (.identifier, "f"), (.leftParen, "("), (.identifier, "a"), (.equalsGreater, "=>"), (.integer, "1"),
      (.rightParen, ")"),
    ]),
  TokenRow(
    "a[1:2]",
    [
      (.identifier, "a"), (.leftBracket, "["), (.integer, "1"), (.colon, ":"), (.integer, "2"),
      (.rightBracket, "]"),
    ]),
  TokenRow("a;b,c", [(.identifier, "a"), (.semicolon, ";"), (.identifier, "b"), (.comma, ","), (.identifier, "c")]),
]

let commentRows: [TokenRow] = [
  TokenRow("-- one\nx", [(.lineComment, "-- one"), (.identifier, "x")]),
  TokenRow("x-- tail", [(.identifier, "x"), (.lineComment, "-- tail")]),
  TokenRow("--\r\nx", [(.lineComment, "--"), (.identifier, "x")]),
  TokenRow("/* a */x", [(.blockComment, "/* a */"), (.identifier, "x")]),
  TokenRow("/* a /* b */ c */ x", [(.blockComment, "/* a /* b */ c */"), (.identifier, "x")]),
  TokenRow("/* ; ' $$ -- */y", [(.blockComment, "/* ; ' $$ -- */"), (.identifier, "y")]),
  TokenRow("/**/", [(.blockComment, "/**/")]),
]

let psqlRows: [TokenRow] = [
  TokenRow(
    "\\set x 1\nselect :x",
    [
      (.psqlMetaCommand, "\\set x 1"), (.identifier, "select"), (.psqlVariable, ":x"),
    ]),
  TokenRow(
    "select 1 as n \\gset\n",
    [
      (.identifier, "select"), (.integer, "1"), (.identifier, "as"), (.identifier, "n"), (.psqlMetaCommand, "\\gset"),
    ]),
  TokenRow("\\if :is_pg15\r\n\\endif", [(.psqlMetaCommand, "\\if :is_pg15"), (.psqlMetaCommand, "\\endif")]),
  TokenRow(
    "select :'name', :\"col\"",
    [
      (.identifier, "select"), (.psqlVariable, ":'name'"), (.comma, ","), (.psqlVariable, ":\"col\""),
    ]),
  TokenRow("select '\\x'", [(.identifier, "select"), (.string, "'\\x'")]),
]

@Suite("Lexer tokens")
struct LexerTokenTests {
  static let allRows = identifierRows + stringRows + dollarRows + numberRows + operatorRows + commentRows + psqlRows

  @Test("each construct lexes to the expected tokens", arguments: allRows)
  func tokens(_ row: TokenRow) {
    let bytes = Array(row.sql.utf8)
    let result = Lexer.tokenize(bytes)
    #expect(lexemes(of: bytes, result.tokens) == row.expected, sourceLocation: row.location)
    #expect(result.errors.isEmpty, "unexpected errors: \(result.errors)", sourceLocation: row.location)
    #expect(tokenInvariantViolations(bytes, result) == [], sourceLocation: row.location)
  }

  @Test("keywords compare case-insensitively, only for unquoted identifiers")
  func keywordComparison() {
    let bytes = Array(#"SELECT Select selected "select" sel"#.utf8)
    let tokens = Lexer.tokenize(bytes).tokens
    #expect(tokens.map { $0.isKeyword("select", in: bytes) } == [true, true, false, false, false])
  }
}

/// Issue 21, item 6: a 24 MB single statement has about four million
/// tokens, held by the file and copied once for the parser. A token is 12
/// bytes (32-bit offsets), not 24, which keeps the peak within 8x the file
/// plus 64 MiB (README, Performance).
@Suite("Compact tokens")
struct CompactTokenTests {
  @Test("a token takes 12 bytes")
  func stride() {
    #expect(MemoryLayout<Token>.stride == 12)
  }

  @Test("offsets read back as written, and out-of-range ones are clamped, never trapping")
  func offsets() {
    var token = Token(kind: .identifier, start: 5, end: 4_000_000_000)
    #expect(token.range == 5..<4_000_000_000)
    token.start = -3
    token.end = Int.max
    #expect(token.start == 0 && token.end == Token.maximumOffset)
  }
}
