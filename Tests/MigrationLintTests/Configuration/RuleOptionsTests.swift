import PostgresSyntax
import Testing

@testable import MigrationLint

/// Rule options in `.cslint.yml`: typed values, positioned errors, and the
/// values reaching the rules.
@Suite struct RuleOptionsTests {
  func parse(_ text: String) throws -> Configuration {
    try Configuration.parse(text, path: ".cslint.yml", rules: ConfigurationTests.rules)
  }

  struct Valid: CustomTestStringConvertible, Sendable {
    let yaml: String
    let option: String
    let value: RuleOptionValue
    var testDescription: String { yaml.debugDescription }
  }

  static let valid: [Valid] = [
    Valid(yaml: "max_rows: 1000", option: "max_rows", value: 1000),
    Valid(yaml: "max_rows: -3", option: "max_rows", value: -3),
    Valid(yaml: "strict: true", option: "strict", value: true),
    Valid(yaml: "strict: false", option: "strict", value: false),
    Valid(yaml: "tables: [a, 'b c']", option: "tables", value: ["a", "b c"]),
    Valid(yaml: "tables: one", option: "tables", value: ["one"]),
    Valid(yaml: "tables:", option: "tables", value: []),
    Valid(yaml: "mode: careful", option: "mode", value: "careful"),
    Valid(yaml: "label: '15'", option: "label", value: "15"),
  ]

  @Test(arguments: valid)
  func readsTypedValues(_ row: Valid) throws {
    let configuration = try parse("rules:\n  require-concurrent-index-creation: {\(row.yaml)}\n")
    #expect(configuration.rules["require-concurrent-index-creation"]?.options == [row.option: row.value])
    #expect(configuration.rules["require-concurrent-index-creation"]?.level == nil)
  }

  static let invalid: [ConfigurationTests.Invalid] = [
    .init(
      yaml: "rules:\n  require-concurrent-index-creation:\n    max_row: 3", line: 3, column: 5,
      message: "unknown option 'max_row' for rule 'require-concurrent-index-creation'; did you mean 'max_rows'?"),
    .init(
      yaml: "rules:\n  adding-not-null-field: {severty: error}", line: 2, column: 27,
      message: "unknown option 'severty' for rule 'adding-not-null-field'; did you mean 'severity'?"),
    .init(
      yaml: "rules:\n  adding-not-null-field: {colour: red}", line: 2, column: 27,
      message: "unknown option 'colour' for rule 'adding-not-null-field'; its options are: severity, threshold"),
    .init(
      yaml: "rules:\n  ban-drop-table: {tables: [a]}", line: 2, column: 20,
      message: "unknown option 'tables' for rule 'ban-drop-table'; it takes no options, only 'severity'"),
    .init(
      yaml: "rules:\n  require-concurrent-index-creation: {strict: yes}", line: 2, column: 47,
      message: "option 'strict' of rule 'require-concurrent-index-creation' must be true or false, found 'yes'"),
    .init(
      yaml: "rules:\n  require-concurrent-index-creation: {strict: 'true'}", line: 2, column: 47,
      message: "option 'strict' of rule 'require-concurrent-index-creation' must be true or false, found 'true'"),
    .init(
      yaml: "rules:\n  require-concurrent-index-creation: {max_rows: 1.5}", line: 2, column: 49,
      message: "option 'max_rows' of rule 'require-concurrent-index-creation' must be an integer, found '1.5'"),
    .init(
      yaml: "rules:\n  require-concurrent-index-creation: {max_rows: [1]}", line: 2, column: 49,
      message: "option 'max_rows' of rule 'require-concurrent-index-creation' must be an integer, found a list"),
    .init(
      yaml: "rules:\n  require-concurrent-index-creation:\n    tables: {a: b}", line: 3, column: 13,
      message: "'tables' must be a list of strings, found a map"),
    .init(
      yaml: "rules:\n  require-concurrent-index-creation: {mode: fsat}", line: 2, column: 45,
      message:
        "unknown value 'fsat' for option 'mode' of rule 'require-concurrent-index-creation'; did you mean 'fast'? "
        + "expected one of: fast, careful"),
    .init(
      yaml: "rules:\n  require-concurrent-index-creation:\n    label:", line: 3, column: 11,
      message: "option 'label' of rule 'require-concurrent-index-creation' must be a string, found an empty value"),
  ]

