import PostgresSyntax

/// Write privileges granted to `anon` or `PUBLIC` on exposed tables without row level security.
public struct GrantAllToAnon: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "grant-all-to-anon",
    category: .security,
    defaultSeverity: .warning,
    summary: "Do not grant ALL or write privileges to anon or PUBLIC on exposed tables without row level security",
    rationale: """
      `anon` is the role of every request made with the project's public anon key, and `PUBLIC` \
      includes it. `GRANT ALL` (or `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`) on a table in an exposed \
      schema lets anyone who has the key write to it through the Data API, and only row level \
      security stands in the way (`TRUNCATE`, run by any code acting as `anon`, ignores even that). \
      On a table with RLS enabled the grant is Supabase's ordinary setup (its default privileges, and \
      the `grant ... to "anon"` lines `supabase db diff` writes, say the same), so the rule judges at \
      the end of the linted migrations: it reports the grant when a table it covers still has no \
      RLS, once per table and role. Grant writes to `authenticated` with policies that check \
      ownership, enable RLS, and give `anon` at most `SELECT`. Applies to the `supabase` runner.
      """,
    useInstead: """
      ALTER TABLE public.posts ENABLE ROW LEVEL SECURITY;
      GRANT SELECT ON public.posts TO anon;
      GRANT SELECT, INSERT, UPDATE, DELETE ON public.posts TO authenticated;
      """,
    triggering: [
      RuleExample(
        "↓GRANT ALL ON TABLE public.posts TO anon;",
        previousMigrations: ["CREATE TABLE public.posts (id bigint PRIMARY KEY);"],
        message:
          "GRANT ALL on public.posts to anon lets anyone with the anon key write to it, and it has no row level security"
      ),
      RuleExample(
        """
        create table posts (id bigint primary key);
        create table comments (id bigint primary key);
        alter table comments enable row level security;
        ↓grant select, insert, update, delete on posts, comments to anon, authenticated;
        """),
      RuleExample(
        "↓GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO PUBLIC;",
        previousMigrations: ["CREATE TABLE public.posts (id bigint PRIMARY KEY);"]),
    ],
    nonTriggering: [
      RuleExample(
        "GRANT SELECT ON public.posts TO anon;",
        previousMigrations: ["CREATE TABLE public.posts (id bigint PRIMARY KEY);"]
      ),
      RuleExample(
        "GRANT ALL ON public.posts TO authenticated, service_role;",
        previousMigrations: ["CREATE TABLE public.posts (id bigint PRIMARY KEY);"]),
      RuleExample(
        """
        CREATE TABLE public.posts (id bigint PRIMARY KEY);
        GRANT DELETE ON TABLE public.posts TO anon;
        ALTER TABLE public.posts ENABLE ROW LEVEL SECURITY;
        """),
      RuleExample("GRANT ALL ON private.jobs TO anon;", previousMigrations: ["CREATE TABLE private.jobs (id bigint);"]),
      RuleExample("GRANT EXECUTE ON FUNCTION public.search(text) TO anon;"),
    ])

  static let writePrivileges: Set<String> = ["ALL", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]

  public var statementKinds: StatementKinds { .grant }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase, case .grant(let grant) = context.statement.node, grant.isGrant
    else { return [] }
    let roles = grant.roles.filter { $0 == "anon" || $0 == "public" }
    let written = grant.privileges.filter(Self.writePrivileges.contains)
    guard !roles.isEmpty, !written.isEmpty else { return [] }
    let schema = context.schema
    let exposed = context.settings.exposedSchemas
    let keys: [ObjectKey]
    switch grant.objectType {
    case "TABLE":
      keys = grant.objects.map { schema.resolve($0, in: schema.tables) }.filter { exposed.contains($0.schema) }
    case "ALL TABLES IN SCHEMA":
      let schemas = Set(grant.objects.map(\.name)).filter(exposed.contains)
      keys = schema.tables.keys.filter { schemas.contains($0.schema) }.sorted()
    default:
      return []
    }
    guard !keys.isEmpty else { return [] }
    let role = roles.contains("anon") ? "anon" : "PUBLIC"
    let what = written.contains("ALL") ? "ALL" : written.joined(separator: ", ")
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message: Self.message(what: what, role: role, tables: keys),
      help: String(
        message: """
          Enable row level security on the table, and give anonymous requests read access at most:
            ALTER TABLE \(keys[0]) ENABLE ROW LEVEL SECURITY;
            GRANT SELECT ON \(keys[0]) TO anon;
          """))
    diagnostic.subject = ([what, role] + keys.map { "\($0.schema).\($0.name)" }).joined(separator: "\u{0}")
    return [diagnostic]
  }

  static func message(what: String, role: String, tables: [ObjectKey]) -> String {
    let names = tables.map(\.description).joined(separator: ", ")
    return tables.count == 1
      ? "GRANT \(what) on \(names) to \(role) lets anyone with the anon key write to it, and it has no row level security"
      : "GRANT \(what) on \(names) to \(role) lets anyone with the anon key write to them, and they have no row level security"
  }

  public var settlesAtFolderEnd: Bool { true }

  /// Keeps each grant for the tables that still have no RLS at the end of
  /// the linted migrations (tables the migrations never created are left
  /// alone), once per table and role.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    var reported = Set<String>()
    return findings.compactMap { diagnostic in
      guard let parts = diagnostic.subject?.subjectFields(separator: 0), parts.count >= 3 else {
        return diagnostic
      }
      let role = parts[1]
      let open = parts.dropFirst(2).compactMap { ObjectKey(subject: $0) }.filter { key in
        guard let table = finalSchema.tables[key], !table.isUncertain, !table.rlsEnabled else { return false }
        return reported.insert("\(role)\u{0}\(key)").inserted
      }
      guard !open.isEmpty else { return nil }
      var kept = diagnostic
      kept.message = Self.message(what: parts[0], role: role, tables: open)
      return kept
    }
  }
}
