/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE`.
enum FunctionParser {
  static func parse(_ cursor: inout TokenCursor, orReplace: Bool, afterCreate: Int) -> (String, StatementNode) {
    let isProcedure = cursor.isKeyword("procedure")
    cursor.advance()
    guard let name = cursor.parseQualifiedName() else { return ("CreateFunctionStmt", .other) }
    var function = CreateFunction(
      name: name, isProcedure: isProcedure, orReplace: orReplace, arguments: cursor.skipParenthesized(),
      returns: nil, language: nil, volatility: nil, securityDefiner: false, setsSearchPath: false,
      searchPathValue: nil, body: nil, afterCreate: afterCreate)
    while let token = cursor.current {
      // Only words are options (a String compared with every case, for
      // each `=`, `,` or string, cost more than the whole check).
      guard token.kind == .identifier else {
        cursor.advance()
        continue
      }
      let before = cursor.index
      let word = cursor.identifierText(token)
      switch word {
      case "returns":
        cursor.advance()
        let (type, _) = CreateParser.parseTypeName(&cursor, stop: isFunctionOptionWord)
        function.returns = type
      case "language":
        cursor.advance()
        if let language = cursor.current {
          function.language =
            language.kind == .string
            ? StringLiteral.value(of: language, in: cursor.bytes).lowercased() : cursor.identifierText(language)
          cursor.advance()
        }
      case "immutable", "stable", "volatile":
        function.volatility = word
        cursor.advance()
      case "security":
        cursor.advance()
        function.securityDefiner = cursor.isKeyword("definer")
        cursor.advance()
      case "external":
        cursor.advance()
      case "set":
        cursor.advance()
        if cursor.isKeyword("search_path") {
          function.setsSearchPath = true
          cursor.advance()
          if cursor.accept("from", "current") {
            function.searchPathValue = "FROM CURRENT"
          } else {
            // `TO` or `=`, both optional.
            _ = cursor.accept("to") || cursor.accept(kind: .operator) != nil
            let start = cursor.currentStart
            while let value = cursor.current, value.kind != .semicolon, !isFunctionOptionWord(cursor) {
              cursor.advance()
              if cursor.accept(kind: .comma) == nil { break }
            }
            function.searchPathValue = cursor.text(cursor.range(from: start))
          }
        }
      case "as":
        cursor.advance()
        if let body = cursor.current, body.kind.isStringLiteral {
          function.body = body.range
          cursor.advance()
          if cursor.accept(kind: .comma) != nil { cursor.advance() }
        }
      case "begin":
        let start = token.start
        _ = cursor.skipRest()
        function.body = cursor.range(from: start)
      case "return":
        let start = token.start
        _ = cursor.skipRest()
        function.body = cursor.range(from: start)
      default:
        cursor.advance()
      }
      if cursor.index == before { cursor.advance() }
    }
    return ("CreateFunctionStmt", .createFunction(function))
  }

  /// Words that start a function option (and end a return type).
  static let functionOptionWords: [StaticString] = [
    "language", "immutable", "stable", "volatile", "security", "external", "set", "as", "begin", "return",
    "strict", "called", "leakproof", "not", "parallel", "cost", "rows", "support", "window", "transform",
  ]

  /// (On bytes: `Token.isKeyword` rejects most words on their length; a
  /// String per token compared with every word cost more: with the guard
  /// above, 1.2 M instructions on the corpus run.)
  static func isFunctionOptionWord(_ cursor: TokenCursor) -> Bool {
    guard let token = cursor.current, token.kind == .identifier else { return false }
    return functionOptionWords.contains { token.isKeyword($0, in: cursor.bytes) }
  }
}
