import PostgresSyntax

extension SchemaState {
  /// Replays a whole earlier migration, for context only (the caller starts
  /// the file with `beginFile`).
  public mutating func replay(_ source: SourceFile) {
    let scanned = ScannedFile(source: source)
    for statement in StatementParser.parse(scanned) { apply(statement, source: source) }
  }

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
    case .alterPolicy(let policy):
      // ALTER POLICY cannot change the command or PERMISSIVE/RESTRICTIVE;
      // it can change the roles.
      let key = resolve(policy.table, in: tables)
      if !policy.roles.isEmpty, let index = tables[key]?.policies.firstIndex(where: { $0.name == policy.name.value }) {
        tables[key]?.policies[index].roles = policy.roles
      }
    case .createFunction(let function):
      let key = keyForCreation(function.name)
      functions[key] = FunctionInfo(
        key: key, securityDefiner: function.securityDefiner, setsSearchPath: function.setsSearchPath,
        language: function.language, origin: functions[key]?.origin ?? currentOrigin)
    case .alterFunction(let alter):
      let key = resolve(alter.name, in: functions)
      if let definer = alter.securityDefiner { functions[key]?.securityDefiner = definer }
      if let setsPath = alter.setsSearchPath { functions[key]?.setsSearchPath = setsPath }
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
        if let before = alter.before, let position = type.values.firstIndex(of: before) {
          type.values.insert(value, at: position)
        } else if let after = alter.after, let position = type.values.firstIndex(of: after) {
          type.values.insert(value, at: position + 1)
        } else {
          type.values.append(value)
        }
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
      // SET LOCAL lasts until the end of the transaction.
      if let saved = settingsBeforeSetLocal {
        (searchPath, lockTimeout, statementTimeout) = saved
        settingsBeforeSetLocal = nil
      }
    default:
      break
    }
  }

  mutating func applySet(_ set: SetStatement) {
    // Outside a transaction block SET LOCAL only warns and changes nothing.
    if set.isLocal && !inTransaction { return }
    if set.isLocal && settingsBeforeSetLocal == nil {
      settingsBeforeSetLocal = (searchPath, lockTimeout, statementTimeout)
    }
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
    var columns = create.columns.map(Self.columnInfo)
    var constraints: [ConstraintInfo] = []
    for constraint in create.constraints {
      constraints.append(
        constraintInfo(constraint, table: key, columnNames: create.columns.map(\.name.value), source: source))
      if constraint.kind == .primaryKey || constraint.kind == .notNull {
        for index in columns.indices where constraint.columns.contains(columns[index].name) {
          columns[index].notNull = true
        }
      }
    }
    for column in create.columns {
      constraints += columnConstraints(column, table: key, source: source)
    }
    constraints = Self.withoutRedundantUniques(constraints)
    var isUncertain = !create.likeTables.isEmpty
    if let parent = create.partitionOf, let parentTable = table(parent) {
      columns = parentTable.columns
      isUncertain = isUncertain || parentTable.isUncertain
    }
    // INHERITS: the parents' columns come first, then the table's own.
    var inherited: [ColumnInfo] = []
    for parent in create.inherits {
      guard let parentTable = table(parent) else {
        isUncertain = true
        continue
      }
      inherited += parentTable.columns.filter { column in !inherited.contains { $0.name == column.name } }
      isUncertain = isUncertain || parentTable.isUncertain
    }
    columns = inherited.filter { column in !columns.contains { $0.name == column.name } } + columns
    tables[key] = TableInfo(
      key: key, columns: columns, constraints: constraints, rlsEnabled: false, rlsForced: false, policies: [],
      origin: currentOrigin, isPartitioned: create.isPartitioned, isUncertain: isUncertain)
  }

  /// A column as declared; `DEFAULT NULL` is no default (PostgreSQL stores
  /// no pg_attrdef entry for a null constant).
  static func columnInfo(_ column: ColumnDefinition) -> ColumnInfo {
    let defaultText = column.defaultText.flatMap { isNullConstant($0) ? nil : $0 }
    return ColumnInfo(
      name: column.name.value, typeName: column.typeName, notNull: column.notNull, defaultExpression: defaultText,
      defaultIsVolatile: defaultText.map(DefaultVolatility.isVolatile) ?? false, isIdentity: column.isIdentity,
      isGenerated: column.isGenerated)
  }

  /// CREATE TABLE builds one index per distinct key: a UNIQUE on the primary
  /// key's columns (`id uuid UNIQUE, …, PRIMARY KEY (id)`), or on the same
  /// columns as an earlier UNIQUE, is dropped as redundant.
  static func withoutRedundantUniques(_ constraints: [ConstraintInfo]) -> [ConstraintInfo] {
    var keys: [[String]] = constraints.filter { $0.kind == .primaryKey }.map(\.columns)
    return constraints.filter { constraint in
      guard constraint.kind == .unique else { return true }
      if keys.contains(constraint.columns) { return false }
      keys.append(constraint.columns)
      return true
    }
  }

  /// `NULL`, `(NULL)`, `NULL::text`: PostgreSQL folds these to a null constant.
  static func isNullConstant(_ expression: String) -> Bool {
    let text = normalize(expression)
    return text == "null" || (text.hasPrefix("null::") && !text.contains(" "))
  }

  /// Constraints written on a column (`id uuid PRIMARY KEY REFERENCES …`),
  /// named as PostgreSQL names them.
  func columnConstraints(_ column: ColumnDefinition, table: ObjectKey, source: SourceFile) -> [ConstraintInfo] {
    let name = column.name.value
    var constraints: [ConstraintInfo] = []
    func add(_ kind: ConstraintKind, _ label: String, referenced: ObjectKey? = nil, check: String? = nil) {
      constraints.append(
        ConstraintInfo(
          name: ConstraintNaming.name(table: table.name, columns: label == "pkey" ? [] : [name], label: label),
          kind: kind, columns: [name], validated: true, referencedTable: referenced, checkExpression: check))
    }
    if column.primaryKey { add(.primaryKey, "pkey") }
    if column.unique { add(.unique, "key") }
    if let referenced = column.references { add(.foreignKey, "fkey", referenced: resolve(referenced, in: tables)) }
    for check in column.checks { add(.check, "check", check: Self.normalize(source.text(check))) }
    return constraints
  }

  func constraintInfo(
    _ constraint: TableConstraint, table: ObjectKey, columnNames: [String], source: SourceFile
  ) -> ConstraintInfo {
    let name =
      constraint.name?.value
      ?? {
        switch constraint.kind {
        case .primaryKey: return ConstraintNaming.name(table: table.name, columns: [], label: "pkey")
        case .foreignKey: return ConstraintNaming.name(table: table.name, columns: constraint.columns, label: "fkey")
        case .unique: return ConstraintNaming.name(table: table.name, columns: constraint.columns, label: "key")
        case .check:
          let mentioned = constraint.expression.map {
            ConstraintNaming.mentionedColumns(in: source.text($0), candidates: columnNames)
          }
          let columns = mentioned?.count == 1 ? mentioned ?? [] : []
          return ConstraintNaming.name(table: table.name, columns: columns, label: "check")
        case .exclude: return ConstraintNaming.name(table: table.name, columns: constraint.columns, label: "excl")
        case .notNull:
          return ConstraintNaming.name(
            table: table.name, columns: Array(constraint.columns.prefix(1)), label: "not_null")
        }
      }()
    return ConstraintInfo(
      name: name, kind: constraint.kind, columns: constraint.columns, validated: !constraint.notValid,
      referencedTable: constraint.referencedTable.map { resolve($0, in: tables) },
      checkExpression: constraint.expression.map { Self.normalize(source.text($0)) })
  }

  /// Lower case, whitespace collapsed, outer parentheses removed.
  /// Bytes, since it runs for every default and check expression.
  static func normalize(_ expression: String) -> String {
    // (`lowercased()` has its own fast path for ASCII text.)
    let lowered = expression.lowercased()
    var bytes: [UInt8] = []
    bytes.reserveCapacity(lowered.utf8.count)
    var pendingSpace = false
    for byte in lowered.utf8 {
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
        pendingSpace = !bytes.isEmpty
      } else {
        if pendingSpace { bytes.append(0x20) }
        pendingSpace = false
        bytes.append(byte)
      }
    }
    var start = 0
    var end = bytes.count
    while end - start >= 2 && Self.parenthesesEnclose(bytes, start, end) {
      start += 1
      end -= 1
      while start < end && bytes[start] == 0x20 { start += 1 }
      while end > start && bytes[end - 1] == 0x20 { end -= 1 }
    }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// Whether `bytes[start]` is a `(` closed by `bytes[end - 1]`: `(a) = (b)`
  /// starts and ends with parentheses that do not enclose it. Quoted text
  /// (`')'`, `"a)"`) does not count.
  static func parenthesesEnclose(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
    guard bytes[start] == UInt8(ascii: "("), bytes[end - 1] == UInt8(ascii: ")") else { return false }
    var depth = 0
    var quote: UInt8?
    for index in start..<end {
      let byte = bytes[index]
      if let open = quote {
        if byte == open { quote = nil }
        continue
      }
      switch byte {
      case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"):
        depth -= 1
        if depth == 0 { return index == end - 1 }
      default: break
      }
    }
    return false
  }

  mutating func applyCreateIndex(_ index: CreateIndex) {
    let tableKey = resolve(index.table, in: tables)
    let key: ObjectKey
    if let name = index.name {
      key = ObjectKey(schema: tableKey.schema, name: name.value)
      if index.ifNotExists, indexes[key] != nil { return }
    } else {
      key = generatedIndexKey(index, table: tableKey)
    }
    indexes[key] = IndexInfo(
      key: key, table: tableKey, columns: index.columns.map(\.column), unique: index.unique,
      partial: index.whereClause != nil, origin: currentOrigin)
  }

  /// The name PostgreSQL gives an unnamed index: `table_col1_col2_idx`
  /// (`expr` for an expression), with a number appended until it is free.
  func generatedIndexKey(_ index: CreateIndex, table: ObjectKey) -> ObjectKey {
    let columns = index.columns.map { $0.column ?? "expr" }.joined(separator: "_")
    let base = "\(table.name)_\(columns)_idx"
    var key = ObjectKey(schema: table.schema, name: base)
    var suffix = 1
    while indexes[key] != nil || tables[key] != nil {
      key = ObjectKey(schema: table.schema, name: "\(base)\(suffix)")
      suffix += 1
    }
    return key
  }

  mutating func applyAlterTable(_ alter: AlterTable, source: SourceFile) {
    let key = resolve(alter.name, in: tables)
    guard var table = tables[key] else { return }
    for command in alter.commands {
      switch command.action {
      case .addColumn(let column, let ifNotExists, _):
        if ifNotExists && table.column(column.name.value) != nil { continue }
        table.columns.append(Self.columnInfo(column))
        for constraint in columnConstraints(column, table: key, source: source) {
          table.constraints.removeAll { $0.name == constraint.name }
          table.constraints.append(constraint)
        }
      case .dropColumn(let name, _, _, _):
        table.columns.removeAll { $0.name == name.value }
        table.constraints.removeAll { $0.columns.contains(name.value) }
        // PostgreSQL drops the indexes that use the column with it.
        removeIndexes { $0.table == key && $0.columns.contains(name.value) }
      case .alterColumnType(let name, let typeName, _):
        if let index = table.columnIndex(name.value) { table.columns[index].typeName = typeName }
      case .setNotNull(let name):
        if let index = table.columnIndex(name.value) { table.columns[index].notNull = true }
      case .dropNotNull(let name):
        if let index = table.columnIndex(name.value) { table.columns[index].notNull = false }
      case .setDefault(let name, let expression):
        if let index = table.columnIndex(name.value) {
          let text = source.text(expression)
          let isNull = Self.isNullConstant(text)
          table.columns[index].defaultExpression = isNull ? nil : text
          table.columns[index].defaultIsVolatile = !isNull && DefaultVolatility.isVolatile(text)
        }
      case .dropDefault(let name):
        if let index = table.columnIndex(name.value) {
          table.columns[index].defaultExpression = nil
          table.columns[index].defaultIsVolatile = false
        }
      case .addIdentity(let name):
        if let index = table.columnIndex(name.value) {
          table.columns[index].isIdentity = true
          table.columns[index].notNull = true
        }
      case .addConstraint(let constraint):
        let info = constraintInfo(constraint, table: key, columnNames: table.columns.map(\.name), source: source)
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
        removeIndexes { $0.table == key }
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
          removeIndexes { $0.key.schema == name.name }
          functions = functions.filter { $0.key.schema != name.name }
          views = views.filter { $0.key.schema != name.name }
          enums = enums.filter { $0.key.schema != name.name }
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
      // Keys first: mutating while iterating would copy every index.
      for indexKey in indexes.filter({ $0.value.table == key }).keys {
        indexes[indexKey]?.table = table.key
      }
    case "OBJECT_COLUMN":
      let key = resolve(rename.target, in: tables)
      guard let old = rename.oldName, let new = rename.newName, var table = tables[key],
        let index = table.columnIndex(old.value)
      else { return }
      if table.columns[index].notNull {
        table.columns[index].notNullConstraint = Self.notNullConstraintName(table.columns[index], table: key.name)
      }
      table.columns[index].name = new.value
      // Constraints and indexes refer to columns by number, so they follow.
      for position in table.constraints.indices {
        table.constraints[position].columns = table.constraints[position].columns.map {
          $0 == old.value ? new.value : $0
        }
      }
      tables[key] = table
      for indexKey in indexes.filter({ $0.value.table == key }).keys {
        guard let columns = indexes[indexKey]?.columns else { continue }
        indexes[indexKey]?.columns = columns.map { $0 == old.value ? new.value : $0 }
      }
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
    case "OBJECT_POLICY":
      guard let table = rename.onTable, let old = rename.oldName, let new = rename.newName else { return }
      let key = resolve(table, in: tables)
      guard let index = tables[key]?.policies.firstIndex(where: { $0.name == old.value }) else { return }
      tables[key]?.policies[index].name = new.value
    case "OBJECT_SCHEMA":
      guard let old = rename.oldName?.value, let new = rename.newName?.value else { return }
      if schemas.remove(old) != nil { schemas.insert(new) }
      moveSchema(old, to: new)
    default:
      break
    }
  }

  /// Re-keys every object of schema `old` under `new` (ALTER SCHEMA RENAME).
  mutating func moveSchema(_ old: String, to new: String) {
    func moved(_ key: ObjectKey) -> ObjectKey { key.schema == old ? ObjectKey(schema: new, name: key.name) : key }
    tables = Dictionary(
      tables.map { key, table in
        var table = table
        table.key = moved(key)
        for position in table.constraints.indices {
          table.constraints[position].referencedTable = table.constraints[position].referencedTable.map(moved)
        }
        return (table.key, table)
      }, uniquingKeysWith: { first, _ in first })
    indexes = Dictionary(
      indexes.map { key, index in
        var index = index
        index.key = moved(key)
        index.table = moved(index.table)
        return (index.key, index)
      }, uniquingKeysWith: { first, _ in first })
    functions = Dictionary(
      functions.map { key, function in
        var function = function
        function.key = moved(key)
        return (function.key, function)
      }, uniquingKeysWith: { first, _ in first })
    views = Dictionary(
      views.map { key, view in
        var view = view
        view.key = moved(key)
        return (view.key, view)
      }, uniquingKeysWith: { first, _ in first })
    enums = Dictionary(
      enums.map { key, type in
        var type = type
        type.key = moved(key)
        return (type.key, type)
      }, uniquingKeysWith: { first, _ in first })
    for (name, schema) in extensions where schema == old { extensions[name] = new }
  }

  mutating func applyMove(_ move: AlterObjectSchema) {
    guard let schema = move.newSchema?.value else { return }
    switch move.objectType {
    case "OBJECT_TABLE":
      let key = resolve(move.target, in: tables)
      guard var table = tables.removeValue(forKey: key) else { return }
      table.key = ObjectKey(schema: schema, name: key.name)
      tables[table.key] = table
      // A table's indexes always live in its schema and move with it.
      // The matching indexes first: mutating while iterating would copy them all.
      for (indexKey, var index) in indexes.filter({ $0.value.table == key }) {
        indexes[indexKey] = nil
        index.key = ObjectKey(schema: schema, name: indexKey.name)
        index.table = table.key
        indexes[index.key] = index
      }
    case "OBJECT_VIEW", "OBJECT_MATVIEW":
      let key = resolve(move.target, in: views)
      guard var view = views.removeValue(forKey: key) else { return }
      view.key = ObjectKey(schema: schema, name: key.name)
      views[view.key] = view
    case "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE":
      let key = resolve(move.target, in: functions)
      guard var function = functions.removeValue(forKey: key) else { return }
      function.key = ObjectKey(schema: schema, name: key.name)
      functions[function.key] = function
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

  /// Removes the indexes `shouldRemove` picks, in place: rebuilding the
  /// dictionary with `filter` rehashed every index of the schema on every
  /// DROP TABLE and DROP COLUMN.
  mutating func removeIndexes(where shouldRemove: (IndexInfo) -> Bool) {
    // `filter` keeps only the few doomed entries (and walks the table
    // without copying each index out).
    for key in indexes.filter({ shouldRemove($0.value) }).keys { indexes[key] = nil }
  }

  /// A DO block that names a known table makes that table uncertain (it may
  /// have been altered in ways cslint cannot see).
  mutating func markMentionedTablesUncertain(_ statement: Statement, source: SourceFile) {
    guard case .doBlock = statement.node, !tables.isEmpty else { return }
    // One pass over the bytes hashing the words, then a set lookup per
    // table: a substring search per table is quadratic on large blocks, and
    // a String per word costs more than the rest of the replay of the block.
    let words = Self.wordHashes(in: source.bytes, range: statement.range)
    // Collect first: mutating while iterating `keys` copies the dictionary.
    let mentioned = tables.keys.filter { words.contains(Fingerprint.fnv1a64(bytes: $0.name.utf8)) }
    for key in mentioned { tables[key]?.isUncertain = true }
  }

  /// FNV-1a hashes of the identifier-like words of `range`, as written and
  /// lower-cased (an unquoted name in the block folds; a quoted one keeps
  /// its case). A 64-bit hash stands in for the word: a collision could
  /// only mark one more table uncertain.
  static func wordHashes(in bytes: [UInt8], range: Range<Int>) -> Set<UInt64> {
    var hashes = Set<UInt64>()
    var inWord = false
    var isName = false
    var asWritten = Fingerprint.fnv64OffsetBasis
    var folded = Fingerprint.fnv64OffsetBasis
    let upper = min(range.upperBound, bytes.count)
    var offset = max(0, range.lowerBound)
    while offset <= upper {
      let byte = offset < upper ? bytes[offset] : 0x20
      let isWordByte =
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x5F || byte == 0x24 || byte >= 0x80
      if isWordByte {
        if !inWord {
          inWord = true
          // A name never starts with a digit (numbers are most such words).
          isName = byte > 0x39
          asWritten = Fingerprint.fnv64OffsetBasis
          folded = Fingerprint.fnv64OffsetBasis
        }
        // PostgreSQL folds only ASCII letters of an unquoted name.
        asWritten = Fingerprint.fnv1a64(asWritten, byte)
        folded = Fingerprint.fnv1a64(folded, byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
      } else if inWord {
        if isName {
          hashes.insert(asWritten)
          if folded != asWritten { hashes.insert(folded) }
        }
        inWord = false
      }
      offset += 1
    }
    return hashes
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