  @Test(arguments: invalid)
  func rejectsInvalidOptions(_ row: ConfigurationTests.Invalid) {
    #expect(throws: ConfigurationError(path: ".cslint.yml", line: row.line, column: row.column, message: row.message)) {
      try parse(row.yaml)
    }
  }

  @Test func registeredRulesOptionsAreValidated() throws {
    let good = try Configuration.parse(
      "rules:\n  missing-if-not-exists: {severity: error, report_without_clause: false}\n", path: ".cslint.yml",
      knownRuleIDs: RuleRegistry.knownIDs)
    #expect(good.options(for: "missing-if-not-exists").bool(MissingIfNotExists.reportWithoutClause) == false)
    #expect(throws: ConfigurationError.self) {
      try Configuration.parse(
        "rules:\n  missing-if-not-exists: {report_without_clause: 0}\n", path: ".cslint.yml",
        knownRuleIDs: RuleRegistry.knownIDs)
    }
  }

  @Test func effectiveDescriptionListsEveryOptionWithItsDefault() throws {
    let configuration = try parse("rules:\n  require-concurrent-index-creation: {max_rows: 5, tables: [a]}\n")
    let text = configuration.effectiveDescription(ruleDescriptions: ConfigurationTests.rules)
    #expect(
      text.contains(
        """
        rules:
          adding-not-null-field:
            severity: warning
            threshold: 1  # default
          ban-drop-table: error
          require-concurrent-index-creation:
            max_rows: 5
            tables: [a]
            strict: false  # default
            mode: fast  # default
            label: x  # default

        """))
    // The printed file reads back to the same rule settings, defaults now explicit.
    let reread = try Configuration.parse(text, path: ".cslint.yml", rules: ConfigurationTests.rules)
    #expect(reread.options(for: "require-concurrent-index-creation").values.count == 5)
    #expect(
      reread.effectiveDescription(ruleDescriptions: ConfigurationTests.rules) == text.replacing("  # default", with: "")
    )
  }

  @Test func accessorsFallBackToTheDeclaredDefault() {
    let limit = RuleOption("limit", type: .int, default: 7, documentation: "d")
    let names = RuleOption("names", type: .strings, default: ["a"], documentation: "d")
    let mode = RuleOption("mode", type: .oneOf(["x", "y"]), default: "x", documentation: "d")
    #expect(RuleOptions.defaults.int(limit) == 7)
    #expect(RuleOptions(["limit": 3]).int(limit) == 3)
    #expect(RuleOptions.defaults.strings(names) == ["a"])
    // A value of the wrong type or outside the choices (never from a validated file) falls back.
    #expect(RuleOptions(["limit": "3"]).int(limit) == 7)
    #expect(RuleOptions(["mode": "z"]).string(mode) == "x")
    #expect(RuleOptions(["mode": "y"]).string(mode) == "y")
  }

  /// From the file to the rule: `ignored_tables` silences rls-disabled-in-public
  /// for that table only, and the configured severity is the findings'; the
  /// settings are written under the rule's former id, table-without-rls.
  @Test func configuredOptionsAndSeverityReachTheFindings() throws {
    let configuration = try Configuration.parse(
      """
      rules:
        table-without-rls:
          severity: warning
          ignored_tables: [public.countries]
      """, path: ".cslint.yml", knownRuleIDs: RuleRegistry.knownIDs)
    var overrides: [String: Severity?] = [:]
    for description in RuleRegistry.descriptions {
      overrides[description.id] = configuration.severity(for: description)
    }
    let linter = Linter(
      settings: configuration.lintSettings,
      selection: RuleSelection(overrides: overrides, only: ["rls-disabled-in-public"]))
    let file = SourceFile(
      path: "supabase/migrations/20250101000000_a.sql",
      text: "CREATE TABLE public.countries (code text);\nCREATE TABLE public.notes (id bigint);\n")
    let diagnostics = linter.lint(files: [file]).flatMap(\.diagnostics)
    #expect(diagnostics.map(\.message.first) == ["T"])
    #expect(diagnostics.first?.message.contains("public.notes") == true)
    #expect(diagnostics.map(\.severity) == [.warning])
  }
}
