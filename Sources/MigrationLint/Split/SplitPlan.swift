/// What `cslint fix --split` would do to one migrations folder (issue 20):
/// the edited migrations and the new ones, or why it must not.
///
/// A split never reorders statements: the file is cut at statement
/// boundaries into consecutive pieces, the first stays in the original file
/// and each later piece becomes a new migration whose version sorts right
/// after it (and before the next existing migration). So every statement
/// still runs after the ones it ran after, only in a later transaction.
public struct SplitPlan: Sendable, Equatable {
  /// One file to write.
  public struct FileChange: Sendable, Equatable {
    public var path: String
    /// The current bytes; nil for a new file (which must not exist yet).
    public var original: [UInt8]?
    public var bytes: [UInt8]

    public init(path: String, original: [UInt8]?, bytes: [UInt8]) {
      self.path = path
      self.original = original
      self.bytes = bytes
    }
  }

  /// Edited originals and new files, in the order they run.
  public var changes: [FileChange] = []
  /// One line per split, for the user ("moved ... into ...").
  public var notes: [String] = []
  /// Why a split that is needed cannot be made; any refusal means nothing
  /// of the run is written.
  public var refusals: [String] = []

  public init() {}

  public var isEmpty: Bool { changes.isEmpty && refusals.isEmpty }

  /// Adds `other`'s changes, notes and refusals after these.
  public mutating func append(_ other: SplitPlan) {
    changes += other.changes
    notes += other.notes
    refusals += other.refusals
  }
}

/// The rules whose safe fix is a new migration, and how each one splits.
enum SplitReason: String, Sendable {
  /// A CONCURRENTLY statement (or a plain CREATE/DROP INDEX made
  /// concurrent) goes into a file of its own.
  case concurrentIndex = "concurrent_index"
  /// The statements after an `ALTER TYPE ... ADD VALUE` whose value a later
  /// statement uses: they run in the next migration, after the value commits.
  case afterEnumValue = "after_enum_value"
  /// A `VALIDATE CONSTRAINT` in the transaction that added it NOT VALID.
  case validate = "validate"
  /// Whatever followed a statement that moved into a file of its own.
  case continued = "continued"
  /// The `VALIDATE CONSTRAINT` statements for constraints now added NOT VALID.
  case validateConstraints = "validate_constraints"

  static let ruleIDs: Set<String> = [
    "concurrently-in-transaction", "require-concurrent-index-creation", "require-concurrent-index-deletion",
    "constraint-missing-not-valid", "enum-value-in-transaction",
  ]
}
