import PostgresSyntax

extension StatementEffects {
  /// What `statement` does, judged against `schema` as it was just before it.
  /// The lock modes are PostgreSQL's own (tablecmds.c's
  /// `AlterTableGetLockLevel`, the manual's lock chapter), checked on live
  /// servers by `LockEffectsLiveTests`.
  public static func of(_ statement: Statement, schema: SchemaState, source: SourceFile) -> StatementEffects {
    var builder = EffectsBuilder(schema: schema, statement: statement)
    builder.build(statement, in: schema)
    return builder.effects
  }
}

/// Computes `StatementEffects` for one statement; one value per statement.
///
/// The schema is passed to each method, not stored: a stored copy of
/// `SchemaState` costs ~30 retains and releases per statement (with the
/// statement's copy, 35 M instructions on the corpus run).
struct EffectsBuilder {
  var effects: StatementEffects
  let version: Int
  /// Locks last to the statement's end in autocommit, or when the statement
  /// commits by itself; else to the transaction's end (worked out once, not per relation).
  let hold: LockHold

  // Borrowed: an initializer takes its arguments owned by default, so the
  // caller copied the schema and the statement for it (~25 M instructions).
  init(schema: borrowing SchemaState, statement: borrowing Statement) {
    let transaction = schema.transactionContext
    version = schema.postgresVersion
    effects = StatementEffects(
      transaction: transaction, lockTimeout: schema.lockTimeout, statementTimeout: schema.statementTimeout)
    effects.skipsConcurrentForm = StatementEffects.skipsConcurrentForm(statement)
    hold = transaction.holdsLocksToEnd && !StatementEffects.commitsByItself(statement) ? .transaction : .statement
  }

  mutating func build(_ statement: Statement, in schema: SchemaState) {
    switch statement.node {
    case .createIndex(let index):
      let mode: LockMode = index.concurrently ? .shareUpdateExclusive : .share
      add(tableWithPartitions: index.table, mode, scan: true, partitions: !index.only, in: schema)
    case .alterTable(let alter): addAlter(alter, in: schema)
    case .createTable(let create): addCreateTable(create, in: schema)
    case .drop(let drop): addDrop(drop, in: schema)
    case .rename(let rename): addRename(rename, in: schema)
    case .alterObjectSchema(let move):
      switch move.objectType {
      case .table, .foreignTable, .view, .matview:
        add(table: move.target, .accessExclusive, in: schema)
      default: break
      }
    case .truncate(let truncate):
      for table in truncate.tables {
        add(tableWithPartitions: table, .accessExclusive, in: schema)
      }
    case .lock(let lock):
      let mode = LockMode(sqlName: lock.mode) ?? .accessExclusive
      for table in lock.tables {
        add(tableWithPartitions: table, mode, in: schema)
      }
    case .maintenance(let maintenance): addMaintenance(maintenance, in: schema)
    case .refreshMaterializedView(let refresh):
      // Without CONCURRENTLY the view's rows go into a new file (swapped in
      // at the end); CONCURRENTLY updates the rows in place.
      add(
        table: refresh.name, refresh.concurrently ? .exclusive : .accessExclusive, rewrite: !refresh.concurrently,
        scan: true, in: schema)
      addReads(ofView: refresh.name, in: schema)
    case .grant(let grant) where grant.objectType == "TABLE" && version >= 18:
      // PostgreSQL 18 locks each table it grants on in ACCESS SHARE (15 takes
      // no table lock; 16 and 17 are not checked live).
      for table in grant.objects { add(table: table, .accessShare, in: schema) }
    case .createTrigger(let trigger): add(table: trigger.table, .shareRowExclusive, in: schema)
    case .createPolicy(let policy), .alterPolicy(let policy): add(table: policy.table, .accessExclusive, in: schema)
    case .comment(let comment):
      // COMMENT takes SHARE UPDATE EXCLUSIVE on the table it documents.
      guard let target = comment.target else { break }
      if comment.objectType == .table {
        add(table: target, .shareUpdateExclusive, in: schema)
      } else if comment.objectType == .column, target.parts.count >= 2 {
        add(table: QualifiedName(parts: Array(target.parts.dropLast())), .shareUpdateExclusive, in: schema)
      }
    case .createView(let view):
      // Replacing an existing view swaps its rule: ACCESS EXCLUSIVE on the view.
      if view.orReplace, !view.isTableAs, schema.views[schema.resolve(view.name, in: schema.views)] != nil {
        add(table: view.name, .accessExclusive, in: schema)
      }
      addReads(view.sources, in: schema)
    case .dml(let dml):
      guard let table = dml.table else { break }
      add(table: table, .rowExclusive, scan: !dml.hasWhere && dml.kind != .insert && dml.kind != .merge, in: schema)
      if dml.kind == .insert { addForeignKeyChecks(of: table, in: schema) }
      if dml.kind == .delete { addReferencingTables(of: table, in: schema) }
      addReads(dml.sources, in: schema)
    default:
      break
    }
  }

