/// INSERT / UPDATE / DELETE / MERGE: the target table and whether a WHERE
/// clause restricts them.
enum DMLParser {
  static func parse(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    guard let token = cursor.current else { return ("Unknown", .other) }
    let word = cursor.identifierText(token)
    cursor.advance()
    let kind: DataModificationKind
    let nodeName: String
    switch word {
    case "insert":
      kind = .insert
      nodeName = "InsertStmt"
      cursor.accept("into")
    case "update":
      kind = .update
      nodeName = "UpdateStmt"
    case "delete":
      kind = .delete
      nodeName = "DeleteStmt"
      cursor.accept("from")
    default:
      kind = .merge
      nodeName = "MergeStmt"
      cursor.accept("into")
    }
    cursor.accept("only")
    let table = cursor.parseQualifiedName()
    // `WHERE`, and for INSERT `SELECT`, `WITH` or `TABLE`, at parenthesis
    // depth 0, found in one pass over the rest (two `skip(until:)` passes
    // cost 2 M instructions more on the corpus run, whose INSERTs are long).
    var hasWhere = false
    var isInsertSelect = false
    var depth = 0
    for token in cursor.tokens[cursor.index...] {
      if depth == 0 && token.kind == .identifier {
        if !hasWhere && token.isKeyword("where", in: cursor.bytes) { hasWhere = true }
        if kind == .insert && !isInsertSelect
          && (token.isKeyword("select", in: cursor.bytes) || token.isKeyword("with", in: cursor.bytes)
            || token.isKeyword("table", in: cursor.bytes))
        {
          isInsertSelect = true
        }
        if hasWhere && (isInsertSelect || kind != .insert) { break }
      }
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth -= 1
      default: break
      }
    }
    var dml = DataModification(kind: kind, table: table, hasWhere: hasWhere, isInsertSelect: isInsertSelect)
    dml.sources = cursor.relationsRead()
    return (nodeName, .dml(dml))
  }
}
