import PostgresSyntax

/// The database as migrations so far have left it, plus the session state
/// (transaction, settings) of the file being replayed.
///
/// Built by replaying statements in migration order (`apply`). Rules read
/// the state *before* the statement they check; they never modify it.
public struct SchemaState: Sendable {
  /// The catalog's collections, in one copy-on-write box: a `SchemaState`
  /// is copied for every statement's effects and by rules, and as stored
  /// properties its seventeen collections were each retained per copy and
  /// released per destruction (copies and destructions of the state cost
  /// 21 M instructions more on the corpus run). A mutation copies the box
  /// first when it is shared (`uniqueCatalog`), so values keep value
  /// semantics; the collections inside stay copy-on-write themselves.
  final class Catalog: @unchecked Sendable {
    // Sendable: a box is only mutated while uniquely referenced.
    // (`@exclusivity(unchecked)`: the same rule makes the dynamic
    // exclusivity checks of class properties redundant.)
    @exclusivity(unchecked) var tables: [ObjectKey: TableInfo] = [:]
    @exclusivity(unchecked) var externalTables: [ObjectKey: TableInfo] = [:]
    @exclusivity(unchecked) var indexes: [ObjectKey: IndexInfo] = [:]
    @exclusivity(unchecked) var indexKeysBySignature: [String: [ObjectKey]] = [:]
    @exclusivity(unchecked) var generatedIndexSuffixes: [ObjectKey: Int] = [:]
    @exclusivity(unchecked) var tableNameIndex: [UInt64: Set<ObjectKey>] = [:]
    @exclusivity(unchecked) var tableNameFilter = HashFilter()
    @exclusivity(unchecked) var tableCount = 0
    @exclusivity(unchecked) var indexCount = 0
    @exclusivity(unchecked) var functions: [ObjectKey: FunctionInfo] = [:]
    @exclusivity(unchecked) var views: [ObjectKey: ViewInfo] = [:]
    @exclusivity(unchecked) var enums: [ObjectKey: EnumInfo] = [:]
    @exclusivity(unchecked) var extensions: [String: String] = [:]
    @exclusivity(unchecked) var relationPrivileges: [ObjectKey: ObjectPrivileges] = [:]
    @exclusivity(unchecked) var functionPrivileges: [ObjectKey: ObjectPrivileges] = [:]
    @exclusivity(unchecked) var schemas: Set<String> = ["public"]
    @exclusivity(unchecked) var unappliedFiles: Set<Int> = []
    @exclusivity(unchecked) var expandSteps = ExpandSteps()

    init() {}

    init(copying other: Catalog) {
      tables = other.tables
      externalTables = other.externalTables
      indexes = other.indexes
      indexKeysBySignature = other.indexKeysBySignature
      generatedIndexSuffixes = other.generatedIndexSuffixes
      tableNameIndex = other.tableNameIndex
      tableNameFilter = other.tableNameFilter
      tableCount = other.tableCount
      indexCount = other.indexCount
      functions = other.functions
      views = other.views
      enums = other.enums
      extensions = other.extensions
      relationPrivileges = other.relationPrivileges
      functionPrivileges = other.functionPrivileges
      schemas = other.schemas
      unappliedFiles = other.unappliedFiles
      expandSteps = other.expandSteps
    }
  }

  /// One empty catalog for new states until their first change: a state
  /// made to be replaced (the linter parks one per file section) allocates
  /// nothing (15 M instructions on the corpus run). It is never unique,
  /// so the first change copies it.
  private static let emptyCatalog = Catalog()

  private var catalog = SchemaState.emptyCatalog

  /// The catalog box, copied first if another state shares it.
  private mutating func uniqueCatalog() -> Catalog {
    if !isKnownUniquelyReferenced(&catalog) { catalog = Catalog(copying: catalog) }
    return catalog
  }