  // MARK: - Relations

  /// The key, kind and newness of a relation named in the statement.
  func resolve(_ name: QualifiedName, in schema: SchemaState) -> (ObjectKey, RelationKind, Bool) {
    let tableKey = schema.resolve(name, in: schema.tables)
    if let table = schema.tables[tableKey] {
      return (tableKey, table.isPartitioned ? .partitionedTable : .table, schema.isCreatedInCurrentFile(table.origin))
    }
    return resolve(nonTable: name, tableKey: tableKey, in: schema)
  }

  /// `resolve(_:in:)` for a name that is no table's (`tableKey` is its key among tables).
  func resolve(
    nonTable name: QualifiedName, tableKey: ObjectKey, in schema: SchemaState
  ) -> (ObjectKey, RelationKind, Bool) {
    let viewKey = schema.resolve(name, in: schema.views)
    if let view = schema.views[viewKey] {
      return (viewKey, view.materialized ? .materializedView : .view, schema.isCreatedInCurrentFile(view.origin))
    }
    // Not created by any migration cslint saw: it exists in the database.
    return (tableKey, .table, false)
  }

  /// `resolve(_:in:)`, with the key `name` has among tables and the table
  /// there (nil for a view or a relation no migration created).
  func resolveTable(
    _ name: QualifiedName, in schema: SchemaState
  ) -> (target: (ObjectKey, RelationKind, Bool), tableKey: ObjectKey, table: TableInfo?) {
    let tableKey = schema.resolve(name, in: schema.tables)
    if let table = schema.tables[tableKey] {
      let kind: RelationKind = table.isPartitioned ? .partitionedTable : .table
      return ((tableKey, kind, schema.isCreatedInCurrentFile(table.origin)), tableKey, table)
    }
    return (resolve(nonTable: name, tableKey: tableKey, in: schema), tableKey, nil)
  }

  /// Records `mode` on the relation `name`, merging with an earlier entry
  /// for the same relation (the strongest lock and all the work).
  mutating func add(
    table name: QualifiedName, _ mode: LockMode, rewrite: Bool = false, scan: Bool = false,
    validates: Bool = false, note: String? = nil, in schema: SchemaState
  ) {
    let (key, kind, isNew) = resolve(name, in: schema)
    add(key: key, kind: kind, isNew: isNew, mode, rewrite: rewrite, scan: scan, validates: validates, note: note)
  }

  /// Records `mode` on a relation already resolved (`resolve(_:in:)`).
  mutating func add(
    resolved target: (ObjectKey, RelationKind, Bool), _ mode: LockMode, rewrite: Bool = false, scan: Bool = false,
    validates: Bool = false, note: String? = nil
  ) {
    add(
      key: target.0, kind: target.1, isNew: target.2, mode, rewrite: rewrite, scan: scan, validates: validates,
      note: note)
  }

  mutating func add(
    key: ObjectKey, kind: RelationKind, isNew: Bool, _ mode: LockMode, rewrite: Bool = false, scan: Bool = false,
    validates: Bool = false, note: String? = nil
  ) {
    if let index = effects.relations.firstIndex(where: { $0.relation == key }) {
      effects.relations[index].lock = max(effects.relations[index].lock, mode)
      effects.relations[index].rewrite = effects.relations[index].rewrite || rewrite
      effects.relations[index].scan = effects.relations[index].scan || scan || rewrite
      effects.relations[index].validates = effects.relations[index].validates || validates
      if let note { effects.relations[index].versionNote = effects.relations[index].versionNote ?? note }
      return
    }
    effects.relations.append(
      RelationEffect(
        relation: key, kind: kind, lock: mode, isNew: isNew, heldUntil: hold, rewrite: rewrite,
        scan: scan || rewrite, validates: validates, versionNote: note))
  }

  // MARK: - Statement families

  mutating func addCreateTable(_ create: CreateTable, in schema: SchemaState) {
    // A new table takes ACCESS EXCLUSIVE on itself (harmless: nobody sees
    // it yet), SHARE ROW EXCLUSIVE on each table it references (the
    // foreign key's triggers go there), ACCESS EXCLUSIVE on a partition parent.
    let key = schema.keyForCreation(create.name)
    if create.ifNotExists, schema.tables[key] != nil { return }
    add(key: key, kind: create.isPartitioned ? .partitionedTable : .table, isNew: true, .accessExclusive)
    if let parent = create.partitionOf { add(table: parent, .accessExclusive, in: schema) }
    for column in create.columns {
      if let referenced = column.references { add(table: referenced, .shareRowExclusive, in: schema) }
    }
    for constraint in create.constraints where constraint.kind == .foreignKey {
      if let referenced = constraint.referencedTable { add(table: referenced, .shareRowExclusive, in: schema) }
    }
  }

