import PostgresSyntax

extension SchemaState {
  /// Applies one statement's effect on the schema and session state.
  public mutating func apply(_ statement: Statement, source: SourceFile) {
    switch statement.node {
    case .transaction(let transaction): applyTransaction(transaction)
    case .set(let set): applySet(set)
    case .createTable(let create): applyCreateTable(create, source: source)
    case .createIndex(let index): applyCreateIndex(index)
    case .alterTable(let alter): applyAlterTable(alter, source: source)
    case .drop(let drop): applyDrop(drop)
    case .rename(let rename): applyRename(rename)
    case .alterObjectSchema(let move): applyMove(move)
    case .createPolicy(let policy):
      let key = resolve(policy.table, in: tables)
      tables[key]?.policies.removeAll { $0.name == policy.name.value }
      tables[key]?.policies.append(
        PolicyInfo(
          name: policy.name.value, command: policy.command, roles: policy.roles, permissive: policy.permissive))
    case .createFunction(let function):
      let key = keyForCreation(function.name)
      functions[key] = FunctionInfo(
        key: key, securityDefiner: function.securityDefiner, setsSearchPath: function.setsSearchPath,
        language: function.language, origin: functions[key]?.origin ?? currentOrigin)
    case .createView(let view):
      let key = keyForCreation(view.name)
      if view.isTableAs {
        tables[key] = TableInfo(
          key: key, columns: [], constraints: [], rlsEnabled: false, rlsForced: false, policies: [],
          origin: currentOrigin, isPartitioned: false, isUncertain: true)
      } else {
        views[key] = ViewInfo(
          key: key, materialized: view.materialized, securityInvoker: view.securityInvoker,
          origin: views[key]?.origin ?? currentOrigin)
      }
    case .createType(let type) where type.definition == .enumeration:
      let key = keyForCreation(type.name)
      enums[key] = EnumInfo(key: key, values: type.enumValues, origin: currentOrigin, addedValues: [:])
    case .alterEnum(let alter):
      let key = resolve(alter.name, in: enums)
      guard var type = enums[key] else { break }
      if let value = alter.newValue, alter.renameFrom == nil, !type.values.contains(value) {
        type.values.append(value)
        type.addedValues[value] = currentOrigin
      } else if let old = alter.renameFrom, let new = alter.newValue, let position = type.values.firstIndex(of: old) {
        type.values[position] = new
      }
      enums[key] = type
    case .createSimple(let simple):
      switch simple.objectType {
      case "SCHEMA": schemas.insert(simple.name.name)
      case "EXTENSION": extensions[simple.name.name] = simple.schema?.value ?? creationSchema
      default: break
      }
    case .doBlock, .other:
      // Statements cslint cannot follow may change anything they mention.
      markMentionedTablesUncertain(statement, source: source)
    default:
      break
    }
  }

  mutating func applyTransaction(_ transaction: TransactionStatement) {
    switch transaction.kind {
    case .begin, .start:
      inExplicitTransaction = true
      transactionNumber += 1
    case .commit, .rollback, .prepare:
      inExplicitTransaction = false
      transactionNumber += 1
    default:
      break
    }
  }

  mutating func applySet(_ set: SetStatement) {
    guard let name = set.name else {
      searchPath = ["public"]
      lockTimeout = nil
      statementTimeout = nil
      return
    }
    switch name {
    case "search_path":
      if set.isReset {
        searchPath = ["public"]
      } else if let value = set.value {
        let schemas = value.split(separator: ",").map {
          String($0).trimming(" '\"").lowercased()
        }.filter { !$0.isEmpty && $0 != "$user" && $0 != "\"$user\"" }
        searchPath = schemas.isEmpty ? ["public"] : schemas
      }
    case "lock_timeout": lockTimeout = set.isReset ? nil : set.value
    case "statement_timeout": statementTimeout = set.isReset ? nil : set.value
    default: break
    }
  }

