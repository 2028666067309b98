import PostgresSyntax

/// A policy on a table whose row level security is never enabled.
public struct PolicyExistsRlsDisabled: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "policy-exists-rls-disabled",
    category: .security,
    defaultSeverity: .error,
    summary: "A policy on a table without row level security enabled by the end of the migrations does nothing",
    rationale: """
      PostgreSQL applies policies only to tables with row level security enabled. Without \
      `ALTER TABLE ... ENABLE ROW LEVEL SECURITY`, a policy is stored but never consulted: every role \
      with privileges on the table (on Supabase, `anon` and `authenticated` through the Data API) reads \
      and writes every row, while the policy suggests to reviewers that access is restricted. The rule \
      judges the schema the linted migrations leave (RLS enabled by a later migration of the same run \
      is fine) and points at the table's first policy. Tables in any schema count: \
      a policy without RLS is a mistake wherever it is. Supabase's database linter reports the same \
      (splinter 0007 `policy_exists_rls_disabled`), once it is live.
      """,
    postgresVersions: "9.5+ (row level security)",
    useInstead: """
      CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, owner uuid NOT NULL);
      ALTER TABLE private.jobs ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "owners see their jobs" ON private.jobs FOR SELECT TO authenticated
        USING (owner = (SELECT auth.uid()));
      """,
    triggering: [
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, owner uuid NOT NULL);
        ↓CREATE POLICY "owners see their jobs" ON private.jobs FOR SELECT TO authenticated
          USING (owner = (SELECT auth.uid()));
        """,
        message:
          "Policy \"owners see their jobs\" on private.jobs does nothing: row level security is not enabled on the table, so every role with privileges on it reads and writes every row"
      ),
      RuleExample(
        """
        ↓create policy read_all on notes for select using (true);
        create policy write_own on notes for update using (author = (select auth.uid()));
        """,
        previousMigrations: ["create table notes (id bigint primary key, author uuid);"]),
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, owner uuid NOT NULL);
        ALTER TABLE private.jobs ENABLE ROW LEVEL SECURITY;
        ALTER TABLE private.jobs DISABLE ROW LEVEL SECURITY;
        ↓CREATE POLICY "owners see their jobs" ON private.jobs FOR SELECT USING (owner = (SELECT auth.uid()));
        """),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, owner uuid NOT NULL);
        ALTER TABLE private.jobs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners see their jobs" ON private.jobs FOR SELECT USING (owner = (SELECT auth.uid()));
        """),
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, owner uuid NOT NULL);
        CREATE POLICY "owners see their jobs" ON private.jobs FOR SELECT USING (owner = (SELECT auth.uid()));
        ALTER TABLE private.jobs ENABLE ROW LEVEL SECURITY;
        """),
      RuleExample(
        // Supabase enables RLS on storage.objects; the migrations never created it.
        """
        CREATE POLICY "avatars are public" ON storage.objects FOR SELECT USING (bucket_id = 'avatars');
        """),
      RuleExample(
        """
        ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
        """,
        previousMigrations: [
          "create table notes (id bigint primary key, author uuid);",
          "create policy read_all on notes for select using (true);",
        ]),
    ],
    elsewhere: ["splinter (Supabase database linter): 0007 policy_exists_rls_disabled"])

  public var statementKinds: StatementKinds { .createPolicy }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createPolicy(let policy) = context.statement.node else { return [] }
    let key = context.schema.resolve(policy.table, in: context.schema.tables)
    // Only tables the migrations created: RLS on any other is unknown. One
    // finding per table, at its first policy (the others add nothing).
    guard let table = context.schema.tables[key], !table.isUncertain, !table.rlsEnabled,
      !table.policies.contains(where: { $0.name != policy.name.value })
    else { return [] }
    let name = policy.table.displayText
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message: String(
        message: """
          Policy \(SQLName.quoteIfNeeded(policy.name.value)) on \(name) does nothing: row level security is not \
          enabled on the table, so every role with privileges on it reads and writes every row
          """),
      help: String(
        message: """
          Enable row level security on the table, in this migration or a later one of the same change:
            ALTER TABLE \(name) ENABLE ROW LEVEL SECURITY;
          """))
    diagnostic.subject = PolicySubject.make(table: key, policy: policy.name.value)
    return [diagnostic]
  }

  /// A later migration of the folder may enable RLS, or drop the policy.
  public var settlesAtFolderEnd: Bool { true }

  /// Keeps the findings of tables still without RLS at the end that still
  /// have the policy.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let (key, policy) = PolicySubject.parse(diagnostic.subject), let policy else { return true }
      guard let table = finalSchema.tables[key], !table.isUncertain, !table.rlsEnabled else { return false }
      return table.policies.contains { $0.name == policy }
    }
  }
}
