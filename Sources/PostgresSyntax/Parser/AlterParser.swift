/// `ALTER ...` statements; ALTER TABLE in detail.
enum AlterParser {
  static func parse(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    guard let objectToken = cursor.current else { return ("Unknown", .other) }
    let object = cursor.identifierText(objectToken)
    switch object {
    case "table":
      if cursor.isKeyword("all", at: 1) { return ("AlterTableMoveAllStmt", .other) }
      cursor.advance()
      return parseAlterRelation(&cursor, objectType: .table)
    case "index":
      if cursor.isKeyword("all", at: 1) { return ("AlterTableMoveAllStmt", .other) }
      cursor.advance()
      return parseAlterRelation(&cursor, objectType: .index)
    case "view":
      cursor.advance()
      return parseAlterRelation(&cursor, objectType: .view)
    case "materialized":
      cursor.advance()
      cursor.accept("view")
      if cursor.isKeyword("all") { return ("AlterTableMoveAllStmt", .other) }
      return parseAlterRelation(&cursor, objectType: .matview)
    case "foreign":
      if cursor.isKeyword("table", at: 1) {
        cursor.advance()
        cursor.advance()
        return parseAlterRelation(&cursor, objectType: .foreignTable)
      }
      return generic(&cursor, skipWords: 3, defaultKind: "AlterFdwStmt", renameType: "OBJECT_FDW")
    case "sequence":
      cursor.advance()
      var probe = cursor
      probe.accept("if", "exists")
      _ = probe.parseQualifiedName()
      if probe.isKeyword("owner")
        || (probe.isKeyword("set") && probe.isKeyword("schema", at: 1) == false
          && (probe.isKeyword("logged", at: 1) || probe.isKeyword("unlogged", at: 1)))
        || probe.isKeyword("rename") || (probe.isKeyword("set") && probe.isKeyword("schema", at: 1))
      {
        return parseAlterRelation(&cursor, objectType: .sequence)
      }
      return ("AlterSeqStmt", .other)
    case "type":
      return parseAlterType(&cursor)
    case "policy":
      var probe = cursor
      if probe.skip(until: { $0.isKeyword("rename") }) {
        cursor.advance()
        let name = cursor.parseIdentifier()
        cursor.accept("on")
        let table = cursor.parseQualifiedName()
        var rename = RenameStatement(
          objectType: ObjectKind(pgName: "OBJECT_POLICY"), target: table ?? QualifiedName(parts: []), oldName: name,
          newName: nil,
          onTable: table)
        if cursor.skip(until: { $0.isKeyword("to") }) {
          cursor.advance()
          rename.newName = cursor.parseIdentifier()
        }
        return ("RenameStmt:OBJECT_POLICY", .rename(rename))
      }
      return PolicyParser.parse(&cursor, isAlter: true)
    case "function", "procedure", "routine":
      return parseAlterFunction(&cursor, renameType: "OBJECT_" + object.uppercased())
    case "schema":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterOwnerStmt", renameType: "OBJECT_SCHEMA")
    case "role", "user", "group":
      if object == "user" && cursor.isKeyword("mapping", at: 1) { return ("AlterUserMappingStmt", .other) }
      var probe = cursor
      probe.advance()
      if probe.skip(until: { $0.isKeyword("rename") }) { return ("RenameStmt:OBJECT_ROLE", .other) }
      probe = cursor
      probe.advance()
      if probe.skip(until: { $0.isKeyword("set") || $0.isKeyword("reset") }) { return ("AlterRoleSetStmt", .other) }
      return ("AlterRoleStmt", .other)
    case "default":
      return ("AlterDefaultPrivilegesStmt", .other)
    case "publication":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterPublicationStmt", renameType: "OBJECT_PUBLICATION")
    case "subscription":
      return generic(
        &cursor, skipWords: 1, defaultKind: "AlterSubscriptionStmt", renameType: "OBJECT_SUBSCRIPTION")
    case "extension":
      var probe = cursor
      probe.advance()
      _ = probe.parseQualifiedName()
      if probe.isKeyword("add") || probe.isKeyword("drop") { return ("AlterExtensionContentsStmt", .other) }
      if probe.isKeyword("set") && probe.isKeyword("schema", at: 1) { return ("AlterObjectSchemaStmt", .other) }
      return ("AlterExtensionStmt", .other)
    case "domain":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterDomainStmt", renameType: "OBJECT_DOMAIN")
    case "database":
      var probe = cursor
      probe.advance()
      _ = probe.parseIdentifier()
      if probe.isKeyword("reset") || (probe.isKeyword("set") && !probe.isKeyword("tablespace", at: 1)) {
        return ("AlterDatabaseSetStmt", .other)
      }
      if probe.isKeyword("refresh") { return ("AlterDatabaseRefreshCollStmt", .other) }
      if probe.isKeyword("rename") { return ("RenameStmt:OBJECT_DATABASE", .other) }
      if probe.isKeyword("owner") { return ("AlterOwnerStmt", .other) }
      return ("AlterDatabaseStmt", .other)
    case "trigger":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterObjectDependsStmt", renameType: "OBJECT_TRIGGER")
    case "event":
      return generic(&cursor, skipWords: 2, defaultKind: "AlterEventTrigStmt", renameType: "OBJECT_EVENT_TRIGGER")
    case "operator":
      if cursor.isKeyword("family", at: 1) {
        return generic(&cursor, skipWords: 2, defaultKind: "AlterOpFamilyStmt", renameType: "OBJECT_OPFAMILY")
      }
      if cursor.isKeyword("class", at: 1) {
        return generic(&cursor, skipWords: 2, defaultKind: "AlterOwnerStmt", renameType: "OBJECT_OPCLASS")
      }
      return generic(&cursor, skipWords: 1, defaultKind: "AlterOperatorStmt", renameType: "OBJECT_OPERATOR")
    case "text":
      if cursor.isKeyword("configuration", at: 2) {
        return generic(
          &cursor, skipWords: 3, defaultKind: "AlterTSConfigurationStmt", renameType: "OBJECT_TSCONFIGURATION")
      }
      if cursor.isKeyword("dictionary", at: 2) {
        return generic(
          &cursor, skipWords: 3, defaultKind: "AlterTSDictionaryStmt", renameType: "OBJECT_TSDICTIONARY")
      }
      return generic(&cursor, skipWords: 3, defaultKind: "AlterOwnerStmt", renameType: "OBJECT_TSPARSER")
    case "system": return ("AlterSystemStmt", .other)
    case "statistics":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterStatsStmt", renameType: "OBJECT_STATISTIC_EXT")
    case "collation":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterCollationStmt", renameType: "OBJECT_COLLATION")
    case "aggregate":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterOwnerStmt", renameType: "OBJECT_AGGREGATE")
    case "conversion":
      return generic(&cursor, skipWords: 1, defaultKind: "AlterOwnerStmt", renameType: "OBJECT_CONVERSION")
    case "language", "procedural":
      return generic(
        &cursor, skipWords: object == "procedural" ? 2 : 1, defaultKind: "AlterOwnerStmt",
        renameType: "OBJECT_LANGUAGE")
    case "large": return ("AlterOwnerStmt", .other)
    case "server":
      return generic(
        &cursor, skipWords: 1, defaultKind: "AlterForeignServerStmt", renameType: "OBJECT_FOREIGN_SERVER")
    case "tablespace":
      return generic(
        &cursor, skipWords: 1, defaultKind: "AlterTableSpaceOptionsStmt", renameType: "OBJECT_TABLESPACE")
    default:
      return ("Unknown", .other)
    }
  }

