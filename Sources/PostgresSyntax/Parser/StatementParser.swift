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
    // A statement without comments (most of them) is parsed on a slice of
    // the file's tokens; one with comments on its other tokens, copied into
    // a buffer reused from statement to statement. (An array per statement
    // cost an allocation per statement, 14 M instructions on the corpus
    // run; copying every statement's tokens into one array, 6 M more than
    // this.)
    let tokens = file.tokens
    var significant: [Token] = []
    for span in file.statements {
      let range = span.tokens.clamped(to: 0..<tokens.count)
      let hasTrivia = tokens.withUnsafeBufferPointer { all in range.contains { all[$0].kind.isTrivia } }
      guard hasTrivia else {
        result.append(parse(span: span, tokens: tokens[range], bytes: file.source.bytes))
        continue
      }
      significant.removeAll(keepingCapacity: true)
      significant.reserveCapacity(range.count)
      for index in range where !tokens[index].kind.isTrivia { significant.append(tokens[index]) }
      result.append(parse(span: span, tokens: significant[...], bytes: file.source.bytes))
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
