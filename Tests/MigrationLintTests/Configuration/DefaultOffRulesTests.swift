import PostgresSyntax
import Testing

@testable import MigrationLint

/// Rules off by default (`RuleDescription.enabledByDefault`, `offByDefaultFor`):
/// they run only when `.cslint.yml` gives them a severity or `--rule` names them.
@Suite struct DefaultOffRulesTests {
  static let addValue = "ALTER TYPE order_status ADD VALUE 'shipped';\n"
  static let validate = "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"

  func findings(_ sql: String, _ linter: Linter) -> [String] {
    linter.lint(files: [SourceFile(path: "supabase/migrations/20250101000000_a.sql", text: sql)])
      .flatMap(\.diagnostics).map(\.ruleID)
  }

  @Test("a rule off by default is enabled only explicitly; --ignore and off still win")
  func selection() {
    let rule = RequireEnumValueOrdering().description
    #expect(!rule.isOnByDefault(for: .supabase) && !rule.isOnByDefault(for: .none))
    #expect(!RuleSelection().isEnabled(rule, runner: Runner.none))
    #expect(RuleSelection(only: [rule.id]).isEnabled(rule, runner: Runner.none))
    #expect(RuleSelection(enabled: [rule.id]).isEnabled(rule, runner: Runner.none))
    #expect(!RuleSelection(only: [rule.id], ignored: [rule.id]).isEnabled(rule, runner: Runner.none))
    let turnedOff: [String: Severity?] = [rule.id: Severity?.none]
    #expect(!RuleSelection(overrides: turnedOff, enabled: [rule.id]).isEnabled(rule, runner: Runner.none))
    // Rules on by default are unaffected.
    #expect(RuleSelection().isEnabled(RequireLockTimeout().description, runner: .supabase))
  }

  @Test("a rule off by default for one runner runs with the others")
  func perRunner() {
    let rule = RequireStatementTimeout().description
    #expect(!rule.isOnByDefault(for: .supabase))
    #expect(rule.isOnByDefault(for: .none) && rule.isOnByDefault(for: .flyway))
    #expect(!findings(Self.validate, Linter()).contains(rule.id))
    #expect(findings(Self.validate, Linter(settings: LintSettings(runner: Runner.none))).contains(rule.id))
    #expect(findings(Self.validate, Linter(selection: RuleSelection(enabled: [rule.id]))).contains(rule.id))
    // Changing the runner afterwards (a folder's inferred runner) re-selects the rules.
    var linter = Linter()
    linter.settings.runner = .flyway
    #expect(findings(Self.validate, linter).contains(rule.id))
  }

  @Test("the default linter does not run a rule off by default; --rule and a severity do")
  func linter() {
    let id = RequireEnumValueOrdering().description.id
    #expect(!findings(Self.addValue, Linter()).contains(id))
    #expect(findings(Self.addValue, Linter(selection: RuleSelection(only: [id]))).contains(id))
    #expect(findings(Self.addValue, Linter(selection: RuleSelection(enabled: [id]))).contains(id))
  }

  @Test("a severity under rules: enables a rule; off or options alone do not")
  func configuration() throws {
    let rules = RuleRegistry.descriptions
    let enabled = try Configuration.parse(
      "rules:\n  require-enum-value-ordering: warning\n", path: ".cslint.yml", rules: rules)
    #expect(enabled.enabledRuleIDs == ["require-enum-value-ordering"])
    #expect(enabled.severity(for: RequireEnumValueOrdering().description) == .warning)
    let off = try Configuration.parse("rules:\n  require-enum-value-ordering: off\n", path: ".cslint.yml", rules: rules)
    #expect(off.enabledRuleIDs.isEmpty)
    #expect(Configuration().enabledRuleIDs.isEmpty)
  }

  @Test("docs and the rule list say where a rule is off by default")
  func documentation() {
    let ordering = RequireEnumValueOrdering().description
    let timeout = RequireStatementTimeout().description
    #expect(RuleDocumentation.severityCell(ordering) == "info (off by default)")
    #expect(RuleDocumentation.severityCell(timeout) == "info (off by default with runner supabase)")
    #expect(RuleDocumentation.severityCell(RequireLockTimeout().description) == "warning")
    #expect(RuleDocumentation.page(ordering).contains("- **Enabled by default:** no"))
    #expect(RuleDocumentation.page(timeout).contains("This rule is off by default when `runner` is `supabase`."))
    #expect(!RuleDocumentation.page(RequireLockTimeout().description).contains("Enabled by default"))
  }
}
