/// `DROP <object> [CONCURRENTLY] [IF EXISTS] names [CASCADE | RESTRICT]`.
enum DropParser {
  /// Object keywords (one or two words), the kind they name and the
  /// statement's kind (literals: formatting the kind per statement and
  /// reading the object kind back from its name cost 4 M instructions on
  /// the corpus run). The first entry whose words all match wins: the
  /// frequent objects come first (each entry tried costs a call), and
  /// `operator class` and `operator family` before `operator`. (`text
  /// search ...` is read apart, see `parse`.)
  static let objectTypes: [(words: [StaticString], kind: ObjectKind, statementKind: String)] = [
    (["table"], .table, "DropStmt:OBJECT_TABLE"),
    (["index"], .index, "DropStmt:OBJECT_INDEX"),
    (["policy"], .policy, "DropStmt:OBJECT_POLICY"),
    (["function"], .function, "DropStmt:OBJECT_FUNCTION"),
    (["trigger"], .trigger, "DropStmt:OBJECT_TRIGGER"),
    (["view"], .view, "DropStmt:OBJECT_VIEW"),
    (["type"], .type, "DropStmt:OBJECT_TYPE"),
    (["materialized", "view"], .matview, "DropStmt:OBJECT_MATVIEW"),
    (["foreign", "table"], .foreignTable, "DropStmt:OBJECT_FOREIGN_TABLE"),
    (["foreign", "data"], .foreignDataWrapper, "DropStmt:OBJECT_FDW"),
    (["event", "trigger"], .eventTrigger, "DropStmt:OBJECT_EVENT_TRIGGER"),
    (["operator", "class"], .operatorClass, "DropStmt:OBJECT_OPCLASS"),
    (["operator", "family"], .operatorFamily, "DropStmt:OBJECT_OPFAMILY"),
    (["access", "method"], .accessMethod, "DropStmt:OBJECT_ACCESS_METHOD"),
    (["procedural", "language"], .language, "DropStmt:OBJECT_LANGUAGE"),
    (["sequence"], .sequence, "DropStmt:OBJECT_SEQUENCE"),
    (["procedure"], .procedure, "DropStmt:OBJECT_PROCEDURE"),
    (["routine"], .routine, "DropStmt:OBJECT_ROUTINE"),
    (["rule"], .rule, "DropStmt:OBJECT_RULE"),
    (["domain"], .domain, "DropStmt:OBJECT_DOMAIN"),
    (["schema"], .schema, "DropStmt:OBJECT_SCHEMA"),
    (["extension"], .`extension`, "DropStmt:OBJECT_EXTENSION"),
    (["aggregate"], .aggregate, "DropStmt:OBJECT_AGGREGATE"),
    (["operator"], .`operator`, "DropStmt:OBJECT_OPERATOR"),
    (["collation"], .collation, "DropStmt:OBJECT_COLLATION"),
    (["conversion"], .conversion, "DropStmt:OBJECT_CONVERSION"),
    (["server"], .foreignServer, "DropStmt:OBJECT_FOREIGN_SERVER"),
    (["publication"], .publication, "DropStmt:OBJECT_PUBLICATION"),
    (["cast"], .cast, "DropStmt:OBJECT_CAST"),
    (["language"], .language, "DropStmt:OBJECT_LANGUAGE"),
    (["statistics"], .statistics, "DropStmt:OBJECT_STATISTIC_EXT"),
    (["transform"], .transform, "DropStmt:OBJECT_TRANSFORM"),
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
    var objectType = ObjectKind.unknown
    var statementKind = "DropStmt:OBJECT_UNKNOWN"
    if cursor.isKeyword("text") && cursor.isKeyword("search", at: 1) {
      // No entry of `objectTypes` starts with `text`: reading it first
      // changes no match.
      cursor.advance()
      cursor.advance()
      statementKind = "DropStmt:OBJECT_TS"
      if let token = cursor.current {
        switch cursor.identifierText(token) {
        case "configuration":
          (objectType, statementKind) = (.textSearchConfiguration, "DropStmt:OBJECT_TSCONFIGURATION")
        case "dictionary": (objectType, statementKind) = (.textSearchDictionary, "DropStmt:OBJECT_TSDICTIONARY")
        case "parser": (objectType, statementKind) = (.textSearchParser, "DropStmt:OBJECT_TSPARSER")
        default: (objectType, statementKind) = (.textSearchTemplate, "DropStmt:OBJECT_TSTEMPLATE")
        }
        cursor.advance()
      }
    } else {
      for index in objectTypes.indices where matches(cursor, objectTypes[index].words) {
        objectType = objectTypes[index].kind
        statementKind = objectTypes[index].statementKind
        for _ in objectTypes[index].words { cursor.advance() }
        break
      }
      if objectType == .foreignDataWrapper { cursor.accept("wrapper") }
    }
    let afterObject = cursor.previousEnd
    let concurrently = cursor.accept("concurrently")
    let insertion = cursor.previousEnd
    let ifExists = cursor.accept("if", "exists")
    var names: [QualifiedName] = []
    var onTable: QualifiedName?
    switch objectType {
    case .trigger, .policy, .rule:
      if let name = cursor.parseQualifiedName() { names.append(name) }
      if cursor.accept("on") { onTable = cursor.parseQualifiedName() }
    case .cast, .transform:
      break
    default:
      names = cursor.parseQualifiedNameList()
    }
    let cascade = cursor.skip(until: { $0.isKeyword("cascade") })
    let drop = DropStatement(
      objectType: objectType, names: names, ifExists: ifExists, concurrently: concurrently,
      cascade: cascade,
      onTable: onTable, insertionPoint: insertion, afterObjectKeyword: afterObject)
    return (statementKind, .drop(drop))
  }

  static func matches(_ cursor: TokenCursor, _ words: [StaticString]) -> Bool {
    for (offset, word) in words.enumerated() where !cursor.isKeyword(word, at: offset) { return false }
    return true
  }
}
