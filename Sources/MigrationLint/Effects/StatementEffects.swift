/// How long a lock taken by a statement lasts.
public enum LockHold: String, Sendable {
  /// Released when the statement ends: it runs in a transaction of its own
  /// (autocommit), or commits by itself (`CONCURRENTLY`).
  case statement
  /// Kept until the surrounding transaction commits or rolls back, while
  /// every later statement of that transaction runs.
  case transaction
}

/// What kind of relation a statement touches.
public enum RelationKind: String, Sendable {
  case table
  case partitionedTable = "partitioned table"
  case index
  case view
  case materializedView = "materialized view"
  case sequence
}

/// What one statement does to one relation: the lock it takes and the work
/// it does under that lock.
public struct RelationEffect: Sendable, Equatable {
  public var relation: ObjectKey
  public var kind: RelationKind
  /// The strongest lock the statement takes on the relation.
  public var lock: LockMode
  /// Created earlier in the file being linted: new, empty and unseen by
  /// other sessions, so its locks, scans and rewrites hurt no one.
  public var isNew: Bool
  public var heldUntil: LockHold
  /// Every row is copied into a new file (and every index rebuilt).
  public var rewrite: Bool
  /// Every row is read under the lock (to build an index, check NOT NULL, ...).
  public var scan: Bool
  /// A constraint is checked against every row.
  public var validates: Bool
  /// Where the PostgreSQL version changes this effect (e.g. "rewrites before PostgreSQL 11").
  public var versionNote: String?

  public init(
    relation: ObjectKey, kind: RelationKind = .table, lock: LockMode, isNew: Bool = false,
    heldUntil: LockHold = .transaction, rewrite: Bool = false, scan: Bool = false, validates: Bool = false,
    versionNote: String? = nil
  ) {
    self.relation = relation
    self.kind = kind
    self.lock = lock
    self.isNew = isNew
    self.heldUntil = heldUntil
    self.rewrite = rewrite
    self.scan = scan
    self.validates = validates
    self.versionNote = versionNote
  }

  /// The relation existed before the file being linted.
  public var existedBefore: Bool { !isNew }

  /// Who waits while the lock is held.
  public var blocks: BlockedTraffic { lock.blocks }
}

/// Everything the engine knows about what a statement does: computed once per
/// statement from the syntax tree, the schema before it and the session
/// state, and read by every rule.
public struct StatementEffects: Sendable {
  /// One entry per relation touched, in the order the statement names them.
  public var relations: [RelationEffect]
  /// The transaction the statement runs in.
  public var transaction: TransactionContext
  /// `lock_timeout` in force when the statement starts (nil: none, wait forever).
  public var lockTimeout: String?
  /// `statement_timeout` in force when the statement starts.
  public var statementTimeout: String?

  public init(
    relations: [RelationEffect] = [], transaction: TransactionContext = TransactionContext(),
    lockTimeout: String? = nil, statementTimeout: String? = nil
  ) {
    self.relations = relations
    self.transaction = transaction
    self.lockTimeout = lockTimeout
    self.statementTimeout = statementTimeout
  }

  /// The effect on `key`, if the statement touches it.
  public func effect(on key: ObjectKey) -> RelationEffect? { relations.first { $0.relation == key } }

  /// Effects on relations that existed before the file (the ones that can hurt).
  public var onExistingRelations: [RelationEffect] { relations.filter(\.existedBefore) }

  /// True when a lock at least as strong as `mode` is taken on a relation
  /// that existed before the file.
  public func locksExisting(atLeast mode: LockMode) -> Bool {
    relations.contains { $0.existedBefore && $0.lock >= mode }
  }
}
