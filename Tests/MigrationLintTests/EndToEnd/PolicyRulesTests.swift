import MigrationLint
import PostgresSyntax
import Testing

/// The row level security rules beyond their examples: the initplan fix is
/// idempotent, findings settle on the policies the last migration leaves,
/// and the expression reader behaves on odd input.
@Suite("Row level security and policy rules")
struct PolicyRulesTests {
  static func file(_ index: Int, _ sql: String) -> SourceFile {
    SourceFile(path: "supabase/migrations/2025010100000\(index)_m.sql", text: sql)
  }

  static func findings(_ rule: String, _ files: [SourceFile]) -> [Diagnostic] {
    Linter(selection: RuleSelection(only: [rule])).lint(files: files).flatMap(\.diagnostics)
  }

  @Test("auth-rls-initplan: fixing twice changes nothing the second time, and leaves no finding")
  func initplanFixIsIdempotent() {
    let source = Self.file(
      0,
      """
      create table notes (id bigint primary key, owner uuid, tenant uuid);
      create policy p on notes using (owner = auth.uid() and tenant = current_setting('app.tenant')::uuid
        and (auth.jwt() ->> 'role') = 'editor' and owner = (select auth.uid()));

      """)
    let linter = Linter(selection: RuleSelection(only: ["auth-rls-initplan"]))
    let (first, _) = FixApplier.fix(source, linter: linter, schemaBefore: SchemaState(), includeSuggestions: false)
    let fixed = String(decoding: first.fixed, as: UTF8.self)
    #expect(
      fixed.contains(
        "(owner = (select auth.uid()) and tenant = (select current_setting('app.tenant'))::uuid\n"
          + "  and ((select auth.jwt()) ->> 'role') = 'editor' and owner = (select auth.uid()))"))
    #expect(!fixed.contains("(select (select"))
    let (second, _) = FixApplier.fix(
      SourceFile(path: source.path, bytes: first.fixed), linter: linter, schemaBefore: SchemaState(),
      includeSuggestions: false)
    #expect(second.fixed == first.fixed)
    #expect(second.applied.isEmpty)
    #expect(Self.findings("auth-rls-initplan", [SourceFile(path: source.path, bytes: first.fixed)]).isEmpty)
  }

  @Test("a policy replaced by a later migration settles the policy findings of the earlier one")
  func replacedLater() {
    let create = Self.file(
      0,
      """
      create table notes (id bigint primary key, owner uuid);
      alter table notes enable row level security;
      create policy p on notes for update using (owner = auth.uid()) with check (true);
      """)
    let replace = Self.file(
      1, "drop policy p on notes;\ncreate policy p on notes for update using (owner = (select auth.uid()));\n")
    for rule in ["auth-rls-initplan", "rls-policy-always-true"] {
      #expect(Self.findings(rule, [create]).count == 1, "\(rule)")
      #expect(Self.findings(rule, [create, replace]).isEmpty, "\(rule)")
    }
  }

  @Test("policy-exists-rls-disabled: once per table, settled by a later ENABLE")
  func policyWithoutRowLevelSecurity() {
    let create = Self.file(
      0,
      """
      create table private.jobs (id bigint primary key, owner uuid);
      create policy a on private.jobs for select using (owner = (select auth.uid()));
      create policy b on private.jobs for delete using (owner = (select auth.uid()));
      """)
    #expect(Self.findings("policy-exists-rls-disabled", [create]).count == 1)
    let enable = Self.file(1, "alter table private.jobs enable row level security;\n")
    #expect(Self.findings("policy-exists-rls-disabled", [create, enable]).isEmpty)
  }

  @Test("rls-enabled-no-policy: a policy in a later migration settles it")
  func policyAddedLater() {
    let create = Self.file(
      0, "create table notes (id bigint primary key, owner uuid);\nalter table notes enable row level security;\n")
    #expect(Self.findings("rls-enabled-no-policy", [create]).count == 1)
    let policy = Self.file(1, "create policy p on notes for select using (owner = (select auth.uid()));\n")
    #expect(Self.findings("rls-enabled-no-policy", [create, policy]).isEmpty)
  }

  @Test("policy-column-unindexed: an index created by a later migration settles it")
  func indexAddedLater() {
    let create = Self.file(
      0,
      """
      create table notes (id bigint primary key, owner uuid);
      create policy p on notes for select using (owner = (select auth.uid()));
      """)
    #expect(Self.findings("policy-column-unindexed", [create]).count == 1)
    let index = Self.file(1, "create index concurrently notes_owner_idx on notes (owner);\n")
    #expect(Self.findings("policy-column-unindexed", [create, index]).isEmpty)
  }

  @Test(
    "the expression reader never traps and finds calls only in code",
    arguments: [
      ("auth.uid(", 0), ("auth . uid ( )", 1), ("(select auth.uid())", 0), ("'auth.uid()'", 0),
      ("/* auth.uid() */ true", 0), ("x.auth.uid()", 0), ("current_setting(", 0),
      ("pg_catalog.current_setting('a') = auth.role()", 2), ("\"auth\".\"uid\"()", 1), ("", 0), ("((((", 0),
      ("select auth.uid()", 0), ("(select auth.jwt() ->> 'aal')", 0), ("(select 1 where auth.uid() = x)", 1),
    ])
  func expressionReader(text: String, bare: Int) {
    // The first item of a select list runs once per statement, wrapped or not.
    let expression = PolicyExpression(text: text)
    #expect(expression.bareCalls.count == bare, "\(text)")
    _ = expression.isAlwaysTrue
    _ = expression.ownerColumns
    _ = expression.userMetadataReferences
  }

  @Test("always true: only `true`, in any parentheses")
  func alwaysTrue() {
    #expect(PolicyExpression(text: " true ").isAlwaysTrue)
    #expect(PolicyExpression(text: "((TRUE))").isAlwaysTrue)
    #expect(!PolicyExpression(text: "(true) and (false)").isAlwaysTrue)
    #expect(!PolicyExpression(text: "is_public = true").isAlwaysTrue)
    #expect(!PolicyExpression(text: "").isAlwaysTrue)
  }
}