  mutating func applyCreateTable(_ create: CreateTable, source: SourceFile) {
    let key = keyForCreation(create.name)
    if create.ifNotExists, tables[key] != nil { return }
    var columns = create.columns.map { column in
      ColumnInfo(
        name: column.name.value, typeName: column.typeName, notNull: column.notNull,
        defaultExpression: column.defaultText,
        defaultIsVolatile: column.defaultText.map(DefaultVolatility.isVolatile) ?? false,
        isIdentity: column.isIdentity, isGenerated: column.isGenerated)
    }
    var constraints: [ConstraintInfo] = []
    for constraint in create.constraints {
      constraints.append(constraintInfo(constraint, table: key, source: source))
      if constraint.kind == .primaryKey || constraint.kind == .notNull {
        for index in columns.indices where constraint.columns.contains(columns[index].name) {
          columns[index].notNull = true
        }
      }
    }
    for column in create.columns {
      for check in column.checks {
        constraints.append(
          ConstraintInfo(
            name: "\(key.name)_\(column.name.value)_check", kind: .check, columns: [column.name.value],
            validated: true, referencedTable: nil, checkExpression: Self.normalize(source.text(check))))
      }
    }
    var isUncertain = !create.likeTables.isEmpty
    if let parent = create.partitionOf, let parentTable = table(parent) {
      columns = parentTable.columns
      isUncertain = isUncertain || parentTable.isUncertain
    }
    tables[key] = TableInfo(
      key: key, columns: columns, constraints: constraints, rlsEnabled: false, rlsForced: false, policies: [],
      origin: currentOrigin, isPartitioned: create.isPartitioned, isUncertain: isUncertain)
  }

  func constraintInfo(_ constraint: TableConstraint, table: ObjectKey, source: SourceFile) -> ConstraintInfo {
    let name =
      constraint.name?.value
      ?? {
        switch constraint.kind {
        case .primaryKey: return "\(table.name)_pkey"
        case .foreignKey: return "\(table.name)_\(constraint.columns.first ?? "")_fkey"
        case .unique: return "\(table.name)_\(constraint.columns.joined(separator: "_"))_key"
        case .check: return "\(table.name)_check"
        case .exclude: return "\(table.name)_excl"
        case .notNull: return "\(table.name)_\(constraint.columns.first ?? "")_not_null"
        }
      }()
    return ConstraintInfo(
      name: name, kind: constraint.kind, columns: constraint.columns, validated: !constraint.notValid,
      referencedTable: constraint.referencedTable.map { resolve($0, in: tables) },
      checkExpression: constraint.expression.map { Self.normalize(source.text($0)) })
  }

  /// Lower case, whitespace collapsed, outer parentheses removed.
  static func normalize(_ expression: String) -> String {
    var text = expression.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
      .joined(separator: " ")
    while text.hasPrefix("(") && text.hasSuffix(")") {
      text = String(text.dropFirst().dropLast()).trimming(" ")
    }
    return text
  }

  mutating func applyCreateIndex(_ index: CreateIndex) {
    let tableKey = resolve(index.table, in: tables)
    guard let name = index.name else { return }
    let key = ObjectKey(schema: tableKey.schema, name: name.value)
    if index.ifNotExists, indexes[key] != nil { return }
    indexes[key] = IndexInfo(
      key: key, table: tableKey, columns: index.columns.map(\.column), unique: index.unique,
      partial: index.whereClause != nil, origin: currentOrigin)
  }

