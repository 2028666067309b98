/// Recursive-descent parser from a statement's tokens to a typed `Statement`.
///
/// It recognises the statements migrations use in detail and classifies
/// every other statement by PostgreSQL's parse-node name. It never fails:
/// what it does not understand becomes `.other` with the best kind it can
/// name.
public enum StatementParser {
  /// Parses every statement of a scanned file.
  public static func parse(_ file: ScannedFile) -> [Statement] {
    var result: [Statement] = []
    result.reserveCapacity(file.statements.count)
    // The file's non-trivia tokens in one array, each statement's a slice
    // of it: an array per statement cost an allocation (and its release)
    // per statement, 14 M instructions on the corpus run. (Exactly the
    // file's size, written in place: a statement of millions of tokens,
    // a 24 MB INSERT, never doubles a buffer with the old copy alive.)
    var starts: [Int] = []
    starts.reserveCapacity(file.statements.count + 1)
    let significant = file.tokens.withUnsafeBufferPointer { all in
      // The spans' lengths bound what is written, even were spans to overlap.
      let capacity = file.statements.reduce(0) { $0 + $1.tokens.clamped(to: 0..<all.count).count }
      guard capacity > 0 else {
        // No token: the empty array as is. (Initialized with capacity 0,
        // the array would write its count into the stdlib's shared empty
        // array, a race ThreadSanitizer reports when files are parsed on
        // several threads.)
        starts = Array(repeating: 0, count: file.statements.count + 1)
        return [Token]()
      }
      return [Token](unsafeUninitializedCapacity: capacity) { buffer, count in
        for span in file.statements {
          starts.append(count)
          for index in span.tokens.clamped(to: 0..<all.count) where !all[index].kind.isTrivia {
            buffer[count] = all[index]
            count += 1
          }
        }
        starts.append(count)
      }
    }
    for (number, span) in file.statements.enumerated() {
      let tokens = significant[starts[number]..<starts[number + 1]]
      result.append(parse(span: span, tokens: tokens, bytes: file.source.bytes))
    }
    return result
  }

  /// Parses one statement from its non-trivia tokens.
  public static func parse(span: StatementSpan, tokens: [Token], bytes: [UInt8]) -> Statement {
    parse(span: span, tokens: tokens[...], bytes: bytes)
  }

  static func parse(span: StatementSpan, tokens: ArraySlice<Token>, bytes: [UInt8]) -> Statement {
    if span.isMetaCommand { return Statement(span: span, kind: "PsqlMetaCommand", node: .psqlMetaCommand) }
    var cursor = TokenCursor(bytes: bytes, tokens: tokens)
    let (kind, node) = parseStatement(&cursor)
    return Statement(span: span, kind: kind, node: node)
  }

  static func parseStatement(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    guard let first = cursor.current else { return ("Empty", .other) }
    if first.kind == .leftParen { return ("SelectStmt", .other) }
    guard first.kind == .identifier else { return ("Unknown", .other) }
    // The most frequent statements first, on bytes (the switch below folds
    // the word to a String and compares it with each case in turn).
    if first.isKeyword("create", in: cursor.bytes) { return CreateParser.parse(&cursor) }
    if first.isKeyword("alter", in: cursor.bytes) { return AlterParser.parse(&cursor) }
    if first.isKeyword("drop", in: cursor.bytes) { return DropParser.parse(&cursor) }
    let word = cursor.identifierText(first)
    // (A switch on a String compares the cases in order: the frequent ones
    // come first.)
    switch word {
    case "create": return CreateParser.parse(&cursor)
    case "alter": return AlterParser.parse(&cursor)
    case "drop": return DropParser.parse(&cursor)
    case "grant", "revoke": return UtilityParser.parseGrant(&cursor)
    case "comment": return UtilityParser.parseComment(&cursor)
    case "insert", "update", "delete", "merge": return DMLParser.parse(&cursor)
    case "select", "values", "table": return ("SelectStmt", .other)
    case "with": return parseWith(&cursor)
    case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare":
      return UtilityParser.parseTransactionOrPrepare(&cursor)
    case "set", "reset": return UtilityParser.parseSet(&cursor)
    case "show": return ("VariableShowStmt", .other)
    case "do": return UtilityParser.parseDo(&cursor)
    case "truncate": return UtilityParser.parseTruncate(&cursor)
    case "lock": return UtilityParser.parseLock(&cursor)
    case "vacuum", "analyze", "analyse", "cluster", "reindex": return UtilityParser.parseMaintenance(&cursor)
    case "refresh": return UtilityParser.parseRefresh(&cursor)
    case "call": return ("CallStmt", .other)
    case "explain": return ("ExplainStmt", .other)
    case "copy": return ("CopyStmt", .other)
    case "fetch", "move": return ("FetchStmt", .other)
    case "declare": return ("DeclareCursorStmt", .other)
    case "close": return ("ClosePortalStmt", .other)
    case "execute": return ("ExecuteStmt", .other)
    case "deallocate": return ("DeallocateStmt", .other)
    case "listen": return ("ListenStmt", .other)
    case "unlisten": return ("UnlistenStmt", .other)
    case "notify": return ("NotifyStmt", .other)
    case "discard": return ("DiscardStmt", .other)
    case "load": return ("LoadStmt", .other)
    case "checkpoint": return ("CheckPointStmt", .other)
    case "reassign": return ("ReassignOwnedStmt", .other)
    case "security": return ("SecLabelStmt", .other)
    case "import": return ("ImportForeignSchemaStmt", .other)
    default: return ("Unknown", .other)
    }
  }

  /// `WITH cte AS (...) SELECT|INSERT|UPDATE|DELETE|MERGE ...`.
  static func parseWith(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    cursor.accept("recursive")
    while !cursor.atEnd {
      // name [(columns)] AS [NOT] MATERIALIZED (query) [SEARCH ...] [CYCLE ...]
      _ = cursor.parseIdentifier()
      if cursor.isKind(.leftParen) { _ = cursor.skipParenthesized() }
      guard cursor.accept("as") else { break }
      cursor.accept("not")
      cursor.accept("materialized")
      guard cursor.skipParenthesized() != nil else { break }
      if cursor.accept("search") || cursor.accept("cycle") {
        _ = cursor.skip(until: {
          $0.isKind(.comma) || $0.isKeyword("select") || $0.isKeyword("insert")
            || $0.isKeyword("update") || $0.isKeyword("delete") || $0.isKeyword("merge")
        })
      }
      guard cursor.accept(kind: .comma) != nil else { break }
    }
    if cursor.isKeyword("insert") || cursor.isKeyword("update") || cursor.isKeyword("delete")
      || cursor.isKeyword("merge")
    {
      return DMLParser.parse(&cursor)
    }
    return ("SelectStmt", .other)
  }
}
