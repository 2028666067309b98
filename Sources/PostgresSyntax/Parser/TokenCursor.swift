/// A cursor over the non-trivia tokens of one statement.
///
/// Every parse function advances it; `index` only grows, so the parser always
/// terminates. Keyword tests compare bytes case-insensitively without
/// allocating.
struct TokenCursor {
  let bytes: [UInt8]
  /// The statement's tokens, a slice of the file's non-trivia tokens (no
  /// array per statement); `index` counts from its `startIndex`.
  let tokens: ArraySlice<Token>
  private(set) var index: Int

  init(bytes: [UInt8], tokens: ArraySlice<Token>) {
    self.bytes = bytes
    self.tokens = tokens
    index = tokens.startIndex
  }

  var atEnd: Bool { index >= tokens.endIndex }

  // `peek`, `isKeyword`, `isKind` and `accept` are always inlined: the parsers test
  // the next words a few hundred thousand times on the corpus run, and most
  // tests end at the token's kind or length, cheaper than the call.
  @inline(__always) func peek(_ offset: Int = 0) -> Token? {
    let position = index + offset
    return position >= tokens.startIndex && position < tokens.endIndex ? tokens[position] : nil
  }

  var current: Token? { peek() }

  /// Byte offset just past the previous token (the end of what was consumed).
  var previousEnd: Int {
    index > tokens.startIndex ? tokens[index - 1].end : (tokens.first?.start ?? 0)
  }

  /// What was consumed since `start` (a `currentStart` taken earlier). Never
  /// inverted: when nothing was consumed since (say at a stray `)`), the
  /// range is empty at `start`.
  func range(from start: Int) -> Range<Int> { start..<max(start, previousEnd) }

  /// Start offset of the current token, or the end of the statement.
  var currentStart: Int { current?.start ?? (tokens.last?.end ?? 0) }

  @inline(__always) func isKeyword(_ keyword: StaticString, at offset: Int = 0) -> Bool {
    guard let token = peek(offset) else { return false }
    return token.isKeyword(keyword, in: bytes)
  }

  @inline(__always) func isKind(_ kind: TokenKind, at offset: Int = 0) -> Bool { peek(offset)?.kind == kind }

  mutating func advance() {
    if index < tokens.endIndex { index += 1 }
  }

  /// Consumes `keyword` if it is next.
  @discardableResult
  @inline(__always) mutating func accept(_ keyword: StaticString) -> Bool {
    guard isKeyword(keyword) else { return false }
    index += 1
    return true
  }

  /// Consumes the whole sequence if all of it is next; otherwise nothing.
  /// (Two overloads, not an optional third word: with one the optimiser
  /// kept more calls, 2 M instructions on the corpus run.)
  @discardableResult
  @inline(__always) mutating func accept(_ first: StaticString, _ second: StaticString) -> Bool {
    guard isKeyword(first), isKeyword(second, at: 1) else { return false }
    index += 2
    return true
  }

  /// Consumes the whole sequence if all of it is next; otherwise nothing.
  @discardableResult
  @inline(__always) mutating func accept(_ first: StaticString, _ second: StaticString, _ third: StaticString) -> Bool {
    guard isKeyword(first), isKeyword(second, at: 1), isKeyword(third, at: 2) else { return false }
    index += 3
    return true
  }

  @discardableResult
  mutating func accept(kind: TokenKind) -> Token? {
    guard let token = current, token.kind == kind else { return nil }
    index += 1
    return token
  }