  mutating func applyAlterTable(_ alter: AlterTable, source: SourceFile) {
    let key = resolve(alter.name, in: tables)
    guard var table = tables[key] else { return }
    for command in alter.commands {
      switch command.action {
      case .addColumn(let column, let ifNotExists, _):
        if ifNotExists && table.column(column.name.value) != nil { continue }
        table.columns.append(
          ColumnInfo(
            name: column.name.value, typeName: column.typeName, notNull: column.notNull,
            defaultExpression: column.defaultText,
            defaultIsVolatile: column.defaultText.map(DefaultVolatility.isVolatile) ?? false,
            isIdentity: column.isIdentity, isGenerated: column.isGenerated))
      case .dropColumn(let name, _, _, _):
        table.columns.removeAll { $0.name == name.value }
        table.constraints.removeAll { $0.columns.contains(name.value) }
      case .alterColumnType(let name, let typeName, _):
        if let index = table.columnIndex(name.value) { table.columns[index].typeName = typeName }
      case .setNotNull(let name):
        if let index = table.columnIndex(name.value) { table.columns[index].notNull = true }
      case .dropNotNull(let name):
        if let index = table.columnIndex(name.value) { table.columns[index].notNull = false }
      case .setDefault(let name, let expression):
        if let index = table.columnIndex(name.value) {
          let text = source.text(expression)
          table.columns[index].defaultExpression = text
          table.columns[index].defaultIsVolatile = DefaultVolatility.isVolatile(text)
        }
      case .dropDefault(let name):
        if let index = table.columnIndex(name.value) { table.columns[index].defaultExpression = nil }
      case .addIdentity(let name):
        if let index = table.columnIndex(name.value) {
          table.columns[index].isIdentity = true
          table.columns[index].notNull = true
        }
      case .addConstraint(let constraint):
        let info = constraintInfo(constraint, table: key, source: source)
        table.constraints.removeAll { $0.name == info.name }
        table.constraints.append(info)
        if constraint.kind == .primaryKey {
          for index in table.columns.indices where constraint.columns.contains(table.columns[index].name) {
            table.columns[index].notNull = true
          }
        }
      case .validateConstraint(let name):
        if let index = table.constraints.firstIndex(where: { $0.name == name.value }) {
          table.constraints[index].validated = true
        }
      case .dropConstraint(let name, _, _):
        let dropped = table.constraints.filter { $0.name == name.value }
        table.constraints.removeAll { $0.name == name.value }
        for constraint in dropped where constraint.kind == .notNull {
          for index in table.columns.indices where constraint.columns.contains(table.columns[index].name) {
            table.columns[index].notNull = false
          }
        }
        Self.dropNotNullConstraint(named: name.value, in: &table)
      case .rowLevelSecurity(let enable, let force):
        if let force {
          table.rlsForced = force
        } else {
          table.rlsEnabled = enable
        }
      case .attachPartition, .detachPartition, .other:
        break
      }
    }
    tables[key] = table
  }

  mutating func applyDrop(_ drop: DropStatement) {
    switch drop.objectType {
    case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
      for name in drop.names {
        let key = resolve(name, in: tables)
        tables[key] = nil
        indexes = indexes.filter { $0.value.table != key }
      }
    case "OBJECT_INDEX":
      for name in drop.names { indexes[resolve(name, in: indexes)] = nil }
    case "OBJECT_VIEW", "OBJECT_MATVIEW":
      for name in drop.names {
        views[resolve(name, in: views)] = nil
        tables[resolve(name, in: tables)] = nil
      }
    case "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE":
      for name in drop.names { functions[resolve(name, in: functions)] = nil }
    case "OBJECT_TYPE":
      for name in drop.names { enums[resolve(name, in: enums)] = nil }
    case "OBJECT_POLICY":
      if let table = drop.onTable, let name = drop.names.first {
        tables[resolve(table, in: tables)]?.policies.removeAll { $0.name == name.name }
      }
    case "OBJECT_EXTENSION":
      for name in drop.names { extensions[name.name] = nil }
    case "OBJECT_SCHEMA":
      for name in drop.names {
        schemas.remove(name.name)
        if drop.cascade {
          tables = tables.filter { $0.key.schema != name.name }
          indexes = indexes.filter { $0.key.schema != name.name }
        }
      }
    default:
      break
    }
  }

