import PostgresSyntax

/// A policy that trusts the user-editable `user_metadata`.
public struct RlsReferencesUserMetadata: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "rls-references-user-metadata",
    category: .security,
    defaultSeverity: .error,
    summary: "A policy reads user_metadata, which every signed-in user can change for themselves",
    rationale: """
      Supabase Auth keeps two kinds of metadata on a user: `app_metadata`, which only the service role \
      can write, and `user_metadata` (`raw_user_meta_data` in `auth.users`), which the user can set \
      through the client library (`supabase.auth.updateUser({ data: ... })`). A policy that decides \
      access from `auth.jwt() -> 'user_metadata'` therefore lets each user grant themselves that \
      access: set `role` to `admin` in their own metadata, sign in again, and the policy lets them in. \
      Keep authorization data in `app_metadata` (or a table only the server writes) and read it from \
      there. The rule judges the policy the linted migrations leave (a later migration that replaces \
      or drops it settles the finding). Supabase's database linter reports the same (splinter 0015 \
      `rls_references_user_metadata`), once it is live.
      """,
    postgresVersions: "9.5+ (row level security)",
    useInstead: """
      CREATE TABLE IF NOT EXISTS public.reports (id bigint PRIMARY KEY, body text);
      ALTER TABLE public.reports ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "admins read reports" ON public.reports FOR SELECT TO authenticated
        USING (((SELECT auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
      """,
    triggering: [
      RuleExample(
        """
        CREATE POLICY "admins read reports" ON public.reports FOR SELECT TO authenticated
          USING ((auth.jwt() -> ↓'user_metadata' ->> 'role') = 'admin');
        """,
        previousMigrations: [
          "CREATE TABLE public.reports (id bigint PRIMARY KEY, body text);",
          "ALTER TABLE public.reports ENABLE ROW LEVEL SECURITY;",
        ],
        message:
          "Policy \"admins read reports\" on public.reports decides access from user_metadata, which each user can edit: anyone can grant themselves this access"
      ),
      RuleExample(
        """
        create policy staff_only on reports for all
          using ((select auth.jwt()) #>> ↓'{user_metadata,team}' = 'staff');
        """,
        previousMigrations: ["create table reports (id bigint primary key, body text);"]),
      RuleExample(
        """
        CREATE POLICY "admins delete reports" ON public.reports FOR DELETE USING (
          EXISTS (SELECT 1 FROM auth.users u WHERE u.id = (SELECT auth.uid()) AND u.↓raw_user_meta_data ->> 'role' = 'admin'));
        """,
        previousMigrations: ["CREATE TABLE public.reports (id bigint PRIMARY KEY, body text);"]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE POLICY "admins read reports" ON public.reports FOR SELECT TO authenticated
          USING (((SELECT auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
        """,
        previousMigrations: ["CREATE TABLE public.reports (id bigint PRIMARY KEY, body text);"]),
      RuleExample(
        """
        -- The client may show user_metadata; the policy never reads it.
        CREATE POLICY "owners read" ON public.reports FOR SELECT USING (id IN (SELECT report_id FROM public.owners
          WHERE owner = (SELECT auth.uid())));
        """,
        previousMigrations: ["CREATE TABLE public.reports (id bigint PRIMARY KEY, body text);"]),
      RuleExample(
        """
        CREATE POLICY "staff" ON public.reports FOR SELECT USING ((auth.jwt() -> 'user_metadata' ->> 'team') = 'staff');
        ALTER POLICY "staff" ON public.reports USING ((auth.jwt() -> 'app_metadata' ->> 'team') = 'staff');
        """,
        previousMigrations: ["CREATE TABLE public.reports (id bigint PRIMARY KEY, body text);"]),
    ],
    elsewhere: ["splinter (Supabase database linter): 0015 rls_references_user_metadata"])

  public var statementKinds: StatementKinds { .policies }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard let (policy, key, _) = context.writtenPolicy else { return [] }
    guard let reference = context.expressions(of: policy).lazy.compactMap({ $0.userMetadataReferences.first }).first
    else { return [] }
    var diagnostic = context.diagnostic(
      description, range: reference,
      message: String(
        message: """
          Policy \(SQLName.quoteIfNeeded(policy.name.value)) on \(policy.table.displayText) decides access from \
          user_metadata, which each user can edit: anyone can grant themselves this access
          """),
      help: """
        Keep authorization data where only the server can write it, and read it from there:
          (SELECT auth.jwt()) -> 'app_metadata' ->> 'role'
        (set with the service role: supabase.auth.admin.updateUserById(id, { app_metadata: { role: 'admin' } })).
        """)
    diagnostic.subject = PolicySubject.make(table: key, policy: policy.name.value)
    return [diagnostic]
  }

  /// A later migration of the folder may replace or drop the policy.
  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings whose policy is still there at the end and still reads user_metadata.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let (key, name) = PolicySubject.parse(diagnostic.subject), let name else { return true }
      guard let policy = finalSchema.policy(named: name, on: key) else { return false }
      return policy.expressions.contains { !$0.userMetadataReferences.isEmpty }
    }
  }
}
