/// The lexical class of a token, following PostgreSQL's `scan.l`.
///
/// A payload-free `UInt8` enum so comparisons are a single integer compare.
public enum TokenKind: UInt8, Sendable, CaseIterable {
  /// Unquoted identifier or keyword (`CREATE`, `users`, `a$b`). Keywords are
  /// not distinguished by the lexer; compare with `Token.isKeyword`.
  case identifier
  /// `"Quoted"` or `U&"quoted"` identifier.
  case quotedIdentifier
  /// `'standard string'` (possibly continued across newlines).
  case string
  /// `E'...'` with backslash escapes.
  case escapeString
  /// `B'0101'`.
  case bitString
  /// `X'1F'`.
  case hexString
  /// `N'...'`.
  case nationalString
  /// `U&'...'`.
  case unicodeString
  /// `$tag$ ... $tag$`.
  case dollarString
  /// `42`, `0x1F`, `0o17`, `0b101`, `1_000`.
  case integer
  /// `1.5`, `.5e-3`, `1.`, `1e10`.
  case numeric
  /// `$1`.
  case parameter
  /// A (possibly multi-character) operator such as `+`, `<>`, `||`, `->>`.
  case `operator`
  case leftParen
  case rightParen
  case leftBracket
  case rightBracket
  case comma
  case semicolon
  case colon
  case dot
  /// `::`
  case typecast
  /// `..`
  case dotDot
  /// `:=`
  case colonEquals
  /// `=>`
  case equalsGreater
  /// psql `:name`, `:'name'`, `:"name"`.
  case psqlVariable
  /// A psql meta-command from `\` to the end of the line (`\set x 1`).
  case psqlMetaCommand
  /// `-- comment` (trivia).
  case lineComment
  /// `/* comment */`, nested (trivia).
  case blockComment
  /// Bytes that form no token; see `Lexer.Result.errors`.
  case error

  /// Comments are trivia: statements and the parser skip them.
  @inlinable public var isTrivia: Bool { self == .lineComment || self == .blockComment }

  /// Any kind of string literal.
  @inlinable public var isStringLiteral: Bool {
    switch self {
    case .string, .escapeString, .bitString, .hexString, .nationalString, .unicodeString, .dollarString:
      return true
    default:
      return false
    }
  }
}

/// A token: its kind and half-open byte range `[start, end)` in the source.
public struct Token: Sendable, Equatable {
  /// Offsets are stored in 32 bits: a token takes 12 bytes instead of 24,
  /// which halves the largest allocations of a huge file (a 24 MB INSERT
  /// has four million tokens). `Lexer.tokenize` scans nothing past
  /// `Token.maximumOffset` (a file that large is no single migration:
  /// PostgreSQL takes at most 1 GB in one query).
  @usableFromInline var storedStart: UInt32
  @usableFromInline var storedEnd: UInt32
  public var kind: TokenKind

  /// The largest offset a token can hold.
  public static let maximumOffset = Int(UInt32.max)

  @inlinable public var start: Int {
    get { Int(storedStart) }
    set { storedStart = UInt32(truncatingIfNeeded: min(max(newValue, 0), Token.maximumOffset)) }
  }

  @inlinable public var end: Int {
    get { Int(storedEnd) }
    set { storedEnd = UInt32(truncatingIfNeeded: min(max(newValue, 0), Token.maximumOffset)) }
  }

  @inlinable public init(kind: TokenKind, start: Int, end: Int) {
    self.kind = kind
    self.storedStart = UInt32(truncatingIfNeeded: min(max(start, 0), Token.maximumOffset))
    self.storedEnd = UInt32(truncatingIfNeeded: min(max(end, 0), Token.maximumOffset))
  }

  @inlinable public var range: Range<Int> { start..<end }
}

/// What went wrong while scanning.
public enum LexErrorKind: String, Sendable, CaseIterable {
  case unterminatedString = "unterminated quoted string"
  case unterminatedQuotedIdentifier = "unterminated quoted identifier"
  case unterminatedDollarString = "unterminated dollar-quoted string"
  case unterminatedBlockComment = "unterminated /* comment"
  case unterminatedBitString = "unterminated bit string literal"
  case unterminatedHexString = "unterminated hexadecimal string literal"
  case zeroLengthIdentifier = "zero-length delimited identifier"
  case invalidUTF8 = "invalid byte sequence for encoding \"UTF8\""
  case nulByte = "invalid NUL byte (0x00) in input"
  case byteOrderMark = "UTF-8 byte order mark (BOM) at start of file; PostgreSQL rejects it"
  case trailingJunk = "trailing junk after numeric literal"
  case trailingJunkAfterParameter = "trailing junk after parameter"
  case unexpectedCharacter = "unexpected character"
  case fileTooLarge = "file larger than 4 GiB: not scanned (PostgreSQL accepts at most 1 GB in one query)"
}

/// A scanning error with the byte offset PostgreSQL would point at.
public struct LexError: Sendable, Equatable {
  public var kind: LexErrorKind
  /// Start of the offending construct.
  public var offset: Int
  /// End of the offending construct (for highlighting).
  public var end: Int

  public init(kind: LexErrorKind, offset: Int, end: Int) {
    self.kind = kind
    self.offset = offset
    self.end = end
  }

  public var message: String { kind.rawValue }
}

extension Token {
  /// Case-insensitive comparison of an identifier token with an ASCII
  /// lower-case keyword, without allocating. Always inlined: most calls
  /// end at the length test, cheaper than the call (3.5 M instructions on
  /// the corpus run).
  @inlinable @inline(__always)
  public func isKeyword(_ keyword: StaticString, in bytes: [UInt8]) -> Bool {
    guard kind == .identifier, end - start == keyword.utf8CodeUnitCount else { return false }
    let pointer = keyword.utf8Start
    var index = 0
    while index < end - start {
      var byte = bytes[start + index]
      if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
      if byte != pointer[index] { return false }
      index += 1
    }
    return true
  }
}