  /// ALTER statements that only need RENAME / OWNER / SET SCHEMA / DEPENDS
  /// told apart from their own kind.
  static func generic(
    _ cursor: inout TokenCursor, skipWords: Int, defaultKind: String, renameType: String
  ) -> (String, StatementNode) {
    for _ in 0..<skipWords { cursor.advance() }
    cursor.accept("if", "exists")
    let target = cursor.parseQualifiedName() ?? QualifiedName(parts: [])
    var probe = cursor
    if probe.skip(until: { $0.isKeyword("rename") }) {
      var rename = RenameStatement(objectType: ObjectKind(pgName: renameType), target: target)
      probe.advance()
      if probe.accept("to") {
        rename.oldName = target.parts.last
        rename.newName = probe.parseIdentifier()
      }
      return ("RenameStmt:\(renameType)", .rename(rename))
    }
    probe = cursor
    if probe.skip(until: { $0.isKeyword("owner") && $0.isKeyword("to", at: 1) }) { return ("AlterOwnerStmt", .other) }
    probe = cursor
    if probe.skip(until: { $0.isKeyword("set") && $0.isKeyword("schema", at: 1) }) {
      probe.advance()
      probe.advance()
      let schema = probe.parseIdentifier()
      return (
        "AlterObjectSchemaStmt",
        .alterObjectSchema(
          AlterObjectSchema(objectType: ObjectKind(pgName: renameType), target: target, newSchema: schema))
      )
    }
    probe = cursor
    if probe.skip(until: { $0.isKeyword("depends") || ($0.isKeyword("no") && $0.isKeyword("depends", at: 1)) }) {
      return ("AlterObjectDependsStmt", .other)
    }
    return (defaultKind, .other)
  }

