import CSLintTestSupport
import Foundation
import Testing

@testable import MigrationLint

@Suite struct ConfigurationTests {
  static let ruleIDs: Set<String> = ["require-concurrent-index-creation", "adding-not-null-field", "ban-drop-table"]

  /// The rules these tests configure; two declare options of every type.
  static let rules: [RuleDescription] = [
    RuleDescription(
      id: "require-concurrent-index-creation", category: .locking, defaultSeverity: .error, summary: "s",
      rationale: "r",
      options: [
        RuleOption("max_rows", type: .int, default: 0, documentation: "d"),
        RuleOption("tables", type: .strings, default: [], documentation: "d"),
        RuleOption("strict", type: .bool, default: false, documentation: "d"),
        RuleOption("mode", type: .oneOf(["fast", "careful"]), default: "fast", documentation: "d"),
        RuleOption("label", type: .string, default: "x", documentation: "d"),
      ]),
    RuleDescription(
      id: "adding-not-null-field", category: .locking, defaultSeverity: .warning, summary: "s", rationale: "r",
      options: [RuleOption("threshold", type: .int, default: 1, documentation: "d")]),
    RuleDescription(
      id: "ban-drop-table", category: .compatibility, defaultSeverity: .error, summary: "s", rationale: "r"),
  ]

  func parse(_ text: String) throws -> Configuration {
    try Configuration.parse(text, path: ".cslint.yml", rules: Self.rules)
  }

  @Test func emptyFileGivesDefaults() throws {
    let configuration = try parse("# nothing yet\n")
    #expect(configuration.migrations == ["supabase/migrations"])
    #expect(configuration.include.map(\.pattern) == ["**/*.sql"])
    #expect(configuration.exclude.isEmpty)
    #expect(configuration.postgresVersion == 15)
    #expect(configuration.runner == .supabase)
    #expect(configuration.rules.isEmpty)
    #expect(configuration.exposedSchemas == ["public"])
    #expect(configuration.ledger == "supabase/migrations/cslint.lock")
    #expect(configuration.failOn == .error)
    #expect(configuration.path == ".cslint.yml")
  }

