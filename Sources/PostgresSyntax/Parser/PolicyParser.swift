/// `CREATE POLICY` / `ALTER POLICY`.
enum PolicyParser {
  static func parse(_ cursor: inout TokenCursor, isAlter: Bool) -> (String, StatementNode) {
    let kind = isAlter ? "AlterPolicyStmt" : "CreatePolicyStmt"
    cursor.advance()  // POLICY
    guard let name = cursor.parseIdentifier(), cursor.accept("on"), let table = cursor.parseQualifiedName() else {
      return (kind, .other)
    }
    var policy = PolicyDefinition(
      name: name, table: table, permissive: true, command: "ALL", roles: [], using: nil, withCheck: nil)
    while !cursor.atEnd {
      let before = cursor.index
      if cursor.accept("as") {
        if cursor.accept("restrictive") {
          policy.permissive = false
        } else {
          cursor.accept("permissive")
        }
      } else if cursor.accept("for") {
        if let token = cursor.current {
          policy.command = cursor.identifierText(token).uppercased()
          cursor.advance()
        }
      } else if cursor.accept("to") {
        while let token = cursor.current, token.kind == .identifier || token.kind == .quotedIdentifier {
          if token.isKeyword("using", in: cursor.bytes) || token.isKeyword("with", in: cursor.bytes) { break }
          policy.roles.append(cursor.identifierText(token))
          cursor.advance()
          if cursor.accept(kind: .comma) == nil { break }
        }
      } else if cursor.accept("using") {
        policy.using = cursor.skipParenthesized()
      } else if cursor.accept("with", "check") {
        policy.withCheck = cursor.skipParenthesized()
      }
      if cursor.index == before { cursor.advance() }
    }
    return (kind, isAlter ? .alterPolicy(policy) : .createPolicy(policy))
  }
}