  /// ALTER FUNCTION: RENAME / OWNER / SET SCHEMA / DEPENDS as `generic`;
  /// otherwise the SECURITY and search_path options it changes.
  static func parseAlterFunction(_ cursor: inout TokenCursor, renameType: String) -> (String, StatementNode) {
    var probe = cursor
    let (kind, node) = generic(&probe, skipWords: 1, defaultKind: "AlterFunctionStmt", renameType: renameType)
    guard kind == "AlterFunctionStmt" else { return (kind, node) }
    cursor.advance()
    guard let name = cursor.parseQualifiedName() else { return (kind, .other) }
    if cursor.isKind(.leftParen) { _ = cursor.skipParenthesized() }
    var alter = AlterFunction(name: name, securityDefiner: nil, setsSearchPath: nil)
    while !cursor.atEnd {
      if cursor.accept("security") {
        if cursor.accept("definer") {
          alter.securityDefiner = true
        } else if cursor.accept("invoker") {
          alter.securityDefiner = false
        }
      } else if cursor.accept("set", "search_path") {
        alter.setsSearchPath = true
      } else if cursor.accept("reset", "search_path") || cursor.accept("reset", "all") {
        alter.setsSearchPath = false
      } else {
        cursor.advance()
      }
    }
    return (kind, .alterFunction(alter))
  }

  static func parseAlterType(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    guard let name = cursor.parseQualifiedName() else { return ("AlterEnumStmt", .other) }
    if cursor.accept("add", "value") {
      let ifNotExists = cursor.accept("if", "not", "exists")
      var alter = AlterEnum(name: name, newValue: nil, ifNotExists: ifNotExists, renameFrom: nil)
      if let token = cursor.accept(kind: .string) {
        alter.newValue = StringLiteral.value(of: token, in: cursor.bytes)
        let isBefore = cursor.accept("before")
        if isBefore || cursor.accept("after"), let neighbour = cursor.accept(kind: .string) {
          let value = StringLiteral.value(of: neighbour, in: cursor.bytes)
          if isBefore { alter.before = value } else { alter.after = value }
        }
      }
      return ("AlterEnumStmt", .alterEnum(alter))
    }
    if cursor.accept("rename", "value") {
      var old: String?
      var new: String?
      if let token = cursor.current, token.kind == .string { old = StringLiteral.value(of: token, in: cursor.bytes) }
      cursor.advance()
      cursor.accept("to")
      if let token = cursor.current, token.kind == .string { new = StringLiteral.value(of: token, in: cursor.bytes) }
      return ("AlterEnumStmt", .alterEnum(AlterEnum(name: name, newValue: new, ifNotExists: false, renameFrom: old)))
    }
    if cursor.accept("rename") {
      if cursor.accept("attribute") { return ("RenameStmt:OBJECT_ATTRIBUTE", .other) }
      cursor.accept("to")
      let rename = RenameStatement(
        objectType: ObjectKind(pgName: "OBJECT_TYPE"), target: name, oldName: name.parts.last,
        newName: cursor.parseIdentifier())
      return ("RenameStmt:OBJECT_TYPE", .rename(rename))
    }
    if cursor.isKeyword("owner") { return ("AlterOwnerStmt", .other) }
    if cursor.accept("set", "schema") {
      return (
        "AlterObjectSchemaStmt",
        .alterObjectSchema(
          AlterObjectSchema(
            objectType: ObjectKind(pgName: "OBJECT_TYPE"), target: name, newSchema: cursor.parseIdentifier()))
      )
    }
    if cursor.isKeyword("set") { return ("AlterTypeStmt", .other) }
    // ADD/DROP/ALTER ATTRIBUTE: an AlterTableStmt on the composite type.
    var subtypes: [String] = []
    while !cursor.atEnd {
      if cursor.isKeyword("add") {
        subtypes.append("AT_AddColumn")
      } else if cursor.isKeyword("drop") {
        subtypes.append("AT_DropColumn")
      } else if cursor.isKeyword("alter") {
        subtypes.append("AT_AlterColumnType")
      }
      _ = cursor.skipExpression()
      if cursor.accept(kind: .comma) == nil { break }
    }
    return ("AlterTableStmt:" + subtypes.joined(separator: ","), .other)
  }

