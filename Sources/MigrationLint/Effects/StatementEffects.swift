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

  /// No lock_timeout is in force: unset, or 0 (pg_dump's `SET lock_timeout = 0`
  /// turns it off), so the statement waits for its locks as long as it takes.
  public var waitsForLocksForever: Bool {
    guard let lockTimeout else { return true }
    return Self.isNoTimeout(lockTimeout)
  }

  /// Whether a `lock_timeout` or `statement_timeout` value turns the
  /// timeout off. A switch, not `contains` on an array literal: that array
  /// was allocated on each call (twice per statement with effects).
  static func isNoTimeout(_ value: String) -> Bool {
    switch value.trimming(" '\"").lowercased() {
    case "0", "0s", "0ms", "default": true
    default: false
    }
  }

  /// The statement has a `CONCURRENTLY` form it does not use (see
  /// `StatementEffects.skipsConcurrentForm`).
  public var skipsConcurrentForm = false

  /// The first relation that existed before the file on which the statement
  /// waits for a SHARE or stronger lock with no lock_timeout in force: every
  /// conflicting query queues behind the wait. Nil for statements that have
  /// an unused `CONCURRENTLY` form (the rules asking for it come first, and
  /// their fix changes the lock).
  public var unboundedLockWait: RelationEffect? {
    guard waitsForLocksForever, !skipsConcurrentForm else { return nil }
    return relations.first { $0.existedBefore && $0.lock >= .share }
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
