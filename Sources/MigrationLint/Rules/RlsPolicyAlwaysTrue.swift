import PostgresSyntax

/// A write policy for the API roles whose condition is `true`.
public struct RlsPolicyAlwaysTrue: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "rls-policy-always-true",
    category: .security,
    defaultSeverity: .warning,
    summary: "A policy lets anon, authenticated or public write any row with USING (true) or WITH CHECK (true)",
    rationale: """
      A policy's `USING` says which existing rows a command may touch and `WITH CHECK` which rows it may \
      write; `true` allows all of them. For `INSERT`, `UPDATE`, `DELETE` or `ALL` policies granted to \
      `anon`, `authenticated` or `public` (no `TO`, every role), that means anyone with the project's \
      anon key (or any signed-up user) can insert, change or delete every row through the Data API: \
      row level security is enabled but restricts nothing. `SELECT` policies with `USING (true)` are \
      not reported: public read access is a common, deliberate choice. The rule judges the policy the \
      linted migrations leave (a later migration that replaces or drops it settles the finding). \
      Supabase's database linter reports the same (splinter 0024 `rls_policy_always_true`), once it is live.
      """,
    postgresVersions: "9.5+ (row level security)",
    useInstead: """
      CREATE TABLE IF NOT EXISTS public.comments (id bigint PRIMARY KEY, author uuid NOT NULL, body text);
      ALTER TABLE public.comments ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "authors write their comments" ON public.comments FOR INSERT TO authenticated
        WITH CHECK (author = (SELECT auth.uid()));
      """,
    triggering: [
      RuleExample(
        """
        CREATE POLICY "anyone can comment" ON public.comments FOR INSERT TO anon, authenticated
          WITH CHECK (↓true);
        """,
        previousMigrations: [
          "CREATE TABLE public.comments (id bigint PRIMARY KEY, author uuid, body text);",
          "ALTER TABLE public.comments ENABLE ROW LEVEL SECURITY;",
        ],
        message:
          "Policy \"anyone can comment\" on public.comments lets anon, authenticated insert any row: WITH CHECK (true) restricts nothing"
      ),
      RuleExample(
        """
        create policy edit_all on comments for update using (↓(true));
        """,
        previousMigrations: ["create table comments (id bigint primary key, author uuid, body text);"]),
      RuleExample(
        """
        CREATE POLICY manage ON public.comments TO public USING (author = (SELECT auth.uid())) WITH CHECK (↓TRUE);
        """,
        previousMigrations: ["CREATE TABLE public.comments (id bigint PRIMARY KEY, author uuid, body text);"]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE POLICY "comments are public" ON public.comments FOR SELECT TO anon, authenticated USING (true);
        """,
        previousMigrations: ["CREATE TABLE public.comments (id bigint PRIMARY KEY, author uuid, body text);"]),
      RuleExample(
        """
        CREATE POLICY "service writes" ON public.comments FOR ALL TO service_role USING (true) WITH CHECK (true);
        """,
        previousMigrations: ["CREATE TABLE public.comments (id bigint PRIMARY KEY, author uuid, body text);"]),
      RuleExample(
        """
        CREATE POLICY "authors write their comments" ON public.comments FOR INSERT TO authenticated
          WITH CHECK (author = (SELECT auth.uid()));
        """,
        previousMigrations: ["CREATE TABLE public.comments (id bigint PRIMARY KEY, author uuid, body text);"]),
      RuleExample(
        // Replaced by a narrower policy later in the run.
        """
        CREATE POLICY "anyone can comment" ON public.comments FOR INSERT WITH CHECK (true);
        DROP POLICY "anyone can comment" ON public.comments;
        CREATE POLICY "anyone can comment" ON public.comments FOR INSERT WITH CHECK (author = (SELECT auth.uid()));
        """,
        previousMigrations: ["CREATE TABLE public.comments (id bigint PRIMARY KEY, author uuid, body text);"]),
    ],
    elsewhere: ["splinter (Supabase database linter): 0024 rls_policy_always_true"])

  /// The roles the Data API runs as; `public` is every role.
  static let apiRoles: Set<String> = ["anon", "authenticated", "public"]

  public var statementKinds: StatementKinds { .policies }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard let (policy, key, isAlter) = context.writtenPolicy else { return [] }
    // ALTER POLICY cannot change the command; the model knows it.
    let command = isAlter ? context.schema.policy(named: policy.name.value, on: key)?.command : policy.command
    guard let command, command != "SELECT" else { return [] }
    var roles = policy.roles
    if isAlter, roles.isEmpty { roles = context.schema.policy(named: policy.name.value, on: key)?.roles ?? [] }
    guard let exposed = Self.exposedRoles(roles) else { return [] }
    let clauses: [(String, Range<Int>?)] = [("USING", policy.using), ("WITH CHECK", policy.withCheck)]
    guard
      let (clause, range) = clauses.first(where: { _, range in
        range.map { PolicyExpression(source: context.source, range: $0).isAlwaysTrue } ?? false
      }), let range
    else { return [] }
    let verb = Self.verbs[command] ?? "write"
    let name = policy.table.displayText
    var diagnostic = context.diagnostic(
      description, range: Self.trimmed(range, in: context.source),
      message: String(
        message: """
          Policy \(SQLName.quoteIfNeeded(policy.name.value)) on \(name) lets \(exposed) \(verb) any row: \
          \(clause) (true) restricts nothing
          """),
      help: String(
        message: """
          Narrow the condition to the rows each user may \(verb), e.g. their own:
            \(clause) (author_id = (SELECT auth.uid()))
          or grant the policy only to a role that should write everything (TO service_role).
          """))
    diagnostic.subject = PolicySubject.make(table: key, policy: policy.name.value)
    return [diagnostic]
  }

  static let verbs = ["INSERT": "insert", "UPDATE": "update", "DELETE": "delete", "ALL": "read and write"]

  /// The API roles among `roles` as text ("public" for none), nil when none.
  static func exposedRoles(_ roles: [String]) -> String? {
    if roles.isEmpty { return "public" }
    let exposed = roles.filter { apiRoles.contains($0.lowercased()) }
    return exposed.isEmpty ? nil : exposed.joined(separator: ", ")
  }

  /// The expression's range without surrounding whitespace.
  static func trimmed(_ range: Range<Int>, in source: SourceFile) -> Range<Int> {
    var lower = min(max(0, range.lowerBound), source.bytes.count)
    var upper = max(lower, min(range.upperBound, source.bytes.count))
    while lower < upper, [0x20, 0x09, 0x0A, 0x0D].contains(source.bytes[lower]) { lower += 1 }
    while upper > lower, [0x20, 0x09, 0x0A, 0x0D].contains(source.bytes[upper - 1]) { upper -= 1 }
    return lower..<upper
  }

  /// A later migration of the folder may replace or drop the policy.
  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings whose policy is still there at the end, still always true for an API role.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let (key, name) = PolicySubject.parse(diagnostic.subject), let name else { return true }
      guard let policy = finalSchema.policy(named: name, on: key), policy.command != "SELECT",
        Self.exposedRoles(policy.roles) != nil
      else { return false }
      return policy.expressions.contains(where: \.isAlwaysTrue)
    }
  }
}
