import PostgresSyntax

/// A second permissive policy for the same role and command on a table.
public struct MultiplePermissivePolicies: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "multiple-permissive-policies",
    category: .performance,
    defaultSeverity: .info,
    summary: "A table has more than one permissive policy for the same role and command",
    rationale: """
      PostgreSQL combines a table's permissive policies for a command with `OR` and evaluates each of \
      them for every row a query reads: two permissive `SELECT` policies for `authenticated` cost two \
      conditions per row, often each with its own subquery. One policy whose condition joins the two \
      with `OR` gives the same access and lets the planner do the work once. `FOR ALL` counts for each \
      of `SELECT`, `INSERT`, `UPDATE` and `DELETE`, and a policy without `TO` (public) for every role. \
      Restrictive policies (`AS RESTRICTIVE`) are combined with `AND` and are not counted. The rule \
      judges the policies the linted migrations leave and points at the policy that made the second \
      one. Supabase's database linter reports the same (splinter 0006 `multiple_permissive_policies`), \
      once it is live.
      """,
    postgresVersions: "10+ (restrictive policies); 9.5+ otherwise",
    useInstead: """
      CREATE TABLE IF NOT EXISTS public.projects (id bigint PRIMARY KEY, owner uuid, is_public boolean NOT NULL DEFAULT false);
      ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "visible projects" ON public.projects FOR SELECT TO authenticated
        USING (is_public OR owner = (SELECT auth.uid()));
      """,
    triggering: [
      RuleExample(
        """
        CREATE POLICY "public projects" ON public.projects FOR SELECT TO authenticated USING (is_public);
        ↓CREATE POLICY "own projects" ON public.projects FOR SELECT TO authenticated
          USING (owner = (SELECT auth.uid()));
        """,
        previousMigrations: [
          "CREATE TABLE public.projects (id bigint PRIMARY KEY, owner uuid, is_public boolean NOT NULL DEFAULT false);"
        ],
        message:
          "Policy \"own projects\" on public.projects is a second permissive SELECT policy for authenticated (with \"public projects\"): both are evaluated for every row"
      ),
      RuleExample(
        """
        create policy owners_all on projects for all using (owner = (select auth.uid()));
        ↓create policy anyone_reads on projects for select to anon using (is_public);
        """,
        previousMigrations: ["create table projects (id bigint primary key, owner uuid, is_public boolean);"]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE POLICY "public projects" ON public.projects FOR SELECT TO anon USING (is_public);
        CREATE POLICY "own projects" ON public.projects FOR SELECT TO authenticated USING (owner = (SELECT auth.uid()));
        """,
        previousMigrations: ["CREATE TABLE public.projects (id bigint PRIMARY KEY, owner uuid, is_public boolean);"]),
      RuleExample(
        """
        CREATE POLICY "members read" ON public.projects FOR SELECT TO authenticated USING (true);
        CREATE POLICY "not archived" ON public.projects AS RESTRICTIVE FOR SELECT TO authenticated USING (NOT archived);
        CREATE POLICY "owners update" ON public.projects FOR UPDATE TO authenticated USING (owner = (SELECT auth.uid()));
        """,
        previousMigrations: ["CREATE TABLE public.projects (id bigint PRIMARY KEY, owner uuid, archived boolean);"]),
      RuleExample(
        // The first policy is replaced by a combined one later in the run.
        """
        CREATE POLICY "public projects" ON public.projects FOR SELECT USING (is_public);
        CREATE POLICY "own projects" ON public.projects FOR SELECT USING (owner = (SELECT auth.uid()));
        DROP POLICY "public projects" ON public.projects;
        """,
        previousMigrations: ["CREATE TABLE public.projects (id bigint PRIMARY KEY, owner uuid, is_public boolean);"]),
    ],
    elsewhere: ["splinter (Supabase database linter): 0006 multiple_permissive_policies"])

  public var statementKinds: StatementKinds { .createPolicy }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createPolicy(let policy) = context.statement.node, policy.permissive else { return [] }
    let key = context.schema.policyTableKey(policy.table)
    let new = PolicyInfo(
      name: policy.name.value, command: policy.command, roles: policy.roles, permissive: true)
    let others = context.schema.policies(on: key).filter { $0.name != new.name }
    guard let (other, role, command) = Self.overlap(new, others) else { return [] }
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message: String(
        message: """
          Policy \(SQLName.quoteIfNeeded(new.name)) on \(policy.table.displayText) is a second permissive \
          \(command) policy for \(role) (with \(SQLName.quoteIfNeeded(other.name))): both are evaluated for every row
          """),
      help: """
        Combine them into one policy whose condition joins both with OR, or make one of them \
        AS RESTRICTIVE if both must hold.
        """)
    diagnostic.subject = PolicySubject.make(table: key, policy: new.name)
    return [diagnostic]
  }

  /// The first permissive policy among `others` that applies to a role and
  /// command `policy` applies to, with that role and command.
  static func overlap(_ policy: PolicyInfo, _ others: [PolicyInfo]) -> (PolicyInfo, String, String)? {
    for other in others where other.permissive && other.name != policy.name {
      guard let command = policy.commands.first(where: other.commands.contains) else { continue }
      // A role both apply to: one either names, or PUBLIC when both are for every role.
      let named = (policy.roles + other.roles).filter { $0.lowercased() != "public" }
      let both = { (role: String) in policy.applies(to: role) && other.applies(to: role) }
      guard let role = named.first(where: both) ?? (both("public") ? "public" : nil) else { continue }
      return (other, role, command)
    }
    return nil
  }

  /// A later migration of the folder may drop or merge the policies.
  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings whose policy is still there at the end and still overlaps another.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let (key, name) = PolicySubject.parse(diagnostic.subject), let name else { return true }
      guard let policy = finalSchema.policy(named: name, on: key), policy.permissive else { return false }
      return Self.overlap(policy, finalSchema.policies(on: key)) != nil
    }
  }
}