  // MARK: ALTER TABLE / INDEX / VIEW / SEQUENCE

  /// `objectType` is `.table`, `.index`, `.view`, `.matview`,
  /// `.foreignTable` or `.sequence`. (A kind, not its SQL words: folding
  /// and looking up the words per statement cost 2.5 M instructions on the
  /// corpus run.)
  static func parseAlterRelation(_ cursor: inout TokenCursor, objectType: ObjectKind) -> (String, StatementNode) {
    let ifExists = cursor.accept("if", "exists")
    let only = cursor.accept("only")
    guard let name = cursor.parseQualifiedName() else { return ("AlterTableStmt:", .other) }
    if let token = cursor.current, token.kind == .operator, cursor.text(token.range) == "*" { cursor.advance() }
    if cursor.isKeyword("rename") {
      return parseRename(&cursor, target: name, renameType: objectType.pgName)
    }
    if cursor.isKeyword("set") && cursor.isKeyword("schema", at: 1) {
      cursor.advance()
      cursor.advance()
      let schema = cursor.parseIdentifier()
      return (
        "AlterObjectSchemaStmt",
        .alterObjectSchema(
          AlterObjectSchema(objectType: objectType, target: name, newSchema: schema))
      )
    }
    if objectType == .index && cursor.isKeyword("depends")
      || cursor.isKeyword("no") && cursor.isKeyword("depends", at: 1)
    {
      return ("AlterObjectDependsStmt", .other)
    }
    var commands: [AlterTableCommand] = []
    while !cursor.atEnd {
      let start = cursor.currentStart
      let before = cursor.index
      let (subtype, action) = parseCommand(&cursor)
      _ = cursor.skipExpression()
      commands.append(AlterTableCommand(subtype: subtype, action: action, range: cursor.range(from: start)))
      if cursor.accept(kind: .comma) == nil {
        if cursor.index == before { cursor.advance() }
        if !cursor.atEnd { _ = cursor.skipRest() }
        break
      }
    }
    let alter = AlterTable(objectType: objectType, name: name, ifExists: ifExists, only: only, commands: commands)
    return (alterTableKind(commands), .alterTable(alter))
  }

