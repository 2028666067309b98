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
    var probe = cursor
    let hasWhere = probe.skip(until: { $0.isKeyword("where") })
    probe = cursor
    let isInsertSelect =
      kind == .insert && probe.skip(until: { $0.isKeyword("select") || $0.isKeyword("with") || $0.isKeyword("table") })
    var dml = DataModification(kind: kind, table: table, hasWhere: hasWhere, isInsertSelect: isInsertSelect)
    dml.sources = cursor.relationsRead()
    return (nodeName, .dml(dml))
  }
}