  @Test func readsEveryKey() throws {
    let configuration = try parse(
      """
      migrations: [db/migrations, extra]
      include:
        - "**/*.sql"
      exclude: ['*_seed.sql']
      postgres_version: 17
      runner: golang-migrate
      rules:
        ban-drop-table: off
        adding-not-null-field: info
        require-concurrent-index-creation: {severity: warning, max_rows: 1000}
      exposed_schemas: [public, api]
      ledger: db/cslint.lock
      fail_on: warning
      """)
    #expect(configuration.migrations == ["db/migrations", "extra"])
    #expect(configuration.exclude.map(\.pattern) == ["*_seed.sql"])
    #expect(configuration.postgresVersion == 17)
    #expect(configuration.runner == .golangMigrate)
    #expect(configuration.rules["ban-drop-table"]?.level == .off)
    #expect(configuration.rules["adding-not-null-field"]?.level == .info)
    let index = try #require(configuration.rules["require-concurrent-index-creation"])
    #expect(index.level == .warning)
    #expect(index.options["max_rows"] == .int(1000))
    #expect(configuration.exposedSchemas == ["public", "api"])
    #expect(configuration.ledger == "db/cslint.lock")
    #expect(configuration.failOn == .warning)
    #expect(configuration.fails(on: .warning) && !configuration.fails(on: .info))
    let settings = configuration.lintSettings
    #expect(
      settings.postgresVersion == 17 && settings.runner == .golangMigrate
        && settings.exposedSchemas == ["public", "api"])
  }

  @Test func ruleSeverityFollowsConfiguration() throws {
    let configuration = try parse("rules:\n  ban-drop-table: off\n  adding-not-null-field:\n    threshold: 3\n")
    let drop = RuleDescription(
      id: "ban-drop-table", category: .compatibility, defaultSeverity: .error, summary: "s", rationale: "r")
    let notNull = RuleDescription(
      id: "adding-not-null-field", category: .locking, defaultSeverity: .warning, summary: "s", rationale: "r")
    let other = RuleDescription(
      id: "require-concurrent-index-creation", category: .locking, defaultSeverity: .error, summary: "s", rationale: "r"
    )
    #expect(configuration.severity(for: drop) == nil)
    #expect(configuration.severity(for: notNull) == .warning)
    #expect(configuration.severity(for: other) == .error)
    #expect(configuration.options(for: "adding-not-null-field").values["threshold"] == .int(3))
  }

  struct Invalid: CustomTestStringConvertible, Sendable {
    let yaml: String
    let line: Int
    let column: Int
    let message: String
    var testDescription: String { yaml.debugDescription }
  }

  static let invalid: [Invalid] = [
    Invalid(
      yaml: "postgres-version: 15", line: 1, column: 1,
      message: "unknown key 'postgres-version'; did you mean 'postgres_version'?"),
    Invalid(
      yaml: "runner: none\nexlcude: []", line: 2, column: 1, message: "unknown key 'exlcude'; did you mean 'exclude'?"),
    Invalid(
      yaml: "colour: red", line: 1, column: 1,
      message: "unknown key 'colour'; valid keys: migrations, include, exclude, postgres_version, runner, rules, "
        + "exposed_schemas, ledger, fail_on, baseline, ignore, cache, cache_dir"),
    Invalid(
      yaml: "rules:\n  require-concurent-index-creation: off", line: 2, column: 3,
      message: "unknown rule id 'require-concurent-index-creation'; did you mean 'require-concurrent-index-creation'?"),
    Invalid(
      yaml: "rules:\n  require-concurrent-index: off", line: 2, column: 3,
      message: "unknown rule id 'require-concurrent-index'; did you mean 'require-concurrent-index-creation'?"),
    Invalid(
      yaml: "rules:\n  no-such-thing: off", line: 2, column: 3,
      message: "unknown rule id 'no-such-thing'; run 'cslint rules' to list the rule ids"),
    Invalid(
      yaml: "rules:\n  ban-drop-table: warn", line: 2, column: 19,
      message:
        "unknown level 'warn' for rule 'ban-drop-table'; did you mean 'warning'? expected one of: off, info, warning, error"
    ),
    Invalid(
      yaml: "rules:\n  ban-drop-table: {severity: fatal}", line: 2, column: 30,
      message: "unknown level 'fatal' for rule 'ban-drop-table'; expected one of: off, info, warning, error"),
    Invalid(
      yaml: "rules:\n  ban-drop-table:", line: 2, column: 18,
      message: "rule 'ban-drop-table' needs a level: off, info, warning, error"),
    Invalid(
      yaml: "rules: [ban-drop-table]", line: 1, column: 8,
      message: "'rules' must map rule ids to a level, like 'rule-id: warning', found a list"),
    Invalid(
      yaml: "runner: supabse", line: 1, column: 9,
      message:
        "unknown runner 'supabse'; did you mean 'supabase'? expected one of: supabase, none, flyway, golang-migrate, dbmate, diesel"
    ),
    Invalid(
      yaml: "fail_on: info", line: 1, column: 10, message: "unknown fail_on 'info'; expected one of: error, warning"),
    Invalid(
      yaml: "postgres_version: '15'", line: 1, column: 19,
      message: "'postgres_version' must be a PostgreSQL major version such as 15, without quotes"),
    Invalid(
      yaml: "postgres_version: 15.4", line: 1, column: 19,
      message: "'postgres_version' must be a PostgreSQL major version such as 15, found '15.4'"),
    Invalid(
      yaml: "postgres_version: 9", line: 1, column: 19,
      message:
        "'postgres_version' must be a PostgreSQL major version such as 15; 9 is not a supported version (10 or later)"),
    Invalid(
      yaml: "postgres_version: [15]", line: 1, column: 19,
      message: "'postgres_version' must be a PostgreSQL major version such as 15, found a list"),
    Invalid(yaml: "migrations: []", line: 1, column: 13, message: "'migrations' must list at least one path"),
    Invalid(
      yaml: "migrations:\n  - a\n  - [b]", line: 3, column: 5,
      message: "each item of 'migrations' must be a path, found a list"),
    Invalid(yaml: "include: ['[abc']", line: 1, column: 12, message: "unclosed '[' in glob '[abc' in 'include'"),
    Invalid(yaml: "exclude: [ok, 'a/[b']", line: 1, column: 18, message: "unclosed '[' in glob 'a/[b' in 'exclude'"),
    Invalid(
      yaml: "exposed_schemas: {a: b}", line: 1, column: 18,
      message: "'exposed_schemas' must be a list of schema names, found a map"),
    Invalid(yaml: "ledger:", line: 1, column: 8, message: "'ledger' needs a value"),
    Invalid(yaml: "ledger: ''", line: 1, column: 9, message: "'ledger' must not be empty"),
    Invalid(
      yaml: "- runner", line: 1, column: 1,
      message: "the configuration must be a mapping of keys such as 'runner: supabase', found a list"),
  ]

  @Test(arguments: invalid)
  func rejectsInvalidConfiguration(_ row: Invalid) {
    #expect(throws: ConfigurationError(path: ".cslint.yml", line: row.line, column: row.column, message: row.message)) {
      try parse(row.yaml)
    }
  }

  @Test func singleStringCountsAsOneItemList() throws {
    let configuration = try parse("migrations: db/migrations\nexposed_schemas:\n")
    #expect(configuration.migrations == ["db/migrations"])
    #expect(configuration.exposedSchemas.isEmpty)
  }

  @Test func includeAndExcludeSelectFiles() throws {
    let configuration = try parse("include: ['**/*.sql']\nexclude: ['*_seed.sql', 'supabase/migrations/old/**']")
    #expect(configuration.shouldLint(relativePath: "supabase/migrations/20240101000000_init.sql"))
    #expect(!configuration.shouldLint(relativePath: "supabase/migrations/20240101000000_init.txt"))
    #expect(!configuration.shouldLint(relativePath: "supabase/migrations/20240101000000_users_seed.sql"))
    #expect(!configuration.shouldLint(relativePath: "supabase/migrations/old/20200101000000_a.sql"))
  }

  @Test func defaultsDescriptionIsExact() {
    #expect(
      Configuration().effectiveDescription() == """
        # cslint effective configuration
        # source: built-in defaults (no .cslint.yml found)
        migrations:
          - supabase/migrations
        include:
          - '**/*.sql'
        exclude: []
        postgres_version: 15
        runner: supabase
        rules: {}
        exposed_schemas:
          - public
        ledger: supabase/migrations/cslint.lock
        fail_on: error
        cache: true

        """)
  }

  @Test func descriptionReadsBackToTheSameConfiguration() throws {
    let original = try parse(
      """
      migrations: ['db/my migrations', "tab\\there"]
      exclude: ['*: x', 'a # b', "-lead", "it's"]
      postgres_version: 16
      runner: dbmate
      rules:
        ban-drop-table: off
        adding-not-null-field: {}
        require-concurrent-index-creation:
          severity: info
          tables: [a, 'b c', "it's", '-x']
          mode: careful
          label: 'a # b'
      exposed_schemas: []
      ledger: "~"
      fail_on: warning
      """)
    let text = original.effectiveDescription()
    let reread = try Configuration.parse(text, path: ".cslint.yml", rules: Self.rules)
    // Scalar styles and positions may differ; compare what they mean.
    #expect(reread.effectiveDescription() == text)
    #expect(reread.migrations == original.migrations)
    #expect(reread.exclude == original.exclude)
    #expect(reread.ledger == "~")
    #expect(reread.rules.keys.sorted() == original.rules.keys.sorted())
    #expect(reread.rules["adding-not-null-field"]?.level == nil)
    #expect(reread.rules["require-concurrent-index-creation"] == original.rules["require-concurrent-index-creation"])
    #expect(reread.options(for: "require-concurrent-index-creation").strings(Self.rules[0].options[1]).count == 4)
  }

  @Test func baselineAndIgnoreReadAndReadBack() throws {
    let original = try parse(
      """
      baseline: 20240131120000
      ignore:
        paths: ['legacy/*.sql', "it's.sql"]
        tables:
          ban-drop-table: ['audit_*', private.secrets]
      """)
    #expect(original.baseline == "20240131120000")
    #expect(original.ignoredPaths.map(\.pattern) == ["legacy/*.sql", "it's.sql"])
    #expect(original.ignoredTables["ban-drop-table"]?.map(\.pattern) == ["audit_*", "private.secrets"])
    #expect(original.lintSettings.ignoredTables == original.ignoredTables)
    let text = original.effectiveDescription()
    let reread = try Configuration.parse(text, path: ".cslint.yml", rules: Self.rules)
    #expect(reread.effectiveDescription() == text)
    #expect(reread.baseline == original.baseline)
    #expect(reread.ignoredPaths == original.ignoredPaths)
    #expect(reread.ignoredTables == original.ignoredTables)
    for bad in ["baseline: 2024-01-31\n", "baseline: ''\n", "ignore: [a]\n", "ignore:\n  path: [a]\n"] {
      #expect(throws: ConfigurationError.self, "\(bad)") { try parse(bad) }
    }
  }

  @Test func descriptionListsEveryRuleWhenGivenDescriptions() throws {
    let configuration = try parse("rules:\n  ban-drop-table: off\n")
    let text = configuration.effectiveDescription(ruleDescriptions: [
      RuleDescription(
        id: "ban-drop-table", category: .compatibility, defaultSeverity: .error, summary: "", rationale: ""),
      RuleDescription(
        id: "adding-not-null-field", category: .locking, defaultSeverity: .warning, summary: "", rationale: ""),
    ])
    #expect(text.contains("rules:\n  adding-not-null-field: warning\n  ban-drop-table: off\n"))
  }

  @Test func findWalksUpToTheNearestFile() throws {
    let root = TestPaths.scratchURL("find")
    let nested = root.appendingPathComponent("a/b/c")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("a/.cslint.yml")
    try Data("runner: none\n".utf8).write(to: file)
    // A directory with the same name must not count.
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("a/b/.cslint.yml"), withIntermediateDirectories: true)
    let found = try #require(Configuration.find(startingAt: nested.path))
    #expect(found == file.standardizedFileURL.path)
    let loaded = try Configuration.load(path: found, knownRuleIDs: [])
    #expect(loaded.runner == Runner.none)
    #expect(loaded.baseDirectory == file.deletingLastPathComponent().standardizedFileURL.path)
  }

  @Test func loadReportsMissingFile() {
    #expect(
      throws: ConfigurationError(
        path: "/nonexistent/.cslint.yml", line: 0, column: 0, message: "configuration file not found")
    ) {
      try Configuration.load(path: "/nonexistent/.cslint.yml", knownRuleIDs: [])
    }
  }
}
