import PostgresSyntax

extension StatementEffects {
  /// What `statement` does, judged against `schema` as it was just before it.
  /// The lock modes are PostgreSQL's own (tablecmds.c's
  /// `AlterTableGetLockLevel`, the manual's lock chapter), checked on live
  /// servers by `LockEffectsLiveTests`.
  public static func of(_ statement: Statement, schema: SchemaState, source: SourceFile) -> StatementEffects {
    var builder = EffectsBuilder(schema: schema, source: source, statement: statement)
    builder.build()
    return builder.effects
  }
}

/// Computes `StatementEffects` for one statement; one value per statement.
struct EffectsBuilder {
  let schema: SchemaState
  let source: SourceFile
  let statement: Statement
  var effects: StatementEffects
  var version: Int { schema.postgresVersion }

  init(schema: SchemaState, source: SourceFile, statement: Statement) {
    self.schema = schema
    self.source = source
    self.statement = statement
    let transaction = schema.transactionContext
    effects = StatementEffects(
      transaction: transaction, lockTimeout: schema.lockTimeout, statementTimeout: schema.statementTimeout)
    effects.skipsConcurrentForm = StatementEffects.skipsConcurrentForm(statement)
  }

  /// Locks last to the statement's end in autocommit, or when the statement
  /// commits by itself; else to the transaction's end.
  var hold: LockHold {
    effects.transaction.holdsLocksToEnd && !StatementEffects.commitsByItself(statement) ? .transaction : .statement
  }

  mutating func build() {
    switch statement.node {
    case .createIndex(let index):
      let mode: LockMode = index.concurrently ? .shareUpdateExclusive : .share
      add(table: index.table, mode, scan: true)
      if !index.only { addPartitions(of: index.table, mode, scan: true) }
    case .alterTable(let alter): addAlter(alter)
    case .createTable(let create): addCreateTable(create)
    case .drop(let drop): addDrop(drop)
    case .rename(let rename): addRename(rename)
    case .alterObjectSchema(let move):
      switch move.objectType {
      case .table, .foreignTable, .view, .matview:
        add(table: move.target, .accessExclusive)
      default: break
      }
    case .truncate(let truncate):
      for table in truncate.tables {
        add(table: table, .accessExclusive)
        addPartitions(of: table, .accessExclusive)
      }
    case .lock(let lock):
      let mode = LockMode(sqlName: lock.mode) ?? .accessExclusive
      for table in lock.tables {
        add(table: table, mode)
        addPartitions(of: table, mode)
      }
    case .maintenance(let maintenance): addMaintenance(maintenance)
    case .refreshMaterializedView(let refresh):
      // Without CONCURRENTLY the view's rows go into a new file (swapped in
      // at the end); CONCURRENTLY updates the rows in place.
      add(
        table: refresh.name, refresh.concurrently ? .exclusive : .accessExclusive, rewrite: !refresh.concurrently,
        scan: true)
      addReads(ofView: refresh.name)
    case .grant(let grant) where grant.objectType == "TABLE" && version >= 18:
      // PostgreSQL 18 locks each table it grants on in ACCESS SHARE (15 takes
      // no table lock; 16 and 17 are not checked live).
      for table in grant.objects { add(table: table, .accessShare) }
    case .createTrigger(let trigger): add(table: trigger.table, .shareRowExclusive)
    case .createPolicy(let policy), .alterPolicy(let policy): add(table: policy.table, .accessExclusive)
    case .comment(let comment):
      // COMMENT takes SHARE UPDATE EXCLUSIVE on the table it documents.
      guard let target = comment.target else { break }
      if comment.objectType == .table {
        add(table: target, .shareUpdateExclusive)
      } else if comment.objectType == .column, target.parts.count >= 2 {
        add(table: QualifiedName(parts: Array(target.parts.dropLast())), .shareUpdateExclusive)
      }
    case .createView(let view):
      // Replacing an existing view swaps its rule: ACCESS EXCLUSIVE on the view.
      if view.orReplace, !view.isTableAs, schema.views[schema.resolve(view.name, in: schema.views)] != nil {
        add(table: view.name, .accessExclusive)
      }
      addReads(view.sources)
    case .dml(let dml):
      guard let table = dml.table else { break }
      add(table: table, .rowExclusive, scan: !dml.hasWhere && dml.kind != .insert && dml.kind != .merge)
      if dml.kind == .insert { addForeignKeyChecks(of: table) }
      if dml.kind == .delete { addReferencingTables(of: table) }
      addReads(dml.sources)
    default:
      break
    }
  }

  // MARK: - Relations

  /// The key, kind and newness of a relation named in the statement.
  func resolve(_ name: QualifiedName) -> (ObjectKey, RelationKind, Bool) {
    let tableKey = schema.resolve(name, in: schema.tables)
    if let table = schema.tables[tableKey] {
      return (tableKey, table.isPartitioned ? .partitionedTable : .table, schema.isCreatedInCurrentFile(table.origin))
    }
    let viewKey = schema.resolve(name, in: schema.views)
    if let view = schema.views[viewKey] {
      return (viewKey, view.materialized ? .materializedView : .view, schema.isCreatedInCurrentFile(view.origin))
    }
    // Not created by any migration cslint saw: it exists in the database.
    return (tableKey, .table, false)
  }