  /// `AlterTableStmt:` and the commands' subtypes, comma-separated, written
  /// in one allocation (appended piece by piece, the string grew two or
  /// three times: 3 M instructions more on the corpus run; a mapped array
  /// joined, 4 M more).
  static func alterTableKind(_ commands: [AlterTableCommand]) -> String {
    var prefix = "AlterTableStmt:"
    var length = prefix.utf8.count + max(0, commands.count - 1)
    for index in commands.indices { length += commands[index].subtype.utf8.count }
    return String(unsafeUninitializedCapacity: length) { buffer in
      var count = 0
      func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        let length = min(bytes.count, buffer.count - count)
        guard length > 0, let source = bytes.baseAddress, let target = buffer.baseAddress else { return }
        (target + count).initialize(from: source, count: length)
        count += length
      }
      prefix.withUTF8 { write($0) }
      for index in commands.indices {
        if index > 0 && count < buffer.count {
          buffer[count] = UInt8(ascii: ",")
          count += 1
        }
        var subtype = commands[index].subtype
        subtype.withUTF8 { write($0) }
      }
      return count
    }
  }

  static func parseRename(_ cursor: inout TokenCursor, target: QualifiedName, renameType: String)
    -> (String, StatementNode)
  {
    cursor.advance()
    if cursor.accept("to") {
      let rename = RenameStatement(
        objectType: ObjectKind(pgName: renameType), target: target, oldName: target.parts.last,
        newName: cursor.parseIdentifier())
      return ("RenameStmt:\(renameType)", .rename(rename))
    }
    if cursor.accept("constraint") {
      let old = cursor.parseIdentifier()
      cursor.accept("to")
      let rename = RenameStatement(
        objectType: ObjectKind(pgName: "OBJECT_TABCONSTRAINT"), target: target, oldName: old,
        newName: cursor.parseIdentifier())
      return ("RenameStmt:OBJECT_TABCONSTRAINT", .rename(rename))
    }
    cursor.accept("column")
    let old = cursor.parseIdentifier()
    cursor.accept("to")
    let rename = RenameStatement(
      objectType: ObjectKind(pgName: "OBJECT_COLUMN"), target: target, oldName: old, newName: cursor.parseIdentifier())
    return ("RenameStmt:OBJECT_COLUMN", .rename(rename))
  }

  /// One sub-command; leaves the cursor inside it (the caller skips the rest).
  static func parseCommand(_ cursor: inout TokenCursor) -> (String, AlterTableAction) {
    if cursor.accept("add") {
      if CreateParser.isTableConstraintStart(cursor) {
        if let constraint = CreateParser.parseTableConstraint(&cursor) {
          return ("AT_AddConstraint", .addConstraint(constraint))
        }
        return ("AT_AddConstraint", .other)
      }
      cursor.accept("column")
      let insertion = cursor.previousEnd
      let ifNotExists = cursor.accept("if", "not", "exists")
      if let column = CreateParser.parseColumnDefinition(&cursor) {
        return ("AT_AddColumn", .addColumn(column, ifNotExists: ifNotExists, insertionPoint: insertion))
      }
      return ("AT_AddColumn", .other)
    }
    if cursor.accept("drop") {
      if cursor.accept("constraint") {
        let insertion = cursor.previousEnd
        let ifExists = cursor.accept("if", "exists")
        if let name = cursor.parseIdentifier() {
          return ("AT_DropConstraint", .dropConstraint(name, ifExists: ifExists, insertionPoint: insertion))
        }
        return ("AT_DropConstraint", .other)
      }
      if cursor.isKeyword("not") && cursor.isKeyword("null", at: 1) { return ("AT_DropNotNull", .other) }
      cursor.accept("column")
      let insertion = cursor.previousEnd
      let ifExists = cursor.accept("if", "exists")
      if let name = cursor.parseIdentifier() {
        let cascade = cursor.isKeyword("cascade")
        return ("AT_DropColumn", .dropColumn(name, ifExists: ifExists, cascade: cascade, insertionPoint: insertion))
      }
      return ("AT_DropColumn", .other)
    }
    if cursor.accept("alter") {
      if cursor.accept("constraint") { return ("AT_AlterConstraint", .other) }
      cursor.accept("column")
      guard let column = cursor.parseIdentifier() ?? numberAsIdentifier(&cursor) else {
        return ("AT_AlterColumnType", .other)
      }
      if cursor.accept("type") || cursor.accept("set", "data", "type") {
        let (typeName, typeRange) = CreateParser.parseTypeName(
          &cursor, stop: { $0.isKeyword("using") || $0.isKeyword("collate") })
        if cursor.accept("collate") { _ = cursor.parseQualifiedName() }
        var using: Range<Int>?
        if cursor.accept("using") { using = cursor.skipExpression() }
        return ("AT_AlterColumnType", .alterColumnType(column, typeName: typeName, using: using, typeRange: typeRange))
      }
      if cursor.accept("set", "not", "null") { return ("AT_SetNotNull", .setNotNull(column)) }
      if cursor.accept("drop", "not", "null") { return ("AT_DropNotNull", .dropNotNull(column)) }
      if cursor.accept("set", "default") {
        let range = cursor.skipExpression() ?? cursor.previousEnd..<cursor.previousEnd
        return ("AT_ColumnDefault", .setDefault(column, expression: range))
      }
      if cursor.accept("drop", "default") { return ("AT_ColumnDefault", .dropDefault(column)) }
      if cursor.accept("add", "generated") { return ("AT_AddIdentity", .addIdentity(column)) }
      if cursor.accept("drop", "identity") { return ("AT_DropIdentity", .other) }
      if cursor.accept("drop", "expression") { return ("AT_DropExpression", .other) }
      if cursor.accept("set", "statistics") { return ("AT_SetStatistics", .other) }
      if cursor.accept("set", "storage") { return ("AT_SetStorage", .other) }
      if cursor.accept("set", "compression") { return ("AT_SetCompression", .other) }
      if cursor.accept("set", "expression") { return ("AT_SetExpression", .other) }
      if cursor.isKeyword("set") && cursor.isKind(.leftParen, at: 1) { return ("AT_SetOptions", .other) }
      if cursor.isKeyword("reset") { return ("AT_ResetOptions", .other) }
      if cursor.isKeyword("set") || cursor.isKeyword("restart") { return ("AT_SetIdentity", .other) }
      return ("AT_AlterColumnType", .other)
    }
    if cursor.accept("validate", "constraint") {
      if let name = cursor.parseIdentifier() { return ("AT_ValidateConstraint", .validateConstraint(name)) }
      return ("AT_ValidateConstraint", .other)
    }
    if cursor.accept("enable", "row", "level") {
      return ("AT_EnableRowSecurity", .rowLevelSecurity(enable: true, force: nil))
    }
    if cursor.accept("disable", "row", "level") {
      return ("AT_DisableRowSecurity", .rowLevelSecurity(enable: false, force: nil))
    }
    if cursor.accept("force", "row", "level") {
      return ("AT_ForceRowSecurity", .rowLevelSecurity(enable: true, force: true))
    }
    if cursor.accept("no", "force", "row") {
      return ("AT_NoForceRowSecurity", .rowLevelSecurity(enable: true, force: false))
    }
    if cursor.isKeyword("enable") || cursor.isKeyword("disable") {
      let enable = cursor.isKeyword("enable")
      cursor.advance()
      let prefix = enable ? "AT_Enable" : "AT_Disable"
      if cursor.accept("always") {
        return (cursor.isKeyword("rule") ? "AT_EnableAlwaysRule" : "AT_EnableAlwaysTrig", .other)
      }
      if cursor.accept("replica") {
        return (cursor.isKeyword("rule") ? "AT_EnableReplicaRule" : "AT_EnableReplicaTrig", .other)
      }
      if cursor.accept("rule") { return (prefix + "Rule", .other) }
      cursor.accept("trigger")
      if cursor.isKeyword("all") { return (prefix + "TrigAll", .other) }
      if cursor.isKeyword("user") { return (prefix + "TrigUser", .other) }
      return (prefix + "Trig", .other)
    }
    if cursor.accept("attach", "partition") {
      if let name = cursor.parseQualifiedName() { return ("AT_AttachPartition", .attachPartition(name)) }
      return ("AT_AttachPartition", .other)
    }
    if cursor.accept("detach", "partition") {
      let name = cursor.parseQualifiedName()
      let concurrently = cursor.accept("concurrently")
      if cursor.isKeyword("finalize") { return ("AT_DetachPartitionFinalize", .other) }
      if let name { return ("AT_DetachPartition", .detachPartition(name, concurrently: concurrently)) }
      return ("AT_DetachPartition", .other)
    }
    if cursor.accept("owner", "to") { return ("AT_ChangeOwner", .other) }
    if cursor.accept("replica", "identity") { return ("AT_ReplicaIdentity", .other) }
    if cursor.accept("cluster", "on") { return ("AT_ClusterOn", .other) }
    if cursor.accept("inherit") { return ("AT_AddInherit", .other) }
    if cursor.accept("no", "inherit") { return ("AT_DropInherit", .other) }
    if cursor.accept("of") { return ("AT_AddOf", .other) }
    if cursor.accept("not", "of") { return ("AT_DropOf", .other) }
    if cursor.accept("set") {
      if cursor.isKind(.leftParen) { return ("AT_SetRelOptions", .other) }
      if cursor.accept("tablespace") { return ("AT_SetTableSpace", .other) }
      if cursor.accept("logged") { return ("AT_SetLogged", .other) }
      if cursor.accept("unlogged") { return ("AT_SetUnLogged", .other) }
      if cursor.accept("without", "cluster") { return ("AT_DropCluster", .other) }
      if cursor.accept("without", "oids") { return ("AT_DropOids", .other) }
      if cursor.accept("access", "method") { return ("AT_SetAccessMethod", .other) }
      return ("AT_SetRelOptions", .other)
    }
    if cursor.accept("reset") { return ("AT_ResetRelOptions", .other) }
    return ("AT_Unknown", .other)
  }

  /// `ALTER INDEX i ALTER COLUMN 1 SET STATISTICS` uses a column number.
  static func numberAsIdentifier(_ cursor: inout TokenCursor) -> Identifier? {
    guard let token = cursor.accept(kind: .integer) else { return nil }
    return Identifier(value: cursor.text(token.range), range: token.range)
  }
}
