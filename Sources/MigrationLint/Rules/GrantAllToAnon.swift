import PostgresSyntax

/// Write privileges on exposed tables granted to `anon` or `PUBLIC`.
public struct GrantAllToAnon: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "grant-all-to-anon",
    category: .security,
    defaultSeverity: .warning,
    summary: "Do not grant ALL or write privileges on exposed tables to anon or PUBLIC",
    rationale: """
      `anon` is the role of every request made with the project's public anon key, and `PUBLIC` \
      includes it. `GRANT ALL` (or `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`) on a table in an exposed \
      schema lets anyone who has the key write to it through the Data API, stopped only by row level \
      security: one table without RLS, or one policy too broad, and strangers change or delete the \
      data. `TRUNCATE` ignores row level security entirely. Grant writes to `authenticated` (signed-in \
      users) with policies that check ownership, and at most `SELECT` to `anon`. Applies to the \
      `supabase` runner.
      """,
    useInstead: """
      GRANT SELECT ON public.posts TO anon;
      GRANT SELECT, INSERT, UPDATE, DELETE ON public.posts TO authenticated;
      """,
    triggering: [
      RuleExample(
        "↓GRANT ALL ON TABLE public.posts TO anon;",
        message:
          "GRANT ALL on public.posts to anon lets anyone with the anon key write to it, stopped only by row level security"
      ),
      RuleExample("↓grant select, insert, update, delete on posts, comments to anon, authenticated;"),
      RuleExample("↓GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO PUBLIC;"),
    ],
    nonTriggering: [
      RuleExample("GRANT SELECT ON public.posts TO anon;"),
      RuleExample("GRANT ALL ON public.posts TO authenticated, service_role;"),
      RuleExample("GRANT ALL ON private.jobs TO anon;"),
      RuleExample("REVOKE ALL ON public.posts FROM anon;"),
      RuleExample("GRANT EXECUTE ON FUNCTION public.search(text) TO anon;"),
    ])

  static let writePrivileges: Set<String> = ["ALL", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase, case .grant(let grant) = context.statement.node, grant.isGrant
    else { return [] }
    let roles = grant.roles.filter { $0 == "anon" || $0 == "public" }
    let written = grant.privileges.filter(Self.writePrivileges.contains)
    guard !roles.isEmpty, !written.isEmpty else { return [] }
    let exposed = context.settings.exposedSchemas
    let targets: [String]
    switch grant.objectType {
    case "TABLE":
      targets = grant.objects.filter { name in
        exposed.contains(name.schema ?? context.schema.resolve(name, in: context.schema.tables).schema)
      }.map(\.displayText)
    case "ALL TABLES IN SCHEMA":
      targets = grant.objects.filter { exposed.contains($0.name) }.map { "all tables in \($0.displayText)" }
    default:
      return []
    }
    guard !targets.isEmpty else { return [] }
    let role = roles.contains("anon") ? "anon" : "PUBLIC"
    let what = written.contains("ALL") ? "ALL" : written.joined(separator: ", ")
    let names = targets.joined(separator: ", ")
    let readable =
      grant.objectType == "TABLE"
      ? names
      : "ALL TABLES IN SCHEMA "
        + grant.objects.filter { exposed.contains($0.name) }.map(\.displayText).joined(separator: ", ")
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message:
          "GRANT \(what) on \(names) to \(role) lets anyone with the anon key write to it, stopped only by row level security",
        help: """
          Give anonymous requests read access at most, and writes to signed-in users under policies that check ownership:
            GRANT SELECT ON \(readable) TO anon;
          """)
    ]
  }
}
