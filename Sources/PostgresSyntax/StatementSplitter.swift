/// One top-level statement (or psql meta-command line) of a file.
public struct StatementSpan: Sendable, Equatable {
  /// PostgreSQL's range: first byte of the first token up to just before the
  /// terminating `;`, trailing whitespace trimmed.
  public var range: Range<Int>
  /// Indices into the token array covered by the statement: from its first
  /// token up to (excluding) the terminating `;`; comments inside included.
  public var tokens: Range<Int>
  /// True for a psql meta-command line such as `\set x 1`.
  public var isMetaCommand: Bool
  /// Offset of the terminating `;`, if any.
  public var semicolon: Int?

  public init(range: Range<Int>, tokens: Range<Int>, isMetaCommand: Bool, semicolon: Int?) {
    self.range = range
    self.tokens = tokens
    self.isMetaCommand = isMetaCommand
    self.semicolon = semicolon
  }
}

/// Splits a token stream into top-level statements, as PostgreSQL does.
///
/// A `;` ends a statement only outside parentheses and brackets and outside
/// the `BEGIN ATOMIC ... END` body of an SQL-standard function. The body is
/// tracked with psql's own heuristic (psqlscan.l): in a statement that starts
/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE`, at parenthesis depth 0, `BEGIN`
/// opens a block, `CASE` nests inside one and `END` closes one.
public enum StatementSplitter {
  public static func split(tokens: [Token], bytes: [UInt8]) -> [StatementSpan] {
    tokens.withUnsafeBufferPointer { tokens in
      bytes.withUnsafeBufferPointer { bytes in split(tokens, bytes) }
    }
  }

  /// Bit sets over `TokenKind.rawValue`, so the hot loop tests a kind with
  /// a shift instead of a switch.
  @inline(__always) static func bit(_ kind: TokenKind) -> UInt64 { 1 << UInt64(kind.rawValue) }

  /// `(` and `[`, which nest.
  @inline(__always) static var openingKinds: UInt64 { bit(.leftParen) | bit(.leftBracket) }

  /// `)` and `]`.
  @inline(__always) static var closingKinds: UInt64 { bit(.rightParen) | bit(.rightBracket) }

  /// Kinds that may end a statement or need a closer look inside one.
  /// Identifiers leave the set once they can no longer matter (see
  /// `Statement.specialKinds`).
  @inline(__always) static var specialKinds: UInt64 { bit(.semicolon) | bit(.psqlMetaCommand) | bit(.identifier) }

  private static func split(_ tokens: UnsafeBufferPointer<Token>, _ bytes: UnsafeBufferPointer<UInt8>)
    -> [StatementSpan]
  {
    var statements: [StatementSpan] = []
    statements.reserveCapacity(tokens.count / 12 + 4)
    let count = tokens.count
    var index = 0
    // The BOM is reported by the lexer; the statement starts after it.
    if count > 0 && tokens[0].kind == .error && tokens[0].start == 0 && isByteOrderMark(bytes) { index = 1 }
    while index < count {
      // Between statements: comments and empty statements belong to nothing.
      let token = tokens[index]
      switch token.kind {
      case .lineComment, .blockComment, .semicolon:
        index += 1
        continue
      case .psqlMetaCommand:
        statements.append(metaCommand(token, index: index, bytes: bytes))
        index += 1
        continue
      default:
        break
      }
      var statement = Statement(first: index, bytes: bytes)
      index = statement.scan(tokens, from: index)
      if index < count {
        let end = tokens[index]
        if end.kind == .semicolon {
          statements.append(statement.span(endingAt: end.start, tokenIndex: index, semicolon: end.start, tokens))
        } else {
          statements.append(statement.span(endingAt: end.start, tokenIndex: index, semicolon: nil, tokens))
          statements.append(metaCommand(end, index: index, bytes: bytes))
        }
        index += 1
      } else {
        statements.append(statement.span(endingAt: bytes.count, tokenIndex: count, semicolon: nil, tokens))
      }
    }
    return statements
  }

  static func metaCommand(_ token: Token, index: Int, bytes: UnsafeBufferPointer<UInt8>) -> StatementSpan {
    StatementSpan(
      range: token.start..<trimmedEnd(token.end, floor: token.start, bytes: bytes),
      tokens: index..<(index + 1), isMetaCommand: true, semicolon: nil)
  }

  static func isByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// Moves `end` back over PostgreSQL whitespace, never below `floor`.
  static func trimmedEnd(_ end: Int, floor: Int, bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var end = end
    while end > floor {
      switch bytes[end - 1] {
      case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B: end -= 1
      default: return end
      }
    }
    return end
  }

  /// The open statement: where it starts and what decides where it ends.
  private struct Statement {
    /// How far the leading words (identifiers only, psql's scheme) have
    /// gone towards `CREATE [OR REPLACE] FUNCTION|PROCEDURE`.
    enum Lead {
      case start, create, createOr, createOrReplace
      /// A routine definition: BEGIN, CASE and END are tracked.
      case routine
      /// Anything else: identifiers no longer matter.
      case other
    }

    let first: Int
    let bytes: UnsafeBufferPointer<UInt8>
    var parenDepth = 0
    var beginDepth = 0
    var lead = Lead.start
    /// `StatementSplitter.specialKinds`, without `.identifier` once the
    /// leading words show that this is no routine definition.
    var specialKinds = StatementSplitter.specialKinds

    init(first: Int, bytes: UnsafeBufferPointer<UInt8>) {
      self.first = first
      self.bytes = bytes
    }

    /// Consumes tokens from `start` (the statement's first token) and
    /// returns the index of the token that ends it: a top-level `;` or a
    /// psql meta-command, or `tokens.count`.
    mutating func scan(_ tokens: UnsafeBufferPointer<Token>, from start: Int) -> Int {
      var index = start
      let count = tokens.count
      while index < count {
        let kind = UInt64(tokens[index].kind.rawValue)
        // Nesting is tracked without a branch (parentheses are frequent and
        // their order is unpredictable); a `)` too many is ignored.
        // (Raw values are below 64: masking shifts, wrapping arithmetic.)
        let opening = Int(truncatingIfNeeded: StatementSplitter.openingKinds &>> kind & 1)
        let closing = Int(truncatingIfNeeded: StatementSplitter.closingKinds &>> kind & 1)
        let depth = parenDepth &+ opening &- closing
        parenDepth = depth < 0 ? 0 : depth
        if specialKinds &>> kind & 1 != 0 {
          let token = tokens[index]
          switch token.kind {
          case .semicolon:
            if parenDepth == 0 && beginDepth == 0 { return index }
          case .psqlMetaCommand:
            return index
          default:
            trackIdentifier(token)
          }
        }
        index += 1
      }
      return count
    }

    mutating func trackIdentifier(_ token: Token) {
      switch lead {
      case .start:
        lead = isKeyword(token, "create") ? .create : .other
      case .create:
        if isKeyword(token, "function") || isKeyword(token, "procedure") {
          lead = .routine
        } else {
          lead = isKeyword(token, "or") ? .createOr : .other
        }
      case .createOr:
        lead = isKeyword(token, "replace") ? .createOrReplace : .other
      case .createOrReplace:
        lead = isKeyword(token, "function") || isKeyword(token, "procedure") ? .routine : .other
      case .routine:
        guard parenDepth == 0 else { return }
        if isKeyword(token, "begin") {
          beginDepth += 1
        } else if isKeyword(token, "case") {
          if beginDepth > 0 { beginDepth += 1 }
        } else if isKeyword(token, "end") {
          if beginDepth > 0 { beginDepth -= 1 }
        }
      case .other:
        break
      }
      // Outside routine definitions later identifiers need no bookkeeping:
      // skip them like any other plain token.
      if lead == .other { specialKinds &= ~StatementSplitter.bit(.identifier) }
    }

    /// `Token.isKeyword` on the unsafe buffer (no bounds checks).
    func isKeyword(_ token: Token, _ keyword: StaticString) -> Bool {
      let length = token.end - token.start
      guard length == keyword.utf8CodeUnitCount else { return false }
      let pointer = keyword.utf8Start
      var index = 0
      while index < length {
        var byte = bytes[token.start + index]
        if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
        if byte != pointer[index] { return false }
        index += 1
      }
      return true
    }

    /// The statement ending at `offset` (before `tokenIndex`).
    func span(endingAt offset: Int, tokenIndex: Int, semicolon: Int?, _ tokens: UnsafeBufferPointer<Token>)
      -> StatementSpan
    {
      let start = tokens[first].start
      let end = StatementSplitter.trimmedEnd(offset, floor: start, bytes: bytes)
      return StatementSpan(range: start..<end, tokens: first..<tokenIndex, isMetaCommand: false, semicolon: semicolon)
    }
  }
}
