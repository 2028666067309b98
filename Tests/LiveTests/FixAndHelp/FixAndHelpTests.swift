import MigrationLint
import Testing

@Suite("Fixes and help SQL on PostgreSQL servers")
struct FixAndHelpTests {
  static let ruleIDs = RuleRegistry.all.map(\.description.id)

  @Test(
    "every fix and every help snippet of the rule's examples runs",
    arguments: ruleIDs, await PostgresInstalls.targetMajors())
  func fixesAndHelpRun(_ ruleID: String, major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await FixAndHelpRunner.shared.outcome(ruleID: ruleID, on: server)
    #expect(outcome.problems.isEmpty, "\(outcome.problems.joined(separator: "\n\n"))")
    let rule = try #require(RuleRegistry.all.first { $0.description.id == ruleID })
    // What the rule offers must actually have been run, not skipped.
    if rule.description.fixAvailability != .none {
      #expect(outcome.runs.contains { $0.kind == .fix }, "\(ruleID) offers fixes, but none was executed")
    }
    let skipped = outcome.runs.filter { $0.skipped != nil }
    #expect(
      skipped.isEmpty, "\(ruleID): help snippets skipped: \(skipped.map { "\($0.origin): \($0.skipped ?? "")" })")
  }
}

@Suite("Fix and help table")
struct FixAndHelpTableTests {
  @Test("no setup row names an unknown rule (a typo would silently drop the setup)")
  func setupRows() {
    let ids = Set(RuleRegistry.all.map(\.description.id))
    #expect(Set(RuleSetups.byRule.keys).subtracting(ids).isEmpty)
  }

  @Test("help snippets: indented SQL ending in ';', alternatives after 'or'")
  func snippetExtraction() {
    let help = """
      Give it a constant default:
        ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT <value>;
      or add it nullable:
        ALTER TABLE t ADD COLUMN c int;
      Prose mentioning DROP INDEX CONCURRENTLY; is not SQL.
      """
    #expect(
      HelpSnippets.paths(in: help) == [
        ["ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT <value>;"], ["ALTER TABLE t ADD COLUMN c int;"],
      ])
    let steps = """
      First:
        A;
      then, in a separate migration:
        B;
        C;
      """
    #expect(HelpSnippets.paths(in: steps) == [["A;", "B;\nC;"]])
    let block = """
      Guard it:
        DO $$ BEGIN
          CREATE TYPE mood AS ENUM ('a');
        EXCEPTION WHEN duplicate_object THEN NULL;
        END $$;
      """
    #expect(
      HelpSnippets.paths(in: block) == [
        ["DO $$ BEGIN\n  CREATE TYPE mood AS ENUM ('a');\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND $$;"]
      ])
    #expect(HelpSnippets.paths(in: "Insert IF EXISTS so the migration succeeds.").isEmpty)
    #expect(HelpSnippets.paths(in: "Use:\n  SELECT 1\nand more").isEmpty)
  }

  @Test(
    "<value> becomes a literal of the column's type",
    arguments: [
      ("ALTER TABLE p ADD COLUMN IF NOT EXISTS plan text NOT NULL DEFAULT <value>;", "''"),
      ("ALTER TABLE public.o ADD COLUMN region_id bigint NOT NULL DEFAULT <value>;", "0"),
      ("ALTER TABLE o ADD COLUMN at timestamp with time zone NOT NULL DEFAULT <value>;", "'1970-01-01 00:00:00+00'"),
      ("ALTER TABLE o ADD COLUMN tags text[] NOT NULL DEFAULT <value>;", "'{}'"),
      ("ALTER TABLE o ADD COLUMN n varchar(20) NOT NULL DEFAULT <value>;", "''"),
    ])
  func placeholderSubstitution(sql: String, literal: String) {
    #expect(HelpSnippets.substitutingPlaceholders(sql) == sql.replacingOccurrences(of: "<value>", with: literal))
  }

  @Test("a placeholder without a typed literal is left for the caller to report")
  func unknownPlaceholders() {
    #expect(
      HelpSnippets.substitutingPlaceholders("ALTER TABLE o ADD COLUMN g geometry NOT NULL DEFAULT <value>;") == nil)
    #expect(HelpSnippets.substitutingPlaceholders("CREATE INDEX <name> ON t (a);") == nil)
    #expect(HelpSnippets.substitutingPlaceholders("SELECT 1 < 2, 3 > 2;") == "SELECT 1 < 2, 3 > 2;")
  }
}
