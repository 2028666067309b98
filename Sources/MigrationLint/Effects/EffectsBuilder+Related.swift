import PostgresSyntax

/// Relations a statement locks without naming them: the partitions of a
/// partitioned table, the tables a query reads, the tables whose foreign keys
/// a DELETE checks.
extension EffectsBuilder {
  /// The partitions of the partitioned table `key` (recursively) take the
  /// same lock: PostgreSQL recurses ALTER TABLE, CREATE INDEX, TRUNCATE,
  /// LOCK and DROP into them.
  mutating func addPartitions(
    ofPartitioned key: ObjectKey, _ mode: LockMode, scan: Bool = false, in schema: SchemaState
  ) {
    for partition in schema.partitions(of: key) {
      add(known: partition, mode, scan: scan, in: schema)
    }
  }

  /// `add(table:)` then, for a partitioned table (when `partitions`), the
  /// same on its partitions, with the
  /// name resolved and its table looked up once (each is several hash
  /// lookups); returns the key `name` has among tables.
  @discardableResult
  mutating func add(
    tableWithPartitions name: QualifiedName, _ mode: LockMode, scan: Bool = false, partitions: Bool = true,
    in schema: SchemaState
  ) -> ObjectKey {
    let tableKey = schema.resolve(name, in: schema.tables)
    if let table = schema.tables[tableKey] {
      let isPartitioned = table.isPartitioned
      add(
        key: tableKey, kind: isPartitioned ? .partitionedTable : .table,
        isNew: schema.isCreatedInCurrentFile(table.origin), mode, scan: scan)
      if partitions && isPartitioned { addPartitions(ofPartitioned: tableKey, mode, scan: scan, in: schema) }
    } else {
      // Not a table: no partitions. A view, or a relation no migration created.
      add(resolved: resolve(nonTable: name, tableKey: tableKey, in: schema), mode, scan: scan)
    }
    return tableKey
  }

  /// ACCESS SHARE on the known relations a query reads.
  mutating func addReads(_ names: [QualifiedName], in schema: SchemaState) {
    for key in schema.knownRelations(names) {
      add(known: key, .accessShare, in: schema)
    }
  }

  /// ACCESS SHARE on what a materialized view reads when it is refreshed.
  mutating func addReads(ofView name: QualifiedName, in schema: SchemaState) {
    guard let view = schema.views[schema.resolve(name, in: schema.views)] else { return }
    for key in view.sources {
      add(known: key, .accessShare, in: schema)
    }
  }

  /// A DELETE on a referenced table checks (NO ACTION, RESTRICT: ROW SHARE)
  /// or changes (CASCADE, SET NULL, SET DEFAULT: ROW EXCLUSIVE) the rows of
  /// every table whose foreign key points at it.
  mutating func addReferencingTables(of name: QualifiedName, in schema: SchemaState) {
    let key = schema.resolve(name, in: schema.tables)
    for table in schema.tablesReferencing(key) {
      for constraint in table.constraints where constraint.kind == .foreignKey && constraint.referencedTable == key {
        let changesRows = ["CASCADE", "SET NULL", "SET DEFAULT"].contains(constraint.onDelete ?? "")
        add(
          known: table.key,
          changesRows ? .rowExclusive : .rowShare, in: schema)
      }
    }
  }

  /// ALTER TABLE sub-commands that PostgreSQL applies to every partition too.
  static func recursesToPartitions(_ action: AlterTableAction) -> Bool {
    switch action {
    case .addColumn, .dropColumn, .alterColumnType, .setNotNull, .dropNotNull, .setDefault, .dropDefault,
      .addConstraint, .dropConstraint, .validateConstraint:
      return true
    default:
      return false
    }
  }
}
