import PostgresSyntax

// DROP, RENAME and SET SCHEMA.
extension SchemaState {
  mutating func applyDrop(_ drop: DropStatement) {
    switch drop.objectType {
    case .table, .foreignTable:
      for name in drop.names {
        let key = resolveTable(name)
        tables[key] = nil
        externalTables[resolveExternalTable(name)] = nil
        removeIndexes { $0.table == key }
      }
    case .index:
      for name in drop.names { indexes[resolveIndex(name)] = nil }
    case .view, .matview:
      for name in drop.names {
        views[resolveView(name)] = nil
        tables[resolveTable(name)] = nil
      }
    case .function, .procedure, .routine:
      for name in drop.names { functions[resolveFunction(name)] = nil }
    case .type:
      for name in drop.names { enums[resolveEnum(name)] = nil }
    case .policy:
      if let table = drop.onTable, let name = drop.names.first {
        tables[resolveTable(table)]?.policies.removeAll { $0.name == name.name }
        externalTables[resolveExternalTable(table)]?.policies.removeAll { $0.name == name.name }
      }
    case .extension:
      for name in drop.names { extensions[name.name] = nil }
    case .schema:
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
    case .table, .foreignTable:
      let key = resolveTable(rename.target)
      guard let newName = rename.newName, var table = tables.removeValue(forKey: key) else { return }
      for index in table.columns.indices where table.columns[index].notNull {
        table.columns[index].notNullConstraint = Self.notNullConstraintName(table.columns[index], table: key.name)
      }
      table.key = ObjectKey(schema: key.schema, name: newName.value)
      insertTable(table)
      // Keys first: mutating while iterating would copy every index.
      for indexKey in indexKeys(where: { $0.table == key }) {
        indexes[indexKey]?.table = table.key
      }
    case .column:
      let key = resolveTable(rename.target)
      guard let old = rename.oldName, let new = rename.newName, var table = takeTable(key) else { return }
      guard let index = table.columnIndex(old.value) else {
        tables[key] = table
        return
      }
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
      for indexKey in indexKeys(where: { $0.table == key }) {
        guard let columns = indexes[indexKey]?.columns else { continue }
        indexes[indexKey]?.columns = columns.map { $0 == old.value ? new.value : $0 }
      }
    case .tableConstraint:
      let key = resolveTable(rename.target)
      guard let old = rename.oldName, let new = rename.newName,
        let index = tables[key]?.constraints.firstIndex(where: { $0.name == old.value })
      else { return }
      tables[key]?.constraints[index].name = new.value
    case .index:
      let key = resolveIndex(rename.target)
      guard let newName = rename.newName, var index = indexes.removeValue(forKey: key) else { return }
      index.key = ObjectKey(schema: key.schema, name: newName.value)
      indexes[index.key] = index
      noteIndexKey(index)
    case .view, .matview:
      let key = resolveView(rename.target)
      guard let newName = rename.newName, var view = views.removeValue(forKey: key) else { return }
      view.key = ObjectKey(schema: key.schema, name: newName.value)
      views[view.key] = view
    case .type:
      let key = resolveEnum(rename.target)
      guard let newName = rename.newName, var type = enums.removeValue(forKey: key) else { return }
      type.key = ObjectKey(schema: key.schema, name: newName.value)
      enums[type.key] = type
    case .policy:
      guard let table = rename.onTable, let old = rename.oldName, let new = rename.newName else { return }
      let key = resolveTable(table)
      if let index = tables[key]?.policies.firstIndex(where: { $0.name == old.value }) {
        tables[key]?.policies[index].name = new.value
      }
      let external = resolveExternalTable(table)
      if let index = externalTables[external]?.policies.firstIndex(where: { $0.name == old.value }) {
        externalTables[external]?.policies[index].name = new.value
      }
    case .schema:
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
    tableNameIndex = [:]
    // Names of schema `old` are free again (the counts did not change).
    generatedIndexSuffixes.removeAll()
    for key in tables.keys { indexTableName(key) }
    indexes = Dictionary(
      indexes.map { key, index in
        var index = index
        index.key = moved(key)
        index.table = moved(index.table)
        return (index.key, index)
      }, uniquingKeysWith: { first, _ in first })
    indexKeysBySignature = [:]
    for index in indexes.values.sorted(by: { $0.key < $1.key }) { noteIndexKey(index) }
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
    case .table:
      let key = resolveTable(move.target)
      guard var table = tables.removeValue(forKey: key) else { return }
      table.key = ObjectKey(schema: schema, name: key.name)
      insertTable(table)
      // A table's indexes always live in its schema and move with it.
      // The matching indexes first: mutating while iterating would copy them all.
      for (indexKey, var index) in indexes.filter({ $0.value.table == key }) {
        indexes[indexKey] = nil
        index.key = ObjectKey(schema: schema, name: indexKey.name)
        index.table = table.key
        indexes[index.key] = index
        noteIndexKey(index)
      }
    case .view, .matview:
      let key = resolveView(move.target)
      guard var view = views.removeValue(forKey: key) else { return }
      view.key = ObjectKey(schema: schema, name: key.name)
      views[view.key] = view
    case .function, .procedure, .routine:
      let key = resolveFunction(move.target)
      guard var function = functions.removeValue(forKey: key) else { return }
      function.key = ObjectKey(schema: schema, name: key.name)
      functions[function.key] = function
    case .type:
      let key = resolveEnum(move.target)
      guard var type = enums.removeValue(forKey: key) else { return }
      type.key = ObjectKey(schema: schema, name: key.name)
      enums[type.key] = type
    default:
      break
    }
  }
}