  mutating func applyRename(_ rename: RenameStatement) {
    switch rename.objectType {
    case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
      let key = resolve(rename.target, in: tables)
      guard let newName = rename.newName, var table = tables.removeValue(forKey: key) else { return }
      for index in table.columns.indices where table.columns[index].notNull {
        table.columns[index].notNullConstraint = Self.notNullConstraintName(table.columns[index], table: key.name)
      }
      table.key = ObjectKey(schema: key.schema, name: newName.value)
      tables[table.key] = table
      for (indexKey, index) in indexes where index.table == key { indexes[indexKey]?.table = table.key }
    case "OBJECT_COLUMN":
      let key = resolve(rename.target, in: tables)
      guard let old = rename.oldName, let new = rename.newName, var table = tables[key],
        let index = table.columnIndex(old.value)
      else { return }
      if table.columns[index].notNull {
        table.columns[index].notNullConstraint = Self.notNullConstraintName(table.columns[index], table: key.name)
      }
      table.columns[index].name = new.value
      tables[key] = table
    case "OBJECT_TABCONSTRAINT":
      let key = resolve(rename.target, in: tables)
      guard let old = rename.oldName, let new = rename.newName,
        let index = tables[key]?.constraints.firstIndex(where: { $0.name == old.value })
      else { return }
      tables[key]?.constraints[index].name = new.value
    case "OBJECT_INDEX":
      let key = resolve(rename.target, in: indexes)
      guard let newName = rename.newName, var index = indexes.removeValue(forKey: key) else { return }
      index.key = ObjectKey(schema: key.schema, name: newName.value)
      indexes[index.key] = index
    case "OBJECT_VIEW", "OBJECT_MATVIEW":
      let key = resolve(rename.target, in: views)
      guard let newName = rename.newName, var view = views.removeValue(forKey: key) else { return }
      view.key = ObjectKey(schema: key.schema, name: newName.value)
      views[view.key] = view
    case "OBJECT_TYPE":
      let key = resolve(rename.target, in: enums)
      guard let newName = rename.newName, var type = enums.removeValue(forKey: key) else { return }
      type.key = ObjectKey(schema: key.schema, name: newName.value)
      enums[type.key] = type
    default:
      break
    }
  }

  mutating func applyMove(_ move: AlterObjectSchema) {
    guard let schema = move.newSchema?.value else { return }
    switch move.objectType {
    case "OBJECT_TABLE":
      let key = resolve(move.target, in: tables)
      guard var table = tables.removeValue(forKey: key) else { return }
      table.key = ObjectKey(schema: schema, name: key.name)
      tables[table.key] = table
    case "OBJECT_TYPE":
      let key = resolve(move.target, in: enums)
      guard var type = enums.removeValue(forKey: key) else { return }
      type.key = ObjectKey(schema: schema, name: key.name)
      enums[type.key] = type
    default:
      break
    }
  }

  /// The name of a column's NOT NULL constraint (PostgreSQL 18+).
  static func notNullConstraintName(_ column: ColumnInfo, table: String) -> String {
    column.notNullConstraint ?? "\(table)_\(column.name)_not_null"
  }

  /// `DROP CONSTRAINT <table>_<column>_not_null` (PostgreSQL 18+, which
  /// appends a digit on a name clash) removes a column's NOT NULL.
  static func dropNotNullConstraint(named name: String, in table: inout TableInfo) {
    var base = Substring(name)
    while let last = base.last, last.isNumber { base = base.dropLast() }
    guard base.hasSuffix("_not_null") else { return }
    for index in table.columns.indices where table.columns[index].notNull {
      if notNullConstraintName(table.columns[index], table: table.key.name) == base {
        table.columns[index].notNull = false
        table.columns[index].notNullConstraint = nil
      }
    }
  }

  /// A DO block or unparsed statement that names a known table makes that
  /// table uncertain (it may have been altered in ways cslint cannot see).
  mutating func markMentionedTablesUncertain(_ statement: Statement, source: SourceFile) {
    guard case .doBlock = statement.node else { return }
    let text = source.text(statement.range).lowercased()
    for key in tables.keys where text.contains(key.name) {
      tables[key]?.isUncertain = true
    }
  }
}

extension String {
  /// Trims any of the given characters from both ends.
  func trimming(_ set: String) -> String {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
