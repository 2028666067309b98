import PostgresSyntax

// CREATE INDEX and index bookkeeping.
extension SchemaState {
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
  /// The search resumes where the last one for the same name stopped
  /// (`generatedIndexSuffixes`).
  mutating func generatedIndexKey(_ index: CreateIndex, table: ObjectKey) -> ObjectKey {
    let columns = index.columns.map { $0.column ?? "expr" }.joined(separator: "_")
    let base = "\(table.name)_\(columns)_idx"
    let baseKey = ObjectKey(schema: table.schema, name: base)
    var suffix = generatedIndexSuffixes[baseKey] ?? 0
    var key = suffix == 0 ? baseKey : ObjectKey(schema: table.schema, name: "\(base)\(suffix)")
    while indexes[key] != nil || tables[key] != nil {
      suffix += 1
      key = ObjectKey(schema: table.schema, name: "\(base)\(suffix)")
    }
    generatedIndexSuffixes[baseKey] = suffix + 1
    return key
  }

  /// Removes the indexes `shouldRemove` picks, in place: rebuilding the
  /// dictionary with `filter` rehashed every index of the schema on every
  /// DROP TABLE and DROP COLUMN.
  mutating func removeIndexes(where shouldRemove: (IndexInfo) -> Bool) {
    // `filter` keeps only the few doomed entries (and walks the table
    // without copying each index out).
    for key in indexes.filter({ shouldRemove($0.value) }).keys { indexes[key] = nil }
  }
}
