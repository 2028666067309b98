import PostgresSyntax

/// `auth.uid()` and friends called directly in a policy: once per row.
public struct AuthRlsInitplan: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "auth-rls-initplan",
    category: .performance,
    defaultSeverity: .warning,
    summary: "A policy calls auth.uid(), auth.jwt(), auth.role() or current_setting() directly, once for every row",
    rationale: """
      PostgreSQL adds a policy's condition to every query on the table. Written bare, \
      `owner = auth.uid()` calls the function for each row the query reads: on a large table that is \
      millions of calls (each parsing the request's JWT settings), and the query is many times slower. \
      Wrapped in a scalar subquery, `owner = (select auth.uid())`, the planner runs it once per \
      statement as an InitPlan and compares every row with the one value; the result is the same, \
      since these functions return the same value throughout a statement. The rule judges the policy \
      the linted migrations leave (a later migration that replaces it settles the finding). Supabase's \
      database linter reports the same (splinter 0003 `auth_rls_initplan`), once it is live.
      """,
    postgresVersions: "9.5+ (row level security)",
    fixAvailability: .always,
    fixNotes: """
      Wraps each bare call in the policy as `(select auth.uid())` (safe: `auth.uid()`, `auth.jwt()`, \
      `auth.role()`, `auth.email()` and `current_setting()` are STABLE, so one evaluation per statement \
      gives every row the value a per-row call would). A call already wrapped is left alone, so fixing \
      again changes nothing.
      """,
    useInstead: """
      CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
      ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
        USING (owner = (SELECT auth.uid()));
      """,
    triggering: [
      RuleExample(
        """
        CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
          USING (owner = ↓auth.uid());
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);"],
        message:
          "Policy \"owners read their notes\" on public.notes calls auth.uid() for every row the query reads; (select auth.uid()) runs it once per statement"
      ),
      RuleExample(
        """
        create policy team_edit on notes for update
          using (team_id = (select team_id from members where user_id = ↓auth.uid()))
          with check ((auth.jwt() ->> 'role') = 'editor');
        """,
        previousMigrations: ["create table notes (id bigint primary key, team_id bigint, body text);"]),
      RuleExample(
        """
        CREATE POLICY tenant ON public.notes
          USING (tenant = ↓current_setting('app.tenant', true)::uuid);
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, tenant uuid);"]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
          USING (owner = (SELECT auth.uid()));
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);"]),
      RuleExample(
        """
        CREATE POLICY "editors" ON public.notes FOR UPDATE
          USING (((select auth.jwt()) ->> 'role') = 'editor' AND tenant = (select current_setting('app.tenant', true))::uuid);
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, tenant uuid);"]),
      RuleExample(
        // The call is the select list of a subquery the planner runs once.
        """
        CREATE POLICY "mfa" ON public.notes AS RESTRICTIVE USING ((SELECT auth.jwt() ->> 'aal') = 'aal2');
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL);"]),
      RuleExample(
        // A function of the app's own schema, not Supabase's auth.uid().
        """
        CREATE POLICY "owners" ON public.notes USING (owner = app.uid());
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL);"]),
    ],
    fixes: [
      FixExample(
        before: """
          CREATE POLICY "owners edit their notes" ON public.notes FOR UPDATE
            USING (owner = auth.uid()) WITH CHECK (owner = auth.uid() AND (auth.jwt() ->> 'aal') = 'aal2');

          """,
        after: """
          CREATE POLICY "owners edit their notes" ON public.notes FOR UPDATE
            USING (owner = (select auth.uid())) WITH CHECK (owner = (select auth.uid()) AND ((select auth.jwt()) ->> 'aal') = 'aal2');

          """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);"]),
      FixExample(
        before: """
          create policy tenant on notes using (tenant = current_setting('app.tenant')::uuid);

          """,
        after: """
          create policy tenant on notes using (tenant = (select current_setting('app.tenant'))::uuid);

          """,
        previousMigrations: ["create table notes (id bigint primary key, tenant uuid);"]),
    ],
    elsewhere: ["splinter (Supabase database linter): 0003 auth_rls_initplan"])

  public var statementKinds: StatementKinds { .policies }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard let (policy, key, _) = context.writtenPolicy else { return [] }
    let calls = context.expressions(of: policy).flatMap(\.bareCalls)
    guard let first = calls.first else { return [] }
    // Lower case, as Supabase's documentation writes it, whatever the statement's case.
    let edits = calls.flatMap { call in
      [TextEdit.insert("(select ", at: call.range.lowerBound), TextEdit.insert(")", at: call.range.upperBound)]
    }
    let shown = first.function == "current_setting" ? "current_setting()" : "\(first.function)()"
    let more = calls.count > 1 ? " (and \(calls.count - 1) more call\(calls.count > 2 ? "s" : ""))" : ""
    var diagnostic = context.diagnostic(
      description, range: first.range,
      message: String(
        message: """
          Policy \(SQLName.quoteIfNeeded(policy.name.value)) on \(policy.table.displayText) calls \(shown)\(more) for \
          every row the query reads; (select \(shown)) runs it once per statement
          """),
      help: String(message: "Wrap each call in a scalar subquery, e.g. (select \(first.text))"),
      fixes: [Fix(title: "Wrap each call in (select ...)", applicability: .safe, edits: edits)])
    diagnostic.subject = PolicySubject.make(table: key, policy: policy.name.value)
    return [diagnostic]
  }

  /// A later migration of the folder may replace the policy.
  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings whose policy is still there at the end with a bare call.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let (key, name) = PolicySubject.parse(diagnostic.subject), let name else { return true }
      guard let policy = finalSchema.policy(named: name, on: key) else { return false }
      return policy.expressions.contains { !$0.bareCalls.isEmpty }
    }
  }
}
