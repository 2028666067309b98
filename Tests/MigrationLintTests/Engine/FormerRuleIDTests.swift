import MigrationLint
import PostgresSyntax
import Testing

/// A renamed rule's former id (`table-without-rls`, now
/// `rls-disabled-in-public`) still works wherever users write rule ids.
@Suite("Former rule ids (deprecated aliases)")
struct FormerRuleIDTests {
  static let path = "supabase/migrations/20250101000000_notes.sql"

  static func lint(_ sql: String) -> [Diagnostic] {
    Linter(selection: RuleSelection(only: ["rls-disabled-in-public", "unused-suppression", "invalid-suppression"]))
      .lint(files: [SourceFile(path: path, text: sql)]).flatMap(\.diagnostics)
  }

  @Test("the registry maps the former id to the rule, and lists it only as an alias")
  func registry() {
    #expect(RuleRegistry.canonicalID("table-without-rls") == "rls-disabled-in-public")
    #expect(RuleRegistry.canonicalID("rls-disabled-in-public") == "rls-disabled-in-public")
    #expect(RuleRegistry.description(for: "table-without-rls")?.id == "rls-disabled-in-public")
    #expect(!RuleRegistry.knownIDs.contains("table-without-rls"))
    #expect(RuleRegistry.acceptedIDs.contains("table-without-rls"))
    // A former id never collides with a current one.
    #expect(RuleRegistry.knownIDs.isDisjoint(with: RuleRegistry.aliases.keys))
  }

  @Test("a suppression naming the former id silences the finding, and counts as used")
  func suppression() {
    let table = "create table public.notes (id bigint primary key);\n"
    #expect(Self.lint(table).map(\.ruleID) == ["rls-disabled-in-public"])
    let suppressed = Self.lint("-- cslint-disable-next-statement table-without-rls -- read-only lookup\n" + table)
    #expect(suppressed.isEmpty, "\(suppressed.map(\.message))")
    let rest = Self.lint("-- cslint-disable table-without-rls -- scratch tables\n" + table)
    #expect(rest.isEmpty, "\(rest.map(\.message))")
  }

  @Test("configuration accepts the former id; both ids at once is an error")
  func configuration() throws {
    let configuration = try Configuration.parse(
      "rules:\n  table-without-rls: info\n", path: ".cslint.yml", knownRuleIDs: RuleRegistry.knownIDs)
    let rule = try #require(RuleRegistry.description(for: "rls-disabled-in-public"))
    #expect(configuration.severity(for: rule) == .info)
    #expect(throws: ConfigurationError.self) {
      try Configuration.parse(
        "rules:\n  rls-disabled-in-public: info\n  table-without-rls: off\n", path: ".cslint.yml",
        knownRuleIDs: RuleRegistry.knownIDs)
    }
  }

  @Test("the rule reference keeps a deprecation page under the former id")
  func documentation() throws {
    let files = RuleDocumentation.files()
    let page = try #require(files.first { $0.name == "table-without-rls.md" })
    #expect(page.contents.contains("**Deprecated:**"))
    #expect(page.contents.contains("[`rls-disabled-in-public`](rls-disabled-in-public.md)"))
    let current = try #require(files.first { $0.name == "rls-disabled-in-public.md" })
    #expect(current.contents.contains("- **Former id:** [`table-without-rls`](table-without-rls.md)"))
  }
}
