/// A PostgreSQL table-level lock mode, ordered from weakest to strongest as in
/// the PostgreSQL manual's "Table-Level Lock Modes" (each mode conflicts with at
/// least the modes the one before it conflicts with, except that SHARE and
/// SHARE UPDATE EXCLUSIVE differ only in self-conflict; the order is the one
/// every migration linter uses to say "stronger").
enum LockMode: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
  case accessShare
  case rowShare
  case rowExclusive
  case shareUpdateExclusive
  case share
  case shareRowExclusive
  case exclusive
  case accessExclusive

  static func < (lhs: LockMode, rhs: LockMode) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The name in `pg_locks.mode`, e.g. `ShareUpdateExclusiveLock`.
  var catalogName: String {
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

  /// The name as SQL and `RuleDescription.lock` spell it, e.g. `SHARE UPDATE EXCLUSIVE`.
  var sqlName: String {
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

  var description: String { sqlName }

  /// Parses a `pg_locks.mode` value.
  init?(catalogName: String) {
    guard let mode = LockMode.allCases.first(where: { $0.catalogName == catalogName }) else { return nil }
    self = mode
  }

  /// Parses a declared lock such as `ACCESS EXCLUSIVE`, tolerating case,
  /// extra spaces and a trailing `LOCK` (rule authors write both).
  init?(sqlName: String) {
    var words = sqlName.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "_" })
    if words.last == "LOCK" { words.removeLast() }
    let normalized = words.joined(separator: " ")
    guard let mode = LockMode.allCases.first(where: { $0.sqlName == normalized }) else { return nil }
    self = mode
  }
}
