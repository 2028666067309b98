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
    var splitter = State(bytes: bytes)
    var statements: [StatementSpan] = []
    statements.reserveCapacity(tokens.count / 12 + 4)
    for index in tokens.indices {
      let token = tokens[index]
      // Identifiers are about half of all tokens; most need no bookkeeping.
      if token.kind == .identifier && splitter.identifierCount >= 4
        && !(splitter.parenDepth == 0 && splitter.isRoutineDefinition)
      {
        continue
      }
      switch token.kind {
      case .lineComment, .blockComment:
        continue
      case .psqlMetaCommand:
        if let open = splitter.close(at: token.start, tokenIndex: index, semicolon: nil, tokens: tokens) {
          statements.append(open)
        }
        statements.append(
          StatementSpan(
            range: token.start..<trimmedEnd(token.end, floor: token.start, bytes: bytes),
            tokens: index..<(index + 1), isMetaCommand: true, semicolon: nil))
      case .semicolon where splitter.parenDepth == 0 && splitter.beginDepth == 0:
        if let statement = splitter.close(
          at: token.start, tokenIndex: index, semicolon: token.start, tokens: tokens)
        {
          statements.append(statement)
        }
      case .error where token.start == 0 && isByteOrderMark(bytes):
        // The BOM is reported by the lexer; the statement starts after it.
        continue
      default:
        splitter.consume(token, index: index)
      }
    }
    if let last = splitter.close(at: bytes.count, tokenIndex: tokens.count, semicolon: nil, tokens: tokens) {
      statements.append(last)
    }
    return statements
  }

  static func isByteOrderMark(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// Moves `end` back over PostgreSQL whitespace, never below `floor`.
  static func trimmedEnd(_ end: Int, floor: Int, bytes: [UInt8]) -> Int {
    var end = end
    while end > floor {
      switch bytes[end - 1] {
      case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B: end -= 1
      default: return end
      }
    }
    return end
  }

  private struct State {
    let bytes: [UInt8]
    var firstToken: Int?
    var parenDepth = 0
    var beginDepth = 0
    var identifierCount = 0
    /// First letters of the leading `create`/`or`/`replace`/`function`/
    /// `procedure` identifiers, 0 for any other word (psql's scheme).
    var leadingWords: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func consume(_ token: Token, index: Int) {
      if firstToken == nil { firstToken = index }
      switch token.kind {
      case .leftParen, .leftBracket:
        parenDepth += 1
      case .rightParen, .rightBracket:
        if parenDepth > 0 { parenDepth -= 1 }
      case .identifier:
        trackIdentifier(token)
      default:
        break
      }
    }

    mutating func trackIdentifier(_ token: Token) {
      // Only the first four words can make this a routine definition; most
      // identifiers come later, and five keyword compares each were a
      // measurable share of the splitter's time.
      if identifierCount < 4 {
        var letter = bytes[token.start] | 0x20
        let isLeadingWord: Bool
        switch letter {
        case UInt8(ascii: "c"): isLeadingWord = token.isKeyword("create", in: bytes)
        case UInt8(ascii: "f"): isLeadingWord = token.isKeyword("function", in: bytes)
        case UInt8(ascii: "p"): isLeadingWord = token.isKeyword("procedure", in: bytes)
        case UInt8(ascii: "o"): isLeadingWord = token.isKeyword("or", in: bytes)
        case UInt8(ascii: "r"): isLeadingWord = token.isKeyword("replace", in: bytes)
        default: isLeadingWord = false
        }
        if !isLeadingWord { letter = 0 }
        switch identifierCount {
        case 0: leadingWords.0 = letter
        case 1: leadingWords.1 = letter
        case 2: leadingWords.2 = letter
        default: leadingWords.3 = letter
        }
      }
      identifierCount += 1
      guard parenDepth == 0, isRoutineDefinition else { return }
      if token.isKeyword("begin", in: bytes) {
        beginDepth += 1
      } else if token.isKeyword("case", in: bytes) {
        if beginDepth > 0 { beginDepth += 1 }
      } else if token.isKeyword("end", in: bytes) {
        if beginDepth > 0 { beginDepth -= 1 }
      }
    }

    var isRoutineDefinition: Bool {
      let (first, second, third, fourth) = leadingWords
      guard first == UInt8(ascii: "c") else { return false }
      if second == UInt8(ascii: "f") || second == UInt8(ascii: "p") { return true }
      return second == UInt8(ascii: "o") && third == UInt8(ascii: "r")
        && (fourth == UInt8(ascii: "f") || fourth == UInt8(ascii: "p"))
    }

    /// Ends the open statement (if any) at `offset` and resets the state.
    mutating func close(at offset: Int, tokenIndex: Int, semicolon: Int?, tokens: [Token]) -> StatementSpan? {
      defer {
        firstToken = nil
        parenDepth = 0
        beginDepth = 0
        identifierCount = 0
        leadingWords = (0, 0, 0, 0)
      }
      guard let first = firstToken else { return nil }
      let start = tokens[first].start
      let end = StatementSplitter.trimmedEnd(offset, floor: start, bytes: bytes)
      return StatementSpan(range: start..<end, tokens: first..<tokenIndex, isMetaCommand: false, semicolon: semicolon)
    }
  }
}