  /// Token text folded like PostgreSQL: unquoted identifiers lower-cased
  /// (ASCII only, as for UTF-8 databases), quoted ones unquoted verbatim.
  ///
  /// Written straight into the string's storage, which repairs invalid
  /// UTF-8 like `String(decoding:as:)`: through an array (quoted names) or
  /// with a pass to tell ASCII first (unquoted ones) it cost 17 M
  /// instructions more on the corpus run.
  func identifierText(_ token: Token) -> String {
    switch token.kind {
    case .quotedIdentifier:
      var start = token.start + 1
      if bytes[token.start] != UInt8(ascii: "\"") { start = token.start + 3 }  // U&"..."
      let end = max(start, token.end - 1)
      // Undouble `""` on bytes: String.replacing is slow on this hot path.
      // The runs between quotes are copied whole (a byte at a time cost
      // 2 M instructions more on the corpus run).
      return String(unsafeUninitializedCapacity: end - start) { buffer in
        bytes.withUnsafeBufferPointer { source in
          guard start < end, end <= source.count, let from = source.baseAddress, let to = buffer.baseAddress else {
            return 0
          }
          var count = 0
          var index = start
          while index < end {
            var next = index
            while next < end && from[next] != UInt8(ascii: "\"") { next += 1 }
            // The run, and the quote that ends it (one of a doubled pair).
            let runEnd = next < end ? next + 1 : end
            (to + count).initialize(from: from + index, count: runEnd - index)
            count += runEnd - index
            index = next + 1 < end && from[next + 1] == UInt8(ascii: "\"") ? next + 2 : runEnd
          }
          return count
        }
      }
    default:
      let start = max(0, min(token.start, bytes.count))
      let end = max(start, min(token.end, bytes.count))
      let count = end - start
      return String(unsafeUninitializedCapacity: count) { buffer in
        bytes.withUnsafeBytes { source in
          guard count > 0, let from = source.baseAddress, let to = buffer.baseAddress else { return 0 }
          // Eight bytes at a time (ByteWord.lowercasedASCII): a byte at a
          // time cost 10 M instructions on the corpus run.
          var index = 0
          while index + 8 <= count {
            let word = from.loadUnaligned(fromByteOffset: start + index, as: UInt64.self)
            UnsafeMutableRawPointer(to).storeBytes(
              of: ByteWord.lowercasedASCII(word), toByteOffset: index, as: UInt64.self)
            index += 8
          }
          // The last bytes from one more word when the source has eight
          // there, stored four, two and one at a time: a byte at a time cost
          // 5 M instructions more on the corpus run.
          if index < count && start + index + 8 <= source.count {
            var word = ByteWord.lowercasedASCII(from.loadUnaligned(fromByteOffset: start + index, as: UInt64.self))
            let target = UnsafeMutableRawPointer(to)
            if (count - index) & 4 != 0 {
              target.storeBytes(of: UInt32(truncatingIfNeeded: word), toByteOffset: index, as: UInt32.self)
              word >>= 32
              index += 4
            }
            if (count - index) & 2 != 0 {
              target.storeBytes(of: UInt16(truncatingIfNeeded: word), toByteOffset: index, as: UInt16.self)
              word >>= 16
              index += 2
            }
            if (count - index) & 1 != 0 {
              to[index] = UInt8(truncatingIfNeeded: word)
              index += 1
            }
          }
          while index < count {
            let byte = from.load(fromByteOffset: start + index, as: UInt8.self)
            to[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            index += 1
          }
          return count
        }
      }
    }
  }

  func text(_ range: Range<Int>) -> String {
    String(decoding: bytes[max(0, range.lowerBound)..<min(bytes.count, range.upperBound)], as: UTF8.self)
  }

  /// An identifier (unquoted or quoted) as a name.
  mutating func parseIdentifier() -> Identifier? {
    guard let token = current, token.kind == .identifier || token.kind == .quotedIdentifier else { return nil }
    index += 1
    return Identifier(value: identifierText(token), range: token.range, isQuoted: token.kind == .quotedIdentifier)
  }

  /// `name`, `schema.name` or `db.schema.name`.
  mutating func parseQualifiedName() -> QualifiedName? {
    guard let first = parseIdentifier() else { return nil }
    // Room for `schema.name` up front (no second allocation for it).
    // (Not `Array(unsafeUninitializedCapacity:)`: the standard library
    // allocates that in unspecialized code that looks the array type's
    // metadata up, 9 M instructions more on the corpus run.)
    var parts: [Identifier] = []
    parts.reserveCapacity(2)
    parts.append(first)
    while isKind(.dot), let next = peek(1), next.kind == .identifier || next.kind == .quotedIdentifier {
      index += 1
      if let part = parseIdentifier() { parts.append(part) }
    }
    return QualifiedName(parts: parts)
  }

  /// A comma-separated list of qualified names.
  mutating func parseQualifiedNameList() -> [QualifiedName] {
    var names: [QualifiedName] = []
    while let name = parseQualifiedName() {
      names.append(name)
      // Function signatures in DROP FUNCTION f(int, text).
      if isKind(.leftParen) { _ = skipParenthesized() }
      guard accept(kind: .comma) != nil else { break }
    }
    return names
  }

  /// At `(`: skips to the matching `)` and returns the byte range inside.
  mutating func skipParenthesized() -> Range<Int>? {
    guard let open = current, open.kind == .leftParen || open.kind == .leftBracket else { return nil }
    var depth = 0
    while let token = current {
      index += 1
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket:
        depth -= 1
        if depth == 0 { return open.end..<token.start }
      default: break
      }
    }
    return open.end..<previousEnd
  }

  /// Skips an expression: everything up to a `,` or unmatched `)` at depth 0,
  /// or a token for which `stop` returns true at depth 0. Returns its range.
  mutating func skipExpression(stop: (TokenCursor) -> Bool = { _ in false }) -> Range<Int>? {
    let start = index
    var depth = 0
    var caseDepth = 0
    while let token = current {
      if depth == 0 && caseDepth == 0 {
        if token.kind == .comma || token.kind == .rightParen || token.kind == .rightBracket { break }
        if stop(self) { break }
      }
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth -= 1
      case .identifier:
        if token.isKeyword("case", in: bytes) {
          caseDepth += 1
        } else if token.isKeyword("end", in: bytes) && caseDepth > 0 {
          caseDepth -= 1
        }
      default: break
      }
      index += 1
    }
    guard index > start else { return nil }
    return tokens[start].start..<tokens[index - 1].end
  }

  /// Moves to the first top-level token satisfying `match`; true if found.
  mutating func skip(until match: (TokenCursor) -> Bool) -> Bool {
    var depth = 0
    while let token = current {
      if depth == 0 && match(self) { return true }
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth -= 1
      default: break
      }
      index += 1
    }
    return false
  }

  /// True when `keyword` occurs at parenthesis depth 0 from here on.
  func containsTopLevel(_ keyword: StaticString) -> Bool {
    var copy = self
    return copy.skip(until: { $0.isKeyword(keyword) })
  }

  /// The remaining tokens' byte range.
  mutating func skipRest() -> Range<Int>? {
    guard let first = current else { return nil }
    index = tokens.endIndex
    return first.start..<tokens[tokens.endIndex - 1].end
  }
}
