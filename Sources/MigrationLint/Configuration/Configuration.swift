/// The settings of one cslint run, read from `.cslint.yml` (every key optional).
///
/// Command-line flags override these values; the front end applies them after
/// `load`. Every key is documented in `docs/configuration.md`.
public struct Configuration: Sendable, Equatable {
  /// The file name looked for by `find(startingAt:)`.
  public static let fileName = ".cslint.yml"

  /// The file this configuration came from; nil for the built-in defaults.
  public var path: String?
  /// Folders (or files) holding the migrations, relative to the configuration's directory.
  public var migrations: [String] = ["supabase/migrations"]
  /// Files in `migrations` that are linted; globs, see `Glob`.
  public var include: [Glob] = Configuration.defaultInclude
  /// Files skipped even when included.
  public var exclude: [Glob] = []
  /// The PostgreSQL major version the migrations run on; rules consult it.
  public var postgresVersion: Int = 15
  /// The migration runner, which decides transaction handling and file naming.
  public var runner: Runner = .supabase
  /// True when the file sets `runner`; otherwise each folder's file names may
  /// select another runner (see `Runner.inferred(fromRelativeNames:)`).
  public var runnerIsExplicit = false
  /// Per-rule settings keyed by rule id; rules not listed use their defaults.
  public var rules: [String: RuleSetting] = [:]
  /// Schemas exposed through the Data API, for the security rules.
  public var exposedSchemas: [String] = ["public"]
  /// The applied-migrations checksum file.
  public var ledger: String = "supabase/migrations/cslint.lock"
  /// The lowest severity that makes the run fail (exit 1).
  public var failOn: FailureThreshold = .error
  /// `baseline`: migrations whose version is at or before it are replayed
  /// for the schema and kept under the history checks, but get no rule
  /// findings (a project adopting cslint starts clean).
  public var baseline: String?
  /// `ignore: paths:`: files replayed for the schema (and under the history
  /// checks) that get no rule findings; unlike `exclude`, they still count.
  public var ignoredPaths: [Glob] = []
  /// `ignore: tables:`: per rule id, table name patterns (`name` or
  /// `schema.name` globs) whose findings are dropped.
  public var ignoredTables: [String: [Glob]] = [:]
  /// `cache`: keep the replayed schema of earlier migrations between runs
  /// (see `ReplayCache`); `--no-cache` turns it off for one run.
  public var cache = true
  /// `cache_dir`: where the cache lives, relative to the configuration's
  /// directory (nil: `.cslint_cache` there). `CSLINT_CACHE_DIR` and
  /// `--cache-dir` override it.
  public var cacheDirectory: String?

  /// Every `.sql` file, at any depth.
  public static let defaultInclude: [Glob] = {
    // The literal is valid, so construction cannot fail; `try?` keeps this trap-free anyway.
    [try? Glob("**/*.sql")].compactMap { $0 }
  }()

  /// The built-in defaults.
  public init() {}

  /// The directory containing the configuration file ("." for defaults); relative
  /// paths in the configuration are relative to it.
  public var baseDirectory: String {
    guard let path, let slash = path.lastIndex(of: "/") else { return "." }
    let directory = String(path[..<slash])
    return directory.isEmpty ? "/" : directory
  }

  /// The severity `rule` reports at, or nil when the configuration turns it off.
  public func severity(for rule: RuleDescription) -> Severity? {
    guard let level = rules[rule.id]?.level else { return rule.defaultSeverity }
    return level.severity
  }

  /// Rules given a severity (not `off`) under `rules:`: they run even when
  /// off by default (`RuleDescription.enabledByDefault`).
  public var enabledRuleIDs: Set<String> {
    Set(rules.compactMap { id, setting in setting.level.flatMap(\.severity) == nil ? nil : id })
  }

  /// The options configured for a rule, validated against its declared
  /// `RuleDescription.options` when the file was read (defaults for the rest).
  public func options(for ruleID: String) -> RuleOptions {
    RuleOptions(rules[ruleID]?.options ?? [:])
  }

  /// Whether a file (path relative to `baseDirectory`) is linted under `include` / `exclude`.
  public func shouldLint(relativePath: String) -> Bool {
    include.contains { $0.matches(relativePath) } && !exclude.contains { $0.matches(relativePath) }
  }

  /// Whether `include` and `exclude` look at file names only (the default
  /// `**/*.sql` does): then any path to the file gives `shouldLint`'s answer.
  public var filtersByFileNameOnly: Bool {
    include.allSatisfy(\.matchesFileNameOnly) && exclude.allSatisfy(\.matchesFileNameOnly)
  }

  /// The settings rules consult, taken from this configuration.
  public var lintSettings: LintSettings {
    var settings = LintSettings(postgresVersion: postgresVersion, runner: runner, exposedSchemas: exposedSchemas)
    settings.ruleOptions = rules.compactMapValues { $0.options.isEmpty ? nil : RuleOptions($0.options) }
    settings.ignoredTables = ignoredTables
    return settings
  }

  /// Whether diagnostics of `severity` make the run fail.
  public func fails(on severity: Severity) -> Bool {
    severity >= failOn.severity
  }
}

/// The settings of one rule.
public struct RuleSetting: Sendable, Equatable {
  /// nil keeps the rule's default severity (options given without `severity`).
  public var level: RuleLevel?
  /// The rule's options, by name, checked against the types it declares.
  public var options: [String: RuleOptionValue]

  public init(level: RuleLevel?, options: [String: RuleOptionValue] = [:]) {
    self.level = level
    self.options = options
  }
}

/// A rule's configured level: a severity, or off.
public enum RuleLevel: String, Sendable, Equatable, CaseIterable {
  case off
  case info
  case warning
  case error

  /// nil for `off`.
  public var severity: Severity? {
    switch self {
    case .off: return nil
    case .info: return .info
    case .warning: return .warning
    case .error: return .error
    }
  }
}

/// `fail_on`: the lowest severity that fails the run.
public enum FailureThreshold: String, Sendable, Equatable, CaseIterable {
  case error
  case warning

  public var severity: Severity {
    switch self {
    case .error: return .error
    case .warning: return .warning
    }
  }
}
