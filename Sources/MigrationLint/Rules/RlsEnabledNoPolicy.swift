import PostgresSyntax

/// Row level security enabled on an exposed table that gets no policy.
public struct RlsEnabledNoPolicy: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "rls-enabled-no-policy",
    category: .security,
    defaultSeverity: .info,
    summary:
      "An exposed table with row level security enabled and no policy by the end of the migrations is closed to the Data API",
    rationale: """
      With row level security enabled and no policy, PostgreSQL denies every row to every role that \
      does not bypass RLS: on Supabase, every Data API request (`anon` and `authenticated`) sees an \
      empty table and cannot write to it, while the service role and the table owner still can. That \
      is often intended (a table only server code or Edge Functions with the service key touch), so \
      this is information, not a warning: say so with a comment, or add the policies the app needs. \
      It is a bug when the app expects to read the table with the user's key. The rule judges the \
      schema the linted migrations leave (a policy added by a later migration of the same run is fine) \
      and points at the `ENABLE ROW LEVEL SECURITY`. Supabase's database linter reports the same \
      (splinter 0008 `rls_enabled_no_policy`), once it is live. Applies to the `supabase` runner, for \
      tables in `exposed_schemas`; partitions are not reported (queries through the parent table \
      use its policies, and RLS without policies on a partition closes direct access on purpose).
      """,
    postgresVersions: "9.5+ (row level security)",
    useInstead: """
      CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
      ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
        USING (owner = (SELECT auth.uid()));
      """,
    triggering: [
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
        ↓ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        """,
        message:
          "Row level security is enabled on public.notes and no policy allows anything: every Data API request sees no rows and cannot write (often intended for tables only the server uses)"
      ),
      RuleExample(
        """
        ↓alter table audit_log enable row level security;
        """,
        previousMigrations: ["create table audit_log (id bigint primary key, event text);"]),
      RuleExample(
        """
        DROP POLICY "owners read their notes" ON public.notes;
        ↓ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        """,
        previousMigrations: [
          """
          CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL);
          CREATE POLICY "owners read their notes" ON public.notes FOR SELECT USING (owner = (SELECT auth.uid()));
          """
        ]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
          USING (owner = (SELECT auth.uid()));
        """),
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, payload jsonb);
        ALTER TABLE private.jobs ENABLE ROW LEVEL SECURITY;
        """),
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        """,
        runner: Runner.none),
      RuleExample(
        // Queries through the parent use the parent's policies; this closes direct access to the partition.
        """
        ALTER TABLE public.answers_2025 ENABLE ROW LEVEL SECURITY;
        """,
        previousMigrations: [
          """
          CREATE TABLE public.answers (id bigint, student uuid, answered_at date NOT NULL) PARTITION BY RANGE (answered_at);
          CREATE TABLE public.answers_2025 PARTITION OF public.answers FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
          ALTER TABLE public.answers ENABLE ROW LEVEL SECURITY;
          CREATE POLICY "students read their answers" ON public.answers FOR SELECT USING (student = (SELECT auth.uid()));
          """
        ]),
      RuleExample(
        """
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        ALTER TABLE public.notes DISABLE ROW LEVEL SECURITY;
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, body text);"]),
    ],
    elsewhere: ["splinter (Supabase database linter): 0008 rls_enabled_no_policy"])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, context.settings.runner == .supabase,
      alter.commands.contains(where: { if case .rowLevelSecurity(true, nil) = $0.action { true } else { false } })
    else { return [] }
    let key = context.schema.resolve(alter.name, in: context.schema.tables)
    // A partition read through its parent gets the parent's policies: RLS
    // without policies on the partition only closes direct access, on purpose.
    guard context.settings.exposedSchemas.contains(key.schema), let table = context.schema.tables[key],
      !table.isUncertain, table.partitionParent == nil
    else { return [] }
    let name = alter.name.displayText
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message: String(
        message: """
          Row level security is enabled on \(name) and no policy allows anything: every Data API request sees \
          no rows and cannot write (often intended for tables only the server uses)
          """),
      help: String(
        message: """
          If the app reads the table with the user's key, add a policy for each access it needs, e.g.
            CREATE POLICY \(SQLName.quoteIfNeeded("\(alter.name.name) readable by signed-in users")) ON \(name) FOR SELECT TO authenticated USING (true);
          If only the server uses it, say so with a comment and suppress this finding.
          """))
    diagnostic.subject = PolicySubject.make(table: key)
    return [diagnostic]
  }

  /// A later migration of the folder may add a policy, or disable RLS.
  public var settlesAtFolderEnd: Bool { true }

  /// Keeps, per table that ends with RLS enabled and no policy, the first finding.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    var reported: Set<ObjectKey> = []
    return findings.filter { diagnostic in
      guard let (key, _) = PolicySubject.parse(diagnostic.subject) else { return true }
      guard let table = finalSchema.tables[key], !table.isUncertain, table.rlsEnabled, table.policies.isEmpty,
        !reported.contains(key)
      else { return false }
      reported.insert(key)
      return true
    }
  }
}
