import PostgresSyntax

/// A view in an API-exposed schema that reads `auth.users`.
public struct AuthUsersExposed: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "auth-users-exposed",
    category: .security,
    defaultSeverity: .error,
    summary: "Views in exposed schemas must not select from auth.users",
    rationale: """
      `auth.users` holds every user's email, phone, metadata and sign-in history, and the API roles \
      have no access to it. A view or materialized view in an exposed schema that selects from it \
      hands those rows to anyone with the anon key: a view runs with its owner's privileges (the \
      migration's `postgres`), and a materialized view is a plain table of copied rows with no row \
      level security at all. A view with `security_invoker = true` (PostgreSQL 15+) is not reported: \
      it reads `auth.users` as the caller, who has no privilege on it. Keep what the app needs in a \
      `public.profiles` table with RLS, filled by a trigger on `auth.users`. A later migration of the \
      same run that revokes `SELECT` from `anon` and `authenticated` or drops the view settles the \
      finding. Applies to the `supabase` runner.
      """,
    useInstead: """
      CREATE TABLE public.profiles (
        id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
        display_name text
      );
      ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "profiles are readable by signed-in users" ON public.profiles
        FOR SELECT TO authenticated USING (true);
      """,
    triggering: [
      RuleExample(
        "↓CREATE VIEW public.members AS SELECT id, email, raw_user_meta_data FROM auth.users;",
        message:
          "View public.members selects from auth.users: anyone with the anon key can read users' emails and metadata through it"
      ),
      RuleExample(
        """
        ↓create materialized view member_emails as
          select u.email, p.display_name from public.profiles p join auth.users u on u.id = p.id;
        """),
    ],
    nonTriggering: [
      RuleExample("CREATE VIEW private.members AS SELECT id, email FROM auth.users;"),
      RuleExample("CREATE VIEW public.members WITH (security_invoker = true) AS SELECT id, email FROM auth.users;"),
      RuleExample(
        """
        CREATE VIEW public.members AS SELECT id, email FROM auth.users;
        REVOKE ALL ON public.members FROM anon, authenticated;
        """),
      RuleExample("CREATE VIEW public.members AS SELECT id, display_name FROM public.profiles;"),
    ],
    elsewhere: ["splinter (Supabase database linter): auth_users_exposed (0002)"])

  public var statementKinds: StatementKinds { .createView }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase, case .createView(let view) = context.statement.node,
      !view.isTemporary, !view.isTableAs, view.materialized || !view.securityInvoker,
      view.sources.contains(where: { $0.schema == "auth" && $0.name == "users" })
    else { return [] }
    let key = context.schema.keyForCreation(view.name)
    guard context.settings.exposedSchemas.contains(key.schema), !context.viewRedefinedLater(key) else { return [] }
    let name = view.name.displayText
    let kind = view.materialized ? "Materialized view" : "View"
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message:
        "\(kind) \(name) selects from auth.users: anyone with the anon key can read users' emails and metadata through it",
      help: String(
        message: """
          Keep what the app needs in a table of your own with row level security, filled by a trigger on auth.users \
          (e.g. public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id))), or keep the view out of the API:
            REVOKE ALL ON \(name) FROM anon, authenticated;
          """))
    diagnostic.subject = "\(key.schema).\(key.name)"
    return [diagnostic]
  }

  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings for views the API roles can still select from at the
  /// end of the linted migrations.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.keepingLastPerSubject().filter { diagnostic in
      guard let key = ObjectKey(subject: diagnostic.subject) else { return true }
      guard let view = finalSchema.views[key], view.materialized || !view.securityInvoker else { return false }
      return finalSchema.hasRelationPrivilege("anon", "SELECT", on: key)
        || finalSchema.hasRelationPrivilege("authenticated", "SELECT", on: key)
    }
  }
}
