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
  /// The settings and options the example is linted with (defaults when not
  /// pinned); the rule page shows them beside the example.
  public var context: ExampleContext
  /// In a triggering example: the exact message every finding must have.
  public var message: String?
  public var file: StaticString
  public var line: UInt

  /// - Parameters:
  ///   - postgresVersion: lint as if `postgres_version` were this (default 15).
  ///   - runner: lint as if `runner` were this (default `supabase`).
  ///   - options: this rule's options, as in `.cslint.yml` (`["require_guards": false]`).
  ///   - message: the exact message of each finding (triggering examples only).
  public init(
    _ sql: String, previousMigrations: [String] = [], postgresVersion: Int? = nil, runner: Runner? = nil,
    options: [String: RuleOptionValue] = [:], message: String? = nil, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    self.sql = sql
    self.previousMigrations = previousMigrations
    self.context = ExampleContext(postgresVersion: postgresVersion, runner: runner, options: options)
    self.message = message
    self.file = file
    self.line = line
  }
}

/// A fix example: linting `before` and applying its fixes gives `after`.
public struct FixExample: Sendable {
  public var before: String
  public var after: String
  public var previousMigrations: [String]
  /// The settings and options `before` is linted with (see `RuleExample`).
  public var context: ExampleContext
  /// The exact message of each fixed finding, when given.
  public var message: String?
  /// Where the example is written, so a failing example test points at it.
  public var file: StaticString
  public var line: UInt

  public init(
    before: String, after: String, previousMigrations: [String] = [], postgresVersion: Int? = nil,
    runner: Runner? = nil, options: [String: RuleOptionValue] = [:], message: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    self.before = before
    self.after = after
    self.previousMigrations = previousMigrations
    self.context = ExampleContext(postgresVersion: postgresVersion, runner: runner, options: options)
    self.message = message
    self.file = file
    self.line = line
  }
}

/// What an example pins: the PostgreSQL version, the runner and the rule's
/// options. Unpinned values are the defaults of `LintSettings`.
public struct ExampleContext: Sendable, Equatable {
  public var postgresVersion: Int?
  public var runner: Runner?
  public var options: [String: RuleOptionValue]

  public init(postgresVersion: Int? = nil, runner: Runner? = nil, options: [String: RuleOptionValue] = [:]) {
    self.postgresVersion = postgresVersion
    self.runner = runner
    self.options = options
  }

  /// True when the example pins nothing.
  public var isDefault: Bool { postgresVersion == nil && runner == nil && options.isEmpty }

  /// The settings to lint the example of rule `ruleID` with.
  public func settings(ruleID: String) -> LintSettings {
    var settings = LintSettings()
    if let postgresVersion { settings.postgresVersion = postgresVersion }
    if let runner { settings.runner = runner }
    if !options.isEmpty { settings.ruleOptions = [ruleID: RuleOptions(options)] }
    return settings
  }

  /// The pinned settings as `.cslint.yml` would spell them, in a fixed order:
  /// `postgres_version: 13`, `runner: none`, `require_guards: false`.
  public var yamlSettings: [String] {
    var parts: [String] = []
    if let postgresVersion { parts.append("postgres_version: \(postgresVersion)") }
    if let runner { parts.append("runner: \(runner.rawValue)") }
    parts += options.keys.sorted().compactMap { name in options[name].map { "\(name): \($0)" } }
    return parts
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
  /// The options users may set under the rule in `.cslint.yml`, validated
  /// there and read by the rule with `RuleContext.options(for:)`.
  public var options: [RuleOption]
  /// False for a rule that runs only when enabled explicitly: a severity
  /// under `rules:` in `.cslint.yml`, or `--rule ID`.
  public var enabledByDefault: Bool
  /// Runners for which a rule `enabledByDefault` is off unless enabled
  /// explicitly (e.g. where the runner already does what the rule asks).
  public var offByDefaultFor: [Runner]
  /// Ids the rule had before a rename: deprecated aliases that `.cslint.yml`,
  /// `--rule` / `--ignore` and suppression comments still accept (see
  /// `RuleRegistry.canonicalID`). Ids are public API, so an old one is kept.
  public var formerIDs: [String]

  public init(
    id: String, category: RuleCategory, defaultSeverity: Severity, summary: String, rationale: String,
    lock: String? = nil, postgresVersions: String = "all", fixAvailability: FixAvailability = .none,
    fixNotes: String? = nil, useInstead: String? = nil, triggering: [RuleExample] = [],
    nonTriggering: [RuleExample] = [], fixes: [FixExample] = [], elsewhere: [String] = [],
    options: [RuleOption] = [], enabledByDefault: Bool = true, offByDefaultFor: [Runner] = [],
    formerIDs: [String] = []
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
    self.options = options
    self.enabledByDefault = enabledByDefault
    self.offByDefaultFor = offByDefaultFor
    self.formerIDs = formerIDs
  }

  /// Whether the rule runs with `runner` when nothing enables it explicitly.
  public func isOnByDefault(for runner: Runner) -> Bool {
    enabledByDefault && !offByDefaultFor.contains(runner)
  }

  /// Where the rule is off by default, as prose ("yes", "no",
  /// "yes, except with runner supabase"), for docs and `cslint rules`.
  public var defaultEnablement: String {
    guard enabledByDefault else { return "no" }
    guard !offByDefaultFor.isEmpty else { return "yes" }
    return "yes, except with runner " + offByDefaultFor.map(\.rawValue).joined(separator: ", ")
  }

  /// The declared option called `name`, if any.
  public func option(named name: String) -> RuleOption? {
    options.first { $0.name == name }
  }

  /// Relative link to the generated documentation page.
  public var documentationPath: String { "Rules/\(id).md" }
}
