import PostgresSyntax

/// Relations a statement locks without naming them: the partitions of a
/// partitioned table, the tables a query reads, the tables whose foreign keys
/// a DELETE checks.
extension EffectsBuilder {
  /// The partitions of `name` (recursively) take the same lock: PostgreSQL
  /// recurses ALTER TABLE, CREATE INDEX, TRUNCATE, LOCK and DROP into them.
  mutating func addPartitions(of name: QualifiedName, _ mode: LockMode, scan: Bool = false, in schema: SchemaState) {
    let key = schema.resolve(name, in: schema.tables)
    guard schema.tables[key]?.isPartitioned == true else { return }
    for partition in schema.partitions(of: key) {
      add(known: partition, mode, scan: scan, in: schema)
    }
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
