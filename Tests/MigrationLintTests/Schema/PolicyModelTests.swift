import MigrationLint
import PostgresSyntax
import Testing

/// The policy model: CREATE / ALTER / DROP / RENAME POLICY with their
/// expressions, on tables the migrations created and on tables they did not.
@Suite("Schema model: policies")
struct PolicyModelTests {
  static let notes = ObjectKey(schema: "public", name: "notes")

  @Test("CREATE POLICY keeps command, roles, kind and both expressions as written")
  func create() throws {
    let state = replaySchema([
      """
      create table notes (id bigint primary key, owner uuid);
      create policy "Owners edit" on notes as restrictive for update to authenticated, anon
        using (owner = auth.uid()) with check ( owner = (select auth.uid()) );
      """
    ])
    let policy = try #require(state.policy(named: "Owners edit", on: Self.notes))
    #expect(policy.command == "UPDATE")
    #expect(policy.roles == ["authenticated", "anon"])
    #expect(!policy.permissive)
    #expect(policy.using == "owner = auth.uid()")
    #expect(policy.withCheck == " owner = (select auth.uid()) ")
    #expect(policy.origin?.fileIndex == 0)
  }

  @Test("ALTER POLICY changes roles and expressions; RENAME and DROP follow the policy")
  func alterRenameDrop() throws {
    var state = replaySchema([
      "create table notes (id bigint primary key, owner uuid);\ncreate policy p on notes for select using (true);",
      "alter policy p on notes to authenticated using (owner = (select auth.uid()));",
    ])
    var policy = try #require(state.policy(named: "p", on: Self.notes))
    #expect(policy.roles == ["authenticated"])
    #expect(policy.using == "owner = (select auth.uid())")
    #expect(policy.command == "SELECT")
    replay(SourceFile(path: "2.sql", text: "alter policy p on notes rename to q;"), index: 2, into: &state)
    #expect(state.policy(named: "p", on: Self.notes) == nil)
    policy = try #require(state.policy(named: "q", on: Self.notes))
    #expect(policy.using == "owner = (select auth.uid())")
    replay(SourceFile(path: "3.sql", text: "drop policy if exists q on public.notes;"), index: 3, into: &state)
    #expect(state.policies(on: Self.notes).isEmpty)
  }

  @Test("policies on a table no migration created (storage.objects) are kept too")
  func externalTable() throws {
    let objects = ObjectKey(schema: "storage", name: "objects")
    var state = replaySchema([
      "create policy \"avatars\" on storage.objects for select using (bucket_id = 'avatars');"
    ])
    #expect(state.tables[objects] == nil)
    #expect(state.policy(named: "avatars", on: objects)?.using == "bucket_id = 'avatars'")
    #expect(
      state.policyTableKey(
        QualifiedName(parts: [.init(value: "storage", range: 0..<0), .init(value: "objects", range: 0..<0)])) == objects
    )
    replay(SourceFile(path: "1.sql", text: "drop policy \"avatars\" on storage.objects;"), index: 1, into: &state)
    #expect(state.policies(on: objects).isEmpty)
  }

  @Test("ENABLE / DISABLE ROW LEVEL SECURITY; FORCE leaves enabled alone")
  func rowLevelSecurity() throws {
    var state = replaySchema(["create table notes (id bigint primary key);"])
    #expect(state.tables[Self.notes]?.rlsEnabled == false)
    replay(SourceFile(path: "1.sql", text: "alter table notes force row level security;"), index: 1, into: &state)
    #expect(state.tables[Self.notes]?.rlsEnabled == false)
    #expect(state.tables[Self.notes]?.rlsForced == true)
    replay(SourceFile(path: "2.sql", text: "alter table notes enable row level security;"), index: 2, into: &state)
    #expect(state.tables[Self.notes]?.rlsEnabled == true)
    replay(SourceFile(path: "3.sql", text: "alter table notes disable row level security;"), index: 3, into: &state)
    #expect(state.tables[Self.notes]?.rlsEnabled == false)
  }
}
