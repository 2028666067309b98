import PostgresSyntax

// CREATE INDEX and index bookkeeping.
extension SchemaState {
  /// `signature`: the index's `indexSignature` when already made (see
  /// `pendingIndexSignature`).
  mutating func applyCreateIndex(_ index: CreateIndex, source: SourceFile, signature: String? = nil) {
    let tableKey = resolveTable(index.table)
    let key: ObjectKey
    if let name = index.name {
      key = ObjectKey(schema: tableKey.schema, name: name.value)
      if index.ifNotExists, indexes.hasKey(key) { return }
    } else {
      key = generatedIndexKey(index, table: tableKey)
    }
    let signature = signature ?? Self.indexSignature(index, source: source)
    indexes[key] = IndexInfo(
      key: key, table: tableKey, columns: index.columns.map(\.column), unique: index.unique,
      partial: index.whereClause != nil, origin: currentOrigin, signature: signature)
    indexKeysBySignature[signature, default: []].append(key)
  }

  /// The earliest-created index of `table` other than `key` with this
  /// signature that still exists; nil when there is none.
  public func firstIndex(withSignature signature: String, on table: ObjectKey, otherThan key: ObjectKey) -> IndexInfo? {
    for candidate in indexKeysBySignature[signature] ?? [] where candidate != key {
      if let index = indexes[candidate], index.table == table, index.signature == signature { return index }
    }
    return nil
  }

  /// Records an index under its (new) key in `indexKeysBySignature`.
  mutating func noteIndexKey(_ index: IndexInfo) {
    guard let signature = index.signature else { return }
    indexKeysBySignature[signature, default: []].append(index.key)
  }

  /// What makes two indexes of a table the same: method, uniqueness, key
  /// elements (with opclass, order, collation as written), INCLUDE
  /// columns and predicate, normalised (case, spaces, quotes of plain names).
  static func indexSignature(_ index: CreateIndex, source: SourceFile) -> String {
    // Written as bytes and decoded once: a `String` appended piece by piece
    // (eight pieces or more per index) cost ~330 instructions a piece, 4 M
    // on the corpus run; the text is the same.
    var signature: [UInt8] = []
    signature.reserveCapacity(64)
    func add(_ text: String) {
      if text.utf8.withContiguousStorageIfAvailable({ signature.append(contentsOf: $0) }) == nil {
        signature.append(contentsOf: text.utf8)
      }
    }
    if let method = index.method { add(method.lowercased()) } else { add("btree") }
    signature.append(0)
    if index.unique { add("unique") }
    signature.append(0)
    for (number, element) in index.columns.enumerated() {
      if number > 0 { signature.append(0x2C) }
      // A plain column (no space in it once normalised, so no DESC or
      // opclass after it) is its name: not normalised first (8 M
      // instructions on the corpus run).
      if let name = element.column, !containsWhitespace(source, element.range) {
        add(name)
        continue
      }
      let text = normalize(source, element.range)
      guard let name = element.column else {
        add(text)
        continue
      }
      // The name as PostgreSQL folds it, then what follows it (DESC, opclass, COLLATE).
      // (On bytes: `split` on a String breaks it into characters.)
      add(name)
      guard let space = text.utf8.firstIndex(of: 0x20) else { continue }
      let rest = text.utf8[space...].drop { $0 == 0x20 }
      if !rest.isEmpty {
        signature.append(0x20)
        signature.append(contentsOf: rest)
      }
    }
    signature.append(0)
    for (number, column) in index.include.enumerated() {
      if number > 0 { signature.append(0x2C) }
      add(column)
    }
    signature.append(0)
    if let predicate = index.whereClause { add(normalize(source, predicate)) }
    return String(decoding: signature, as: UTF8.self)
  }

  /// True when `source`'s bytes in `range` hold whitespace as `normalize`
  /// sees it (space, tab, line feed, carriage return).
  static func containsWhitespace(_ source: SourceFile, _ range: Range<Int>) -> Bool {
    let lower = max(0, min(range.lowerBound, source.bytes.count))
    let upper = max(lower, min(range.upperBound, source.bytes.count))
    return source.bytes[lower..<upper].contains { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
  }

  /// The name PostgreSQL gives an unnamed index: `table_col1_col2_idx`
  /// (`expr` for an expression), with a number appended until it is free.
  /// The search resumes where the last one for the same name stopped
  /// (`generatedIndexSuffixes`).
  mutating func generatedIndexKey(_ index: CreateIndex, table: ObjectKey) -> ObjectKey {
    let (key, baseKey, suffix) = freeGeneratedIndexKey(index, table: table)
    generatedIndexSuffixes[baseKey] = suffix + 1
    return key
  }

  /// The key `generatedIndexKey` would give, without recording where the
  /// search stopped: for rules, which read the schema and must not copy it
  /// to advance the hint.
  func peekGeneratedIndexKey(_ index: CreateIndex, table: ObjectKey) -> ObjectKey {
    freeGeneratedIndexKey(index, table: table).key
  }

  private func freeGeneratedIndexKey(_ index: CreateIndex, table: ObjectKey) -> (
    key: ObjectKey, baseKey: ObjectKey, suffix: Int
  ) {
    let columns = index.columns.map { $0.column ?? "expr" }.joined(separator: "_")
    let base = "\(table.name)_\(columns)_idx"
    let baseKey = ObjectKey(schema: table.schema, name: base)
    var suffix = generatedIndexSuffixes[baseKey] ?? 0
    var key = suffix == 0 ? baseKey : ObjectKey(schema: table.schema, name: "\(base)\(suffix)")
    while indexes.hasKey(key) || tables.hasKey(key) {
      suffix += 1
      key = ObjectKey(schema: table.schema, name: "\(base)\(suffix)")
    }
    return (key, baseKey, suffix)
  }

  /// Removes the indexes `shouldRemove` picks, in place: rebuilding the
  /// dictionary with `filter` rehashed every index of the schema on every
  /// DROP TABLE and DROP COLUMN.
  mutating func removeIndexes(where shouldRemove: (IndexInfo) -> Bool) {
    for key in indexKeys(where: shouldRemove) { indexes[key] = nil }
  }

  /// The keys of the indexes `matches` picks, in no particular order: a
  /// walk over the values, without the dictionary `indexes.filter` built of
  /// the matches (hashing each again).
  func indexKeys(where matches: (IndexInfo) -> Bool) -> [ObjectKey] {
    let all = indexes
    var keys: [ObjectKey] = []
    for slot in all.indices where matches(all.values[slot]) { keys.append(all.keys[slot]) }
    return keys
  }
}