  /// Records `mode` on the relation `name`, merging with an earlier entry
  /// for the same relation (the strongest lock and all the work).
  mutating func add(
    table name: QualifiedName, _ mode: LockMode, rewrite: Bool = false, scan: Bool = false,
    validates: Bool = false, note: String? = nil
  ) {
    let (key, kind, isNew) = resolve(name)
    add(key: key, kind: kind, isNew: isNew, mode, rewrite: rewrite, scan: scan, validates: validates, note: note)
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

  mutating func addCreateTable(_ create: CreateTable) {
    // A new table takes ACCESS EXCLUSIVE on itself (harmless: nobody sees
    // it yet), SHARE ROW EXCLUSIVE on each table it references (the
    // foreign key's triggers go there), ACCESS EXCLUSIVE on a partition parent.
    let key = schema.keyForCreation(create.name)
    if create.ifNotExists, schema.tables[key] != nil { return }
    add(key: key, kind: create.isPartitioned ? .partitionedTable : .table, isNew: true, .accessExclusive)
    if let parent = create.partitionOf { add(table: parent, .accessExclusive) }
    for column in create.columns {
      if let referenced = column.references { add(table: referenced, .shareRowExclusive) }
    }
    for constraint in create.constraints where constraint.kind == .foreignKey {
      if let referenced = constraint.referencedTable { add(table: referenced, .shareRowExclusive) }
    }
  }

  mutating func addDrop(_ drop: DropStatement) {
    switch drop.objectType {
    case .table, .foreignTable, .view, .matview:
      for name in drop.names {
        add(table: name, .accessExclusive)
        addPartitions(of: name, .accessExclusive)
        // Its foreign keys' triggers live on the tables it references.
        let key = schema.resolve(name, in: schema.tables)
        for constraint in schema.tables[key]?.constraints ?? [] where constraint.kind == .foreignKey {
          if let referenced = constraint.referencedTable, referenced != key {
            add(key: referenced, kind: .table, isNew: isNew(referenced), .accessExclusive)
          }
        }
      }
    case .index:
      for name in drop.names {
        let indexKey = schema.resolve(name, in: schema.indexes)
        guard let index = schema.indexes[indexKey] else { continue }
        add(
          key: index.table, kind: kind(of: index.table), isNew: isNew(index.table),
          drop.concurrently ? .shareUpdateExclusive : .accessExclusive)
      }
    case .trigger, .policy, .rule:
      if let table = drop.onTable { add(table: table, .accessExclusive) }
    default:
      break
    }
  }

  mutating func addRename(_ rename: RenameStatement) {
    switch rename.objectType {
    case .table, .foreignTable, .view, .matview, .column,
      .tableConstraint:
      add(table: rename.target, .accessExclusive)
      if rename.objectType == .column { addPartitions(of: rename.target, .accessExclusive) }
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
      if let table = rename.onTable { add(table: table, .accessExclusive) }
    default:
      break
    }
  }

  mutating func addMaintenance(_ maintenance: MaintenanceStatement) {
    guard let target = maintenance.target else { return }
    switch maintenance.kind {
    case .vacuum, .analyze: add(table: target, .shareUpdateExclusive, scan: true)
    case .vacuumFull, .cluster: add(table: target, .accessExclusive, rewrite: true)
    case .reindex:
      // REINDEX SCHEMA|DATABASE|SYSTEM names no relation (one table at a time, each committed).
      if let object = maintenance.objectType, object != "INDEX" && object != "TABLE" { return }
      // REINDEX INDEX names an index: the lock is on its table.
      let indexKey = schema.resolve(target, in: schema.indexes)
      let mode: LockMode = maintenance.concurrently ? .shareUpdateExclusive : .share
      let note = maintenance.concurrently ? "REINDEX CONCURRENTLY needs PostgreSQL 12+" : nil
      if let index = schema.indexes[indexKey] {
        add(key: index.table, kind: kind(of: index.table), isNew: isNew(index.table), mode, scan: true, note: note)
      } else {
        add(table: target, mode, scan: true, note: note)
      }
    }
  }

  /// An inserted row's foreign keys are checked by `SELECT ... FOR KEY
  /// SHARE` on the referenced tables: ROW SHARE there (NOT VALID keys too,
  /// they hold for new rows).
  mutating func addForeignKeyChecks(of name: QualifiedName) {
    let key = schema.resolve(name, in: schema.tables)
    for constraint in schema.tables[key]?.constraints ?? [] where constraint.kind == .foreignKey {
      if let referenced = constraint.referencedTable, referenced != key {
        add(key: referenced, kind: kind(of: referenced), isNew: isNew(referenced), .rowShare)
      }
    }
  }

  func isNew(_ key: ObjectKey) -> Bool {
    if let table = schema.tables[key] { return schema.isCreatedInCurrentFile(table.origin) }
    if let view = schema.views[key] { return schema.isCreatedInCurrentFile(view.origin) }
    return false
  }

  func kind(of key: ObjectKey) -> RelationKind {
    if let table = schema.tables[key] { return table.isPartitioned ? .partitionedTable : .table }
    if let view = schema.views[key] { return view.materialized ? .materializedView : .view }
    return .table
  }
}
