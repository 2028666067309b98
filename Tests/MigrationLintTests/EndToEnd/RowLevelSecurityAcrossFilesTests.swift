import MigrationLint
import PostgresSyntax
import Testing

/// `rls-disabled-in-public` looks at the whole run: a later migration in the same
/// change that enables row level security settles the finding.
@Suite("rls-disabled-in-public across migration files")
struct RowLevelSecurityAcrossFilesTests {
  static let create = SourceFile(
    path: "supabase/migrations/20250101000000_notes.sql",
    text: "create table if not exists public.notes (id bigint primary key);\n")

  static func findings(_ files: [SourceFile]) -> [String] {
    Linter(selection: RuleSelection(only: ["rls-disabled-in-public"])).lint(files: files).flatMap(\.diagnostics).map {
      "\($0.path):\($0.ruleID)"
    }
  }

  @Test("a table never secured is reported")
  func unsecured() {
    #expect(Self.findings([Self.create]) == ["supabase/migrations/20250101000000_notes.sql:rls-disabled-in-public"])
  }

  @Test(
    "a later migration enabling RLS settles it",
    arguments: ["alter table notes enable row level security;", "drop table notes;"])
  func securedLater(sql: String) {
    let later = SourceFile(path: "supabase/migrations/20250102000000_secure.sql", text: sql + "\n")
    #expect(Self.findings([Self.create, later]).isEmpty)
  }

  @Test("disabling RLS again later keeps the finding")
  func disabledAgain() {
    let enable = SourceFile(
      path: "supabase/migrations/20250102000000_secure.sql", text: "alter table notes enable row level security;\n")
    let disable = SourceFile(
      path: "supabase/migrations/20250103000000_open.sql", text: "alter table notes disable row level security;\n")
    #expect(Self.findings([Self.create, enable, disable]).count == 1)
  }
}
