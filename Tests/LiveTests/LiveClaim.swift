import MigrationLint
import Testing

/// The strongest lock a statement is claimed to take on one table.
struct TableLock: Sendable, Equatable {
  var table: String
  var mode: LockMode

  init(_ table: String, _ mode: LockMode) {
    self.table = table
    self.mode = mode
  }
}

/// The safer statement a rule recommends, and the weakest guarantee it must keep.
struct SafeAlternative: Sendable {
  /// Run after the claim's setup (e.g. the NOT VALID constraint that a VALIDATE needs).
  var extraSetup: String = ""
  var sql: String
  /// Cannot run in a transaction block: observed while blocked (see ``LiveObserver``).
  var concurrently: Bool = false
  /// It must take no lock stronger than this on any of the claim's tables
  /// (nil: not checked; the alternative is still executed and must succeed).
  var maxLock: LockMode? = nil
  var rewrite: Bool? = nil
  var scan: Bool? = nil
}

/// One statement about PostgreSQL's behaviour that cslint relies on, checked
/// against live servers. Rules state their lock in `RuleDescription.lock`;
/// each claim row is what the rule's text promises, made executable.
struct LiveClaim: Sendable, CustomTestStringConvertible {
  /// Unique, stable (it names the test case and the row in docs/verification.md).
  var id: String
  /// The rule whose message depends on this claim; nil for a PostgreSQL fact
  /// no rule states yet.
  var ruleID: String?
  /// The first major the claim holds for; older servers skip it.
  var since: Int = 0
  /// The last major the claim holds for; newer servers skip it.
  var until: Int = .max
  /// Creates the objects the statement needs, with rows, in a scratch schema.
  var setup: String
  var statement: String
  /// The statement refuses a transaction block (CONCURRENTLY).
  var concurrently: Bool = false
  /// Exact strongest lock expected on each listed table (empty: not checked).
  var locks: [TableLock] = []
  /// Whether the statement rewrites the tables in ``locks`` (or `t`); nil: not checked.
  var rewrite: Bool? = nil
  /// Whether it scans them to verify a constraint; nil: not checked.
  var scan: Bool? = nil
  /// A substring of the error it must fail with; the lock and effect
  /// expectations are then not checked (a failed statement holds nothing).
  var failure: String? = nil
  /// A statement another session runs while `statement`'s transaction is
  /// still open (`BEGIN; <statement>;`, not yet committed): it must wait for
  /// a lock that transaction holds (observed as its 1 s lock_timeout
  /// expiring), and run once the transaction ends.
  var blocks: String? = nil
  var safeAlternative: SafeAlternative? = nil

  var testDescription: String { id }

  /// Tables whose rewrites and scans are compared.
  var effectTables: [String] { locks.isEmpty ? ["t"] : locks.map(\.table) }
}
