/// PostgreSQL's eight table-level lock modes, weakest to strongest, as the
/// manual's "Explicit Locking" chapter lists them.
public enum LockMode: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
  case accessShare
  case rowShare
  case rowExclusive
  case shareUpdateExclusive
  case share
  case shareRowExclusive
  case exclusive
  case accessExclusive

  public static func < (lhs: LockMode, rhs: LockMode) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The name `pg_locks.mode` shows, e.g. `ShareUpdateExclusiveLock`.
  public var catalogName: String {
    switch self {
    case .accessShare: "AccessShareLock"
    case .rowShare: "RowShareLock"
    case .rowExclusive: "RowExclusiveLock"
    case .shareUpdateExclusive: "ShareUpdateExclusiveLock"
    case .share: "ShareLock"
    case .shareRowExclusive: "ShareRowExclusiveLock"
    case .exclusive: "ExclusiveLock"
    case .accessExclusive: "AccessExclusiveLock"
    }
  }

  /// The name as SQL (`LOCK TABLE ... IN ... MODE`) spells it, e.g. `SHARE UPDATE EXCLUSIVE`.
  public var sqlName: String {
    switch self {
    case .accessShare: "ACCESS SHARE"
    case .rowShare: "ROW SHARE"
    case .rowExclusive: "ROW EXCLUSIVE"
    case .shareUpdateExclusive: "SHARE UPDATE EXCLUSIVE"
    case .share: "SHARE"
    case .shareRowExclusive: "SHARE ROW EXCLUSIVE"
    case .exclusive: "EXCLUSIVE"
    case .accessExclusive: "ACCESS EXCLUSIVE"
    }
  }

  public var description: String { sqlName }

  /// Parses a `pg_locks.mode` value.
  public init?(catalogName: String) {
    guard let mode = LockMode.allCases.first(where: { $0.catalogName == catalogName }) else { return nil }
    self = mode
  }

  /// Parses a lock mode as SQL writes it (`share row exclusive`), tolerating
  /// case, extra spaces or underscores and a trailing `LOCK`.
  public init?(sqlName: String) {
    var words = sqlName.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "_" })
    if words.last == "LOCK" { words.removeLast() }
    let normalized = words.joined(separator: " ")
    guard let mode = LockMode.allCases.first(where: { $0.sqlName == normalized }) else { return nil }
    self = mode
  }

  /// The modes each mode conflicts with: table 13.2 of the PostgreSQL manual
  /// ("Conflicting Lock Modes"), row by row.
  static let conflictTable: [LockMode: Set<LockMode>] = [
    .accessShare: [.accessExclusive],
    .rowShare: [.exclusive, .accessExclusive],
    .rowExclusive: [.share, .shareRowExclusive, .exclusive, .accessExclusive],
    .shareUpdateExclusive: [.shareUpdateExclusive, .share, .shareRowExclusive, .exclusive, .accessExclusive],
    .share: [.rowExclusive, .shareUpdateExclusive, .shareRowExclusive, .exclusive, .accessExclusive],
    .shareRowExclusive: [
      .rowExclusive, .shareUpdateExclusive, .share, .shareRowExclusive, .exclusive, .accessExclusive,
    ],
    .exclusive: [
      .rowShare, .rowExclusive, .shareUpdateExclusive, .share, .shareRowExclusive, .exclusive, .accessExclusive,
    ],
    .accessExclusive: Set(LockMode.allCases),
  ]

  /// Whether a transaction holding `self` makes one asking for `other` wait.
  public func conflicts(with other: LockMode) -> Bool { Self.conflictTable[self]?.contains(other) ?? true }

  /// What the application's own traffic loses while the lock is held:
  /// plain `SELECT` takes ACCESS SHARE, `INSERT`/`UPDATE`/`DELETE` take ROW EXCLUSIVE.
  public var blocks: BlockedTraffic {
    if conflicts(with: .accessShare) { return .readsAndWrites }
    if conflicts(with: .rowExclusive) { return .writes }
    return .otherDDL
  }
}

/// Which queries wait behind a lock (see `LockMode.blocks`).
public enum BlockedTraffic: String, Sendable {
  /// Every query on the table waits, `SELECT` included.
  case readsAndWrites = "reads and writes"
  /// `INSERT`, `UPDATE` and `DELETE` wait; plain reads go on.
  case writes
  /// Reads and writes go on; only other DDL, VACUUM and the like wait.
  case otherDDL = "other DDL only"
  /// No lock on the table.
  case nothing
}