  public var tables: [ObjectKey: TableInfo] {
    _read { yield catalog.tables }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.tables
      if catalog.tables.count < catalog.tableCount { catalog.generatedIndexSuffixes.removeAll() }
      catalog.tableCount = catalog.tables.count
    }
  }
  /// Tables no replayed migration created, with what ALTER TABLE statements
  /// said about them (constraints, NOT NULL); see `notNullProof`.
  public var externalTables: [ObjectKey: TableInfo] {
    _read { yield catalog.externalTables }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.externalTables
    }
  }
  public var indexes: [ObjectKey: IndexInfo] {
    _read { yield catalog.indexes }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.indexes
      if catalog.indexes.count < catalog.indexCount { catalog.generatedIndexSuffixes.removeAll() }
      catalog.indexCount = catalog.indexes.count
    }
  }
  /// Index keys by `IndexInfo.signature`, in the order the indexes were
  /// created or renamed to the key: duplicate-index asks "which index has
  /// this signature?" for every CREATE INDEX, and scanning every index was
  /// quadratic (issue 21, shape 2). Entries are not removed when an index
  /// goes: readers check each key against `indexes` (see `firstIndex`).
  var indexKeysBySignature: [String: [ObjectKey]] {
    _read { yield catalog.indexKeysBySignature }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.indexKeysBySignature
    }
  }
  /// For each default index name (`t_id_idx`), the first numeric suffix that
  /// may still be free: every lower one was taken when it was last looked
  /// at. Names are only freed by removing a table or an index, which clears
  /// it; so 10,000 unnamed indexes on one table probe one name each, not
  /// 10,000 (issue 21).
  var generatedIndexSuffixes: [ObjectKey: Int] {
    _read { yield catalog.generatedIndexSuffixes }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.generatedIndexSuffixes
    }
  }
  /// Every table key the replay created (`insertTable`), by the FNV-1a hash
  /// of its name, for `markMentionedTablesUncertain`: a DO block looks up its
  /// words instead of hashing every table's name (issue 21). May hold keys
  /// since dropped; readers check `tables`.
  var tableNameIndex: [UInt64: Set<ObjectKey>] {
    _read { yield catalog.tableNameIndex }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.tableNameIndex
      // Any change but `indexTableName`'s (a rename of a schema, a snapshot
      // read back) is rare: the filter is built again from the hashes.
      catalog.tableNameFilter = HashFilter(catalog.tableNameIndex.keys)
    }
  }

  /// The hashes `tableNameIndex` has, to skip most words that name no
  /// table without a dictionary lookup.
  var tableNameFilter: HashFilter { catalog.tableNameFilter }

  /// Indexes table `key` by its name in `tableNameIndex` and its filter.
  mutating func indexTableName(_ key: ObjectKey) {
    let catalog = uniqueCatalog()
    let hash = Fingerprint.fnv1a64(bytes: key.name.utf8)
    catalog.tableNameIndex[hash, default: []].insert(key)
    catalog.tableNameFilter.insert(hash)
  }
  public var functions: [ObjectKey: FunctionInfo] {
    _read { yield catalog.functions }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.functions
    }
  }
  public var views: [ObjectKey: ViewInfo] {
    _read { yield catalog.views }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.views
    }
  }
  public var enums: [ObjectKey: EnumInfo] {
    _read { yield catalog.enums }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.enums
    }
  }
  public var extensions: [String: String] {
    _read { yield catalog.extensions }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.extensions
    }
  }
  /// GRANT / REVOKE on relations (tables, views) by key.
  public var relationPrivileges: [ObjectKey: ObjectPrivileges] {
    _read { yield catalog.relationPrivileges }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.relationPrivileges
    }
  }
  /// GRANT / REVOKE on functions and procedures by key (all overloads alike).
  public var functionPrivileges: [ObjectKey: ObjectPrivileges] {
    _read { yield catalog.functionPrivileges }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.functionPrivileges
    }
  }
  public var schemas: Set<String> {
    _read { yield catalog.schemas }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.schemas
    }
  }
  /// The files (by `fileIndex`) known not to be applied yet: not in the
  /// ledger, or absent at the git base. Empty when the run has neither.
  public var unappliedFiles: Set<Int> {
    _read { yield catalog.unappliedFiles }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.unappliedFiles
    }
  }
  /// Expand steps made by unapplied files (see `ExpandSteps`).
  public internal(set) var expandSteps: ExpandSteps {
    _read { yield catalog.expandSteps }
    _modify {
      let catalog = uniqueCatalog()
      yield &catalog.expandSteps
    }
  }

  /// Index of the file being replayed (0-based, in migration order).
  public internal(set) var fileIndex = 0
  /// Increments at every transaction start, so objects can tell whether
  /// they were created in the transaction that is still open.
  public internal(set) var transactionNumber = 0
  /// An explicit `BEGIN` ... `COMMIT` is open.
  public internal(set) var inExplicitTransaction = false
  /// How the runner sends the file being replayed (see `FileExecution`).
  public var execution = FileExecution.pipeline
  /// Real statements in the file being replayed (a single-query runner opens
  /// a transaction block only for more than one).
  public var fileStatementCount = 0
  /// Statements of the open transaction that already ran.
  public internal(set) var statementsInTransaction = 0
  /// The PostgreSQL major version the migrations run on.
  public var postgresVersion = 15
  public internal(set) var searchPath: [String] = SchemaState.defaultSearchPath
  public internal(set) var lockTimeout: String?
  public internal(set) var statementTimeout: String?
  /// An earlier statement, since the last transaction boundary or change of
  /// lock_timeout, waited for a SHARE or stronger lock on a relation that
  /// existed before the file with no lock_timeout set. Recorded by the
  /// linter from that statement's effects (see `Linter`).
  public internal(set) var lockWaitWithoutTimeout = false
  /// The statement being linted runs inside a `DO` block (a function):
  /// PostgreSQL refuses `CONCURRENTLY` there whatever the transaction.
  public internal(set) var insideDoBlock = false
  /// An earlier statement, since the last transaction boundary or change of
  /// statement_timeout, read or rewrote every row of a relation that existed
  /// before the file with no statement_timeout set (see
  /// `StatementEffects.longRunWithoutTimeout`). Recorded by the linter.
  public internal(set) var longRunWithoutTimeout = false
  /// The first ACCESS EXCLUSIVE lock the open transaction took on a relation
  /// that existed before the file, kept until the transaction ends.
  /// Recorded by the linter from statement effects; see `heldLock`.
  var accessExclusiveHeld: HeldLock?
  /// search_path, lock_timeout and statement_timeout as they were before the
  /// first `SET LOCAL` of the open transaction; restored when it ends.
  var settingsBeforeSetLocal: (searchPath: [String], lockTimeout: String?, statementTimeout: String?)?

  /// `indexSignature` of the CREATE INDEX at this statement range, made
  /// by a rule before the statement's replay (see `Linter.check`); taken
  /// by `apply`.
  var pendingIndexSignature: (range: Range<Int>, signature: String)?

  /// The search path of a new state (shared: no array per new state).
  static let defaultSearchPath = ["public"]

  public init() {}

  /// True while statements run inside a transaction, explicit or the
  /// runner's (see `transactionContext`).
  public var inTransaction: Bool { transactionContext.opener != .none }

  /// The runner wraps the file in a transaction: the Supabase CLI's pipeline
  /// (true) or statement by statement (false). For tests and simple callers;
  /// `execution` says how exactly.
  public var runnerWrapsFileInTransaction: Bool {
    get { execution != .statementByStatement }
    set { execution = newValue ? .pipeline : .statementByStatement }
  }

  /// The schema an unqualified name is created in / looked up in first.
  public var creationSchema: String { searchPath.first ?? "public" }

  /// Resolves a name for creation (unqualified → first schema of search_path).
  public func keyForCreation(_ name: QualifiedName) -> ObjectKey {
    ObjectKey(schema: name.schema ?? creationSchema, name: name.name)
  }

  /// Resolves a name for lookup in a dictionary, trying every schema on the
  /// search path like PostgreSQL does.
  public func resolve<Value>(_ name: QualifiedName, in objects: [ObjectKey: Value]) -> ObjectKey {
    if let schema = name.schema { return ObjectKey(schema: schema, name: name.name) }
    // No `searchPath + ["pg_catalog"]`: that allocates an array per lookup.
    for schema in searchPath {
      let key = ObjectKey(schema: schema, name: name.name)
      if objects.hasKey(key) { return key }
    }
    let catalog = ObjectKey(schema: "pg_catalog", name: name.name)
    if objects.hasKey(catalog) { return catalog }
    return ObjectKey(schema: creationSchema, name: name.name)
  }

  // `resolve` and `existingKey` on one of the state's collections, for the
  // replay's mutating functions. Written there as `resolve(name, in:
  // tables)`, the collection is read through its `_read` accessor for the
  // whole call, and Swift copied the entire state (a retain of each of its
  // references, and their releases) to make that call: ~17,000 copies on
  // the corpus run (5.5 M instructions). Here `self` is borrowed, not copied;
  // not inlined, which would bring the copy back.

  @inline(never) func resolveTable(_ name: QualifiedName) -> ObjectKey { resolve(name, in: tables) }
  @inline(never) func resolveExternalTable(_ name: QualifiedName) -> ObjectKey { resolve(name, in: externalTables) }
  @inline(never) func resolveView(_ name: QualifiedName) -> ObjectKey { resolve(name, in: views) }
  @inline(never) func resolveFunction(_ name: QualifiedName) -> ObjectKey { resolve(name, in: functions) }
  @inline(never) func resolveEnum(_ name: QualifiedName) -> ObjectKey { resolve(name, in: enums) }
  @inline(never) func resolveIndex(_ name: QualifiedName) -> ObjectKey { resolve(name, in: indexes) }
  @inline(never) func existingTableKey(_ name: QualifiedName) -> ObjectKey? { existingKey(name, in: tables) }
  @inline(never) func existingViewKey(_ name: QualifiedName) -> ObjectKey? { existingKey(name, in: views) }

  /// The other tables with a foreign key to `key`, in key order (for the
  /// DELETE effects and drop-table's message). Only those tables are sorted,
  /// not every table of the schema, and each is read once by index: saves
  /// ~12 M instructions on the corpus run.
  func tablesReferencing(_ key: ObjectKey) -> [TableInfo] {
    let tables = self.tables
    return tables.indices.filter { index in
      let table = tables.values[index]
      return table.key != key
        && table.constraints.indices.contains {
          table.constraints[$0].kind == .foreignKey && table.constraints[$0].referencedTable == key
        }
    }.sorted { tables.values[$0].key < tables.values[$1].key }.map { tables.values[$0] }
  }

  /// The key `name` denotes among `objects` when such an object exists, nil
  /// otherwise: `resolve` then `hasKey`, without looking the found key up
  /// a second time.
  func existingKey<Value>(_ name: QualifiedName, in objects: [ObjectKey: Value]) -> ObjectKey? {
    if let schema = name.schema {
      let key = ObjectKey(schema: schema, name: name.name)
      return objects.hasKey(key) ? key : nil
    }
    for schema in searchPath {
      let key = ObjectKey(schema: schema, name: name.name)
      if objects.hasKey(key) { return key }
    }
    let catalog = ObjectKey(schema: "pg_catalog", name: name.name)
    if objects.hasKey(catalog) { return catalog }
    // `resolve`'s fallback, the creation schema, is the search path's first
    // (already looked up) unless the path is empty.
    guard searchPath.isEmpty else { return nil }
    let key = ObjectKey(schema: creationSchema, name: name.name)
    return objects.hasKey(key) ? key : nil
  }

  /// The table `name` denotes now, if known: `resolve` then a lookup,
  /// with the lookups of the search path themselves (resolving first
  /// looked the found key up twice).
  public func table(_ name: QualifiedName) -> TableInfo? {
    let tables = self.tables
    if let schema = name.schema { return tables[ObjectKey(schema: schema, name: name.name)] }
    for schema in searchPath {
      if let table = tables[ObjectKey(schema: schema, name: name.name)] { return table }
    }
    if let table = tables[ObjectKey(schema: "pg_catalog", name: name.name)] { return table }
    // `resolve` falls back to the creation schema: the first of the search
    // path, already looked up (or "public" when the path is empty).
    return searchPath.isEmpty ? tables[ObjectKey(schema: creationSchema, name: name.name)] : nil
  }

  /// True when `name`, written in SQL now, denotes the object `key` (an
  /// unqualified name is looked up on the search path like PostgreSQL does).
  public func denotes(_ name: QualifiedName, _ key: ObjectKey) -> Bool {
    guard name.name == key.name else { return false }
    if let schema = name.schema { return schema == key.schema }
    return resolve(name, in: tables) == key || (!tables.hasKey(key) && creationSchema == key.schema)
  }

  /// The current origin stamp for new objects.
  public var currentOrigin: Origin { Origin(fileIndex: fileIndex, transaction: transactionNumber) }

  /// True when the object was created by the file being linted.
  public func isCreatedInCurrentFile(_ origin: Origin) -> Bool { origin.fileIndex == fileIndex }

  /// True when the object was created in the transaction that is still open
  /// (so no other session can see it yet).
  public func isCreatedInCurrentTransaction(_ origin: Origin) -> Bool {
    origin.fileIndex == fileIndex && origin.transaction == transactionNumber && inTransaction
  }

  /// Starts replaying a new migration file of `statements`, sent by `runner`.
  public mutating func beginFile(index: Int, runner: Runner, statements: [Statement], source: SourceFile) {
    beginFile(index: index)
    execution = FileExecution.of(runner, statements: statements, source: source)
    fileStatementCount = statements.lazy.filter { !$0.span.isMetaCommand }.count
  }

  /// Starts replaying a new migration file.
  public mutating func beginFile(index: Int) {
    fileIndex = index
    inExplicitTransaction = false
    statementsInTransaction = 0
    transactionNumber += 1
    // Session settings do not survive across files: each runs in its own session.
    searchPath = ["public"]
    lockTimeout = nil
    statementTimeout = nil
    settingsBeforeSetLocal = nil
    lockWaitWithoutTimeout = false
    longRunWithoutTimeout = false
    accessExclusiveHeld = nil
  }
}

