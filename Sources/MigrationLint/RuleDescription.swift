/// What a rule is about; used for docs, `cslint rules` and reporters.
public enum RuleCategory: String, Sendable, CaseIterable, Codable {
  case locking
  case compatibility
  case idempotency
  case types
  case security
  case performance
  case history
  case meta
}

/// Whether a rule ever offers fixes, and of which kind.
public enum FixAvailability: String, Sendable, Codable {
  case none
  case sometimes
  case always
}

/// One example in a rule's documentation, executed as a test.
///
/// In triggering examples a `↓` marks each position where a diagnostic must
/// start; the marker is removed before linting.
public struct RuleExample: Sendable {
  public var sql: String
  /// SQL run before the example (earlier migrations), for schema context.
  public var previousMigrations: [String]
  public var file: StaticString
  public var line: UInt

  public init(
    _ sql: String, previousMigrations: [String] = [], file: StaticString = #filePath, line: UInt = #line
  ) {
    self.sql = sql
    self.previousMigrations = previousMigrations
    self.file = file
    self.line = line
  }
}

/// A fix example: linting `before` and applying its fixes gives `after`.
public struct FixExample: Sendable {
  public var before: String
  public var after: String
  public var previousMigrations: [String]
  /// Where the example is written, so a failing example test points at it.
  public var file: StaticString
  public var line: UInt

  public init(
    before: String, after: String, previousMigrations: [String] = [], file: StaticString = #filePath,
    line: UInt = #line
  ) {
    self.before = before
    self.after = after
    self.previousMigrations = previousMigrations
    self.file = file
    self.line = line
  }
}

/// A rule's metadata: the single source for tests, docs and reporters.
public struct RuleDescription: Sendable {
  /// Stable kebab-case id. Public API: never rename.
  public var id: String
  public var category: RuleCategory
  public var defaultSeverity: Severity
  /// One line: what it reports.
  public var summary: String
  /// Why it matters: the lock, rewrite or failure and who is hurt.
  public var rationale: String
  /// The lock the flagged statement takes, e.g. `ACCESS EXCLUSIVE`, if any.
  public var lock: String?
  /// PostgreSQL versions the rule applies to, as prose ("all", "11+").
  public var postgresVersions: String
  public var fixAvailability: FixAvailability
  /// Fix safety explanation (required when the rule can fix).
  public var fixNotes: String?
  /// The safe SQL to write instead (complete and runnable).
  public var useInstead: String?
  public var triggering: [RuleExample]
  public var nonTriggering: [RuleExample]
  public var fixes: [FixExample]
  /// Ids of the same check in other tools ("squawk: require-concurrent-index-creation").
  public var elsewhere: [String]

  public init(
    id: String, category: RuleCategory, defaultSeverity: Severity, summary: String, rationale: String,
    lock: String? = nil, postgresVersions: String = "all", fixAvailability: FixAvailability = .none,
    fixNotes: String? = nil, useInstead: String? = nil, triggering: [RuleExample] = [],
    nonTriggering: [RuleExample] = [], fixes: [FixExample] = [], elsewhere: [String] = []
  ) {
    self.id = id
    self.category = category
    self.defaultSeverity = defaultSeverity
    self.summary = summary
    self.rationale = rationale
    self.lock = lock
    self.postgresVersions = postgresVersions
    self.fixAvailability = fixAvailability
    self.fixNotes = fixNotes
    self.useInstead = useInstead
    self.triggering = triggering
    self.nonTriggering = nonTriggering
    self.fixes = fixes
    self.elsewhere = elsewhere
  }

  /// Relative link to the generated documentation page.
  public var documentationPath: String { "Rules/\(id).md" }
}