  mutating func addDrop(_ drop: DropStatement, in schema: SchemaState) {
    switch drop.objectType {
    case .table, .foreignTable, .view, .matview:
      for name in drop.names {
        let key = add(tableWithPartitions: name, .accessExclusive, in: schema)
        // Its foreign keys' triggers live on the tables it references.
        for constraint in schema.tables[key]?.constraints ?? [] where constraint.kind == .foreignKey {
          if let referenced = constraint.referencedTable, referenced != key {
            add(key: referenced, kind: .table, isNew: isNew(referenced, in: schema), .accessExclusive)
          }
        }
      }
    case .index:
      for name in drop.names {
        let indexKey = schema.resolve(name, in: schema.indexes)
        guard let index = schema.indexes[indexKey] else { continue }
        add(
          known: index.table,
          drop.concurrently ? .shareUpdateExclusive : .accessExclusive, in: schema)
      }
    case .trigger, .policy, .rule:
      if let table = drop.onTable { add(table: table, .accessExclusive, in: schema) }
    default:
      break
    }
  }

  mutating func addRename(_ rename: RenameStatement, in schema: SchemaState) {
    switch rename.objectType {
    case .table, .foreignTable, .view, .matview, .column,
      .tableConstraint:
      add(tableWithPartitions: rename.target, .accessExclusive, partitions: rename.objectType == .column, in: schema)
    case .index:
      // From PostgreSQL 12 renaming an index takes SHARE UPDATE EXCLUSIVE on
      // the index alone: its table is not locked.
      let indexKey = schema.resolve(rename.target, in: schema.indexes)
      if let index = schema.indexes[indexKey] {
        add(
          key: indexKey, kind: .index, isNew: schema.isCreatedInCurrentFile(index.origin),
          version >= 12 ? .shareUpdateExclusive : .accessExclusive)
      }
    case .trigger, .policy, .rule:
      if let table = rename.onTable { add(table: table, .accessExclusive, in: schema) }
    default:
      break
    }
  }

  mutating func addMaintenance(_ maintenance: MaintenanceStatement, in schema: SchemaState) {
    guard let target = maintenance.target else { return }
    switch maintenance.kind {
    case .vacuum, .analyze: add(table: target, .shareUpdateExclusive, scan: true, in: schema)
    case .vacuumFull, .cluster: add(table: target, .accessExclusive, rewrite: true, in: schema)
    case .reindex:
      // REINDEX SCHEMA|DATABASE|SYSTEM names no relation (one table at a time, each committed).
      if let object = maintenance.objectType, object != "INDEX" && object != "TABLE" { return }
      // REINDEX INDEX names an index: the lock is on its table.
      let indexKey = schema.resolve(target, in: schema.indexes)
      let mode: LockMode = maintenance.concurrently ? .shareUpdateExclusive : .share
      let note = maintenance.concurrently ? "REINDEX CONCURRENTLY needs PostgreSQL 12+" : nil
      if let index = schema.indexes[indexKey] {
        add(
          known: index.table, mode,
          scan: true, note: note, in: schema)
      } else {
        add(table: target, mode, scan: true, note: note, in: schema)
      }
    }
  }

  /// An inserted row's foreign keys are checked by `SELECT ... FOR KEY
  /// SHARE` on the referenced tables: ROW SHARE there (NOT VALID keys too,
  /// they hold for new rows).
  mutating func addForeignKeyChecks(of name: QualifiedName, in schema: SchemaState) {
    let key = schema.resolve(name, in: schema.tables)
    for constraint in schema.tables[key]?.constraints ?? [] where constraint.kind == .foreignKey {
      if let referenced = constraint.referencedTable, referenced != key {
        add(known: referenced, .rowShare, in: schema)
      }
    }
  }

  /// Records `mode` on a relation known by its key, with its kind and
  /// newness from the schema (one lookup for both).
  mutating func add(
    known key: ObjectKey, _ mode: LockMode, scan: Bool = false, note: String? = nil, in schema: SchemaState
  ) {
    let kind: RelationKind
    let isNew: Bool
    if let table = schema.tables[key] {
      kind = table.isPartitioned ? .partitionedTable : .table
      isNew = schema.isCreatedInCurrentFile(table.origin)
    } else if let view = schema.views[key] {
      kind = view.materialized ? .materializedView : .view
      isNew = schema.isCreatedInCurrentFile(view.origin)
    } else {
      kind = .table
      isNew = false
    }
    add(key: key, kind: kind, isNew: isNew, mode, scan: scan, note: note)
  }

  func isNew(_ key: ObjectKey, in schema: SchemaState) -> Bool {
    if let table = schema.tables[key] { return schema.isCreatedInCurrentFile(table.origin) }
    if let view = schema.views[key] { return schema.isCreatedInCurrentFile(view.origin) }
    return false
  }
}