/// An ACCESS EXCLUSIVE lock a statement took and its transaction still holds.
public struct HeldLock: Sendable, Equatable {
  /// The relation locked.
  public var relation: ObjectKey
  /// The index (in `RuleContext.statements`) of the statement that took it.
  public var statementIndex: Int
  /// `SchemaState.transactionNumber` when it was taken: the lock is gone once it changes.
  var transaction: Int
  /// A later statement prolonged it and the finding was made: reported once.
  public var reported = false
}

extension Dictionary {
  /// True when `key` has a value. Unlike `self[key] != nil`, it copies no
  /// value out (a `TableInfo` copy retains and releases every array and
  /// string in it): the schema asks this for every name it resolves.
  @inline(__always)
  func hasKey(_ key: Key) -> Bool { index(forKey: key) != nil }
}

/// A Bloom filter of one probe over 64-bit hashes: `contains` is false for
/// a hash never inserted, and true for those inserted (and a few others).
/// A DO block looks up each of its words in `tableNameIndex`; most name no
/// table, and the filter answers those without hashing the hash again for a
/// dictionary lookup (6 M instructions on the corpus run).
struct HashFilter: Sendable {
  /// 4,096 bits, allocated at the first insertion.
  private var words: [UInt64] = []

  init() {}

  init(_ hashes: some Sequence<UInt64>) {
    for hash in hashes { insert(hash) }
  }

  mutating func insert(_ hash: UInt64) {
    if words.isEmpty { words = Array(repeating: 0, count: 64) }
    words[Int(truncatingIfNeeded: hash >> 58)] |= 1 << (hash >> 52 & 63)
  }

  func contains(_ hash: UInt64) -> Bool {
    !words.isEmpty && words[Int(truncatingIfNeeded: hash >> 58)] & (1 << (hash >> 52 & 63)) != 0
  }
}
