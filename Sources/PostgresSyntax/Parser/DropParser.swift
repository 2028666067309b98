/// `DROP <object> [CONCURRENTLY] [IF EXISTS] names [CASCADE | RESTRICT]`.
enum DropParser {
  /// Object keywords (one or two words) and PostgreSQL's `ObjectType` names.
  /// The first entry whose words all match wins: the frequent objects come
  /// first (each entry tried costs a call), and `operator class` and
  /// `operator family` before `operator`.
  static let objectTypes: [(words: [StaticString], type: String)] = [
    (["table"], "OBJECT_TABLE"),
    (["index"], "OBJECT_INDEX"),
    (["policy"], "OBJECT_POLICY"),
    (["function"], "OBJECT_FUNCTION"),
    (["trigger"], "OBJECT_TRIGGER"),
    (["view"], "OBJECT_VIEW"),
    (["type"], "OBJECT_TYPE"),
    (["materialized", "view"], "OBJECT_MATVIEW"),
    (["foreign", "table"], "OBJECT_FOREIGN_TABLE"),
    (["foreign", "data"], "OBJECT_FDW"),
    (["event", "trigger"], "OBJECT_EVENT_TRIGGER"),
    (["operator", "class"], "OBJECT_OPCLASS"),
    (["operator", "family"], "OBJECT_OPFAMILY"),
    (["text", "search"], "OBJECT_TS"),
    (["access", "method"], "OBJECT_ACCESS_METHOD"),
    (["procedural", "language"], "OBJECT_LANGUAGE"),
    (["sequence"], "OBJECT_SEQUENCE"),
    (["procedure"], "OBJECT_PROCEDURE"),
    (["routine"], "OBJECT_ROUTINE"),
    (["rule"], "OBJECT_RULE"),
    (["domain"], "OBJECT_DOMAIN"),
    (["schema"], "OBJECT_SCHEMA"),
    (["extension"], "OBJECT_EXTENSION"),
    (["aggregate"], "OBJECT_AGGREGATE"),
    (["operator"], "OBJECT_OPERATOR"),
    (["collation"], "OBJECT_COLLATION"),
    (["conversion"], "OBJECT_CONVERSION"),
    (["server"], "OBJECT_FOREIGN_SERVER"),
    (["publication"], "OBJECT_PUBLICATION"),
    (["cast"], "OBJECT_CAST"),
    (["language"], "OBJECT_LANGUAGE"),
    (["statistics"], "OBJECT_STATISTIC_EXT"),
    (["transform"], "OBJECT_TRANSFORM"),
  ]

  static func parse(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    if let token = cursor.current {
      switch cursor.identifierText(token) {
      case "role", "group": return ("DropRoleStmt", .other)
      case "user":
        return cursor.isKeyword("mapping", at: 1) ? ("DropUserMappingStmt", .other) : ("DropRoleStmt", .other)
      case "database": return ("DropdbStmt", .other)
      case "owned": return ("DropOwnedStmt", .other)
      case "subscription": return ("DropSubscriptionStmt", .other)
      case "tablespace": return ("DropTableSpaceStmt", .other)
      default: break
      }
    }
    var objectType = "OBJECT_UNKNOWN"
    for entry in objectTypes where matches(cursor, entry.words) {
      objectType = entry.type
      for _ in entry.words { cursor.advance() }
      break
    }
    if objectType == "OBJECT_FDW" {
      cursor.accept("wrapper")
    } else if objectType == "OBJECT_TS", let token = cursor.current {
      switch cursor.identifierText(token) {
      case "configuration": objectType = "OBJECT_TSCONFIGURATION"
      case "dictionary": objectType = "OBJECT_TSDICTIONARY"
      case "parser": objectType = "OBJECT_TSPARSER"
      default: objectType = "OBJECT_TSTEMPLATE"
      }
      cursor.advance()
    }
    let afterObject = cursor.previousEnd
    let concurrently = cursor.accept("concurrently")
    let insertion = cursor.previousEnd
    let ifExists = cursor.accept("if", "exists")
    var names: [QualifiedName] = []
    var onTable: QualifiedName?
    switch objectType {
    case "OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE":
      if let name = cursor.parseQualifiedName() { names.append(name) }
      if cursor.accept("on") { onTable = cursor.parseQualifiedName() }
    case "OBJECT_CAST", "OBJECT_TRANSFORM":
      break
    default:
      names = cursor.parseQualifiedNameList()
    }
    let cascade = cursor.skip(until: { $0.isKeyword("cascade") })
    let drop = DropStatement(
      objectType: ObjectKind(pgName: objectType), names: names, ifExists: ifExists, concurrently: concurrently,
      cascade: cascade,
      onTable: onTable, insertionPoint: insertion, afterObjectKeyword: afterObject)
    return ("DropStmt:\(objectType)", .drop(drop))
  }

  static func matches(_ cursor: TokenCursor, _ words: [StaticString]) -> Bool {
    for (offset, word) in words.enumerated() where !cursor.isKeyword(word, at: offset) { return false }
    return true
  }
}
