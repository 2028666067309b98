/// `NEW.<column>` or `OLD.<column>` in a trigger function's PL/pgSQL body.
public struct RowReference: Sendable, Equatable, Hashable {
  /// `new` or `old`.
  public var record: String
  /// The column, folded like PostgreSQL folds identifiers.
  public var column: String
  /// The bytes of `NEW.column` in the file.
  public var range: Range<Int>

  public init(record: String, column: String, range: Range<Int>) {
    self.record = record
    self.column = column
    self.range = range
  }
}

// What rules ask of a PL/pgSQL body, read from its tokens (lexed once by
// `EmbeddedSQL`): words, calls, `NEW.col` references.
extension PLBody {
  /// The body's code tokens (comments and whitespace left out) within
  /// `range` of token indices (the whole body when nil), from `tokens`, the
  /// array the body indexes.
  public func codeTokens(_ tokens: [Token], within range: Range<Int>? = nil) -> [Token] {
    let wanted = range ?? self.tokens
    let lower = max(0, wanted.lowerBound)
    let upper = min(tokens.count, wanted.upperBound)
    guard lower < upper else { return [] }
    // Written in place into room for all of them: `filter` grows its result
    // by doubling (5 M instructions more on the corpus run).
    return tokens.withUnsafeBufferPointer { all in
      [Token](unsafeUninitializedCapacity: upper - lower) { buffer, count in
        for index in lower..<upper where !all[index].kind.isTrivia {
          buffer[count] = all[index]
          count += 1
        }
      }
    }
  }

  /// True when some identifier token of `code` is one of `words` (lower
  /// case; compared without allocating per token).
  public static func mentions(_ words: [StaticString], in code: [Token], bytes: [UInt8]) -> Bool {
    // The words' lengths as bits: most tokens have none of them and skip
    // the comparisons (0.6 M instructions on the corpus run).
    var lengths: UInt64 = 0
    for word in words where word.utf8CodeUnitCount < 64 { lengths |= 1 << UInt64(word.utf8CodeUnitCount) }
    let longest = words.reduce(0) { max($0, $1.utf8CodeUnitCount) }
    return code.contains { token in
      let length = token.end - token.start
      guard token.kind == .identifier, length <= longest,
        length >= 64 || lengths >> UInt64(length) & 1 != 0
      else { return false }
      return words.contains { token.isKeyword($0, in: bytes) }
    }
  }

  /// Calls of the functions `names` (lower case, unqualified): a name,
  /// schema-qualified or not, followed by `(`. Returns the byte range of
  /// each call's name as written.
  public static func calls(of names: Set<String>, in code: [Token], bytes: [UInt8]) -> [Range<Int>] {
    let cursor = TokenCursor(bytes: bytes, tokens: [])
    var found: [Range<Int>] = []
    for index in code.indices where index + 1 < code.count && code[index + 1].kind == .leftParen {
      let token = code[index]
      guard token.kind == .identifier || token.kind == .quotedIdentifier,
        names.contains(cursor.identifierText(token))
      else { continue }
      var start = token.start
      if index >= 2, code[index - 1].kind == .dot { start = code[index - 2].start }
      found.append(start..<token.end)
    }
    return found
  }

  /// The `NEW.<column>` and `OLD.<column>` references of a trigger
  /// function's body, in order. Nil when the body reads the row in ways
  /// that depend on the table the trigger fires for (`TG_TABLE_NAME`,
  /// `TG_RELID`, `TG_ARGV`, dynamic SQL): such a function is written for
  /// several tables, and a column one lacks may be read only for another.
  public func rowReferences(_ tokens: [Token], bytes: [UInt8]) -> [RowReference]? {
    let code = codeTokens(tokens)
    if Self.mentions(["tg_table_name", "tg_relname", "tg_relid", "tg_argv", "tg_table_schema"], in: code, bytes: bytes)
    {
      return nil
    }
    let cursor = TokenCursor(bytes: bytes, tokens: [])
    var references: [RowReference] = []
    for index in code.indices where index + 2 < code.count && code[index + 1].kind == .dot {
      let record = code[index]
      let column = code[index + 2]
      guard record.kind == .identifier, record.isKeyword("new", in: bytes) || record.isKeyword("old", in: bytes),
        column.kind == .identifier || column.kind == .quotedIdentifier
      else { continue }
      // `x.new.col` is a field of something else.
      if index >= 1, code[index - 1].kind == .dot { continue }
      references.append(
        RowReference(
          record: cursor.identifierText(record), column: cursor.identifierText(column),
          range: record.start..<column.end))
    }
    return references
  }

  /// The string literal token at `range` of `bytes` (a function's body as
  /// `CreateFunction.body` gives it), nil when `range` is not one.
  public static func literal(at range: Range<Int>, bytes: [UInt8]) -> Token? {
    guard range.lowerBound >= 0, range.upperBound <= bytes.count, range.count >= 2 else { return nil }
    switch bytes[range.lowerBound] {
    case 0x24: return Token(kind: .dollarString, start: range.lowerBound, end: range.upperBound)
    case 0x27: return Token(kind: .string, start: range.lowerBound, end: range.upperBound)
    default: return nil
    }
  }
}

extension Token {
  /// The name an identifier token denotes: unquoted text folded to lower
  /// case as PostgreSQL folds it, quoted text unquoted verbatim.
  public func identifierText(in bytes: [UInt8]) -> String {
    guard start >= 0, end <= bytes.count, start <= end else { return "" }
    return TokenCursor(bytes: bytes, tokens: []).identifierText(self)
  }
}
