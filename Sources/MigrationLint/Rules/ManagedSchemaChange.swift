import PostgresSyntax

/// DDL on a schema Supabase owns and manages (`auth`, `storage`, ...).
public struct ManagedSchemaChange: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "managed-schema-change",
    category: .security,
    defaultSeverity: .error,
    summary: "Do not create, alter or drop objects in the schemas Supabase manages",
    rationale: """
      Supabase's services own the schemas they run on (`auth`, `storage`, `realtime`, `vault`, ...): \
      their tables, functions and types belong to service roles, and Supabase changes them in its \
      own upgrades. Migrations run as `postgres`, which no longer owns these objects: \
      `ALTER TABLE auth.users ADD COLUMN ...` fails with `must be owner of table users` on current \
      projects, and on older ones where it still runs, the next platform upgrade can fail or undo it. \
      Keep your own data beside them: a `public.profiles` table referencing `auth.users (id)`, filled \
      by a trigger. The supported extension points are not reported: triggers on `auth.users` (and \
      `storage.objects`, `storage.buckets`), row level security policies on `storage.objects`, \
      `storage.buckets` and `realtime.messages` (Realtime Authorization). Applies to the `supabase` \
      runner.
      """,
    useInstead: """
      CREATE TABLE public.profiles (
        id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
        plan text NOT NULL DEFAULT 'free'
      );
      ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
      CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
      AS $$ BEGIN INSERT INTO public.profiles (id) VALUES (new.id); RETURN new; END $$;
      CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users
        FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();
      """,
    triggering: [
      RuleExample(
        "↓ALTER TABLE auth.users ADD COLUMN plan text NOT NULL DEFAULT 'free';",
        message:
          "ALTER TABLE auth.users changes the Supabase-managed schema auth: migrations may not change its objects, and Supabase upgrades replace them"
      ),
      RuleExample("↓CREATE INDEX users_plan_idx ON auth.users (email);"),
      RuleExample("↓create function storage.owner_of(path text) returns uuid language sql as $$ select null::uuid $$;"),
      RuleExample(
        "↓CREATE TABLE jobs.runs (id bigint PRIMARY KEY);", options: ["managed_schemas": ["auth", "jobs"]]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users
          FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();
        """),
      RuleExample(
        """
        CREATE POLICY "owners read their files" ON storage.objects FOR SELECT TO authenticated
          USING (owner_id = (SELECT auth.uid())::text);
        """),
      RuleExample("ALTER TABLE public.profiles ADD COLUMN plan text;"),
      RuleExample("INSERT INTO storage.buckets (id, name) VALUES ('avatars', 'avatars');"),
      RuleExample(
        """
        CREATE POLICY "members receive room broadcasts" ON realtime.messages FOR SELECT TO authenticated
          USING (realtime.topic() = 'room:lobby');
        """),
    ],
    options: [Self.managedSchemas])

  /// The schemas reported.
  public static let managedSchemas = RuleOption(
    "managed_schemas", type: .strings, default: .strings(SupabaseSchemas.managed),
    documentation: """
      Schemas whose objects migrations must not create, alter or drop: the ones Supabase's services \
      own. Add a schema another tool manages, or remove one your project owns.
      """)

  public var statementKinds: StatementKinds {
    [
      .createTable, .createIndex, .createView, .createFunction, .createType, .createSimple, .createTrigger,
      .createPolicy, .alterPolicy, .alterTable, .alterFunction, .alterEnum, .drop, .rename, .alterObjectSchema,
      .comment,
    ]
  }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase else { return [] }
    let managed = context.options(for: self).strings(Self.managedSchemas)
    guard let (verbParts, written, schema) = target(context, managed: managed), managed.contains(schema) else {
      return []
    }
    let verb = verbParts.text
    let name = written.displayText
    let isAuthUsers = name.hasPrefix("auth.users")
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message:
          "\(verb) \(name) changes the Supabase-managed schema \(schema): migrations may not change its objects, and Supabase upgrades replace them",
        help: isAuthUsers
          ? """
          Keep per-user data in a table of your own, filled by a trigger on auth.users:
            CREATE TABLE IF NOT EXISTS public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE);
          """
          : "Create the object in a schema of your own (e.g. public or private) and reference \(schema)'s objects from there"
      )
    ]
  }

  /// Whether an unqualified name may resolve to a schema of `managed` on
  /// `searchPath` (see `target`): worked out once per search path and file.
  static func pathMayBeManaged(_ searchPath: [String], _ managed: [String], _ context: RuleContext) -> Bool {
    if let cached = context.fileCache.managedSearchPath, cached.searchPath == searchPath, cached.managed == managed {
      return cached.mayBeManaged
    }
    let mayBeManaged =
      searchPath.contains(where: managed.contains) || managed.contains("pg_catalog")
      || (searchPath.isEmpty && managed.contains("public"))
    context.fileCache.managedSearchPath = (searchPath, managed, mayBeManaged)
    return mayBeManaged
  }

  /// Tables of managed schemas that Supabase documents triggers on.
  static let triggerPoints: Set<String> = ["auth.users", "storage.objects", "storage.buckets"]
  /// Tables of managed schemas whose row level security policies are the app's to write
  /// (Storage access control, Realtime Authorization).
  static let policyPoints: Set<String> = ["storage.objects", "storage.buckets", "realtime.messages"]
  static let triggerPointKeys = Set(triggerPoints.map(pointKey))
  static let policyPointKeys = Set(policyPoints.map(pointKey))

  /// `schema.name` (a point of the sets above) as a key.
  static func pointKey(_ point: String) -> ObjectKey {
    let parts = point.split(separator: ".", maxSplits: 1)
    return ObjectKey(schema: String(parts.first ?? ""), name: String(parts.last ?? ""))
  }

  /// What the statement changes: its verb, the object's name as written
  /// (displayed only for a finding), and the schema it lives in. Nil for statements that change nothing in
  /// a schema, and for the supported extension points.
  /// A verb in up to three pieces, joined only for a finding: most
  /// statements the rule looks at are on schemas of the project's own
  /// (saves building a string per statement).
  struct Verb {
    var head: String
    var middle = ""
    var tail = ""
    var text: String { middle.isEmpty && tail.isEmpty ? head : head + middle + tail }
  }

  ///
  /// An unqualified name resolves to a schema of the search path, to
  /// `pg_catalog` or to the creation schema (the path's first, `public`
  /// without a path): when `managed` has none of them, the name is not
  /// looked up among the tables (its schema is not managed whatever table
  /// it finds, and only a managed schema is reported), and stands for the
  /// creation schema (saves ~2 M instructions on the corpus run).
  func target(_ context: RuleContext, managed: [String]) -> (Verb, QualifiedName, String)? {
    let schema = context.schema
    func created(_ name: QualifiedName) -> String { name.schema ?? schema.creationSchema }
    var pathMayBeManaged: Bool?
    func existing(_ name: QualifiedName) -> String {
      if let written = name.schema { return written }
      if pathMayBeManaged == nil { pathMayBeManaged = Self.pathMayBeManaged(schema.searchPath, managed, context) }
      return pathMayBeManaged == true ? schema.resolve(name, in: schema.tables).schema : schema.creationSchema
    }
    // By key, not by a "schema.name" string built per statement: the
    // points' parts have no dot, so the two tests agree.
    func isTriggerPoint(_ table: QualifiedName) -> Bool {
      Self.triggerPointKeys.contains(ObjectKey(schema: existing(table), name: table.name))
    }
    func isPolicyPoint(_ table: QualifiedName) -> Bool {
      Self.policyPointKeys.contains(ObjectKey(schema: existing(table), name: table.name))
    }
    switch context.statement.node {
    case .createTable(let table) where !table.isTemporary:
      return (Verb(head: "CREATE TABLE"), table.name, created(table.name))
    case .createIndex(let index): return (Verb(head: "CREATE INDEX ON"), index.table, existing(index.table))
    case .createView(let view) where !view.isTemporary:
      return (Verb(head: "CREATE VIEW"), view.name, created(view.name))
    case .createFunction(let function):
      return (
        Verb(head: function.isProcedure ? "CREATE PROCEDURE" : "CREATE FUNCTION"), function.name, created(function.name)
      )
    case .createType(let type): return (Verb(head: "CREATE TYPE"), type.name, created(type.name))
    case .createSimple(let simple) where simple.objectType == .sequence || simple.objectType == .domain:
      return (Verb(head: "CREATE ", middle: simple.objectType.sqlName), simple.name, created(simple.name))
    case .createTrigger(let trigger) where !isTriggerPoint(trigger.table):
      return (Verb(head: "CREATE TRIGGER ON"), trigger.table, existing(trigger.table))
    case .createPolicy(let policy) where !isPolicyPoint(policy.table),
      .alterPolicy(let policy) where !isPolicyPoint(policy.table):
      return (Verb(head: "POLICY ON"), policy.table, existing(policy.table))
    case .alterTable(let alter):
      return (Verb(head: "ALTER ", middle: alter.objectType.sqlName), alter.name, existing(alter.name))
    case .alterFunction(let alter): return (Verb(head: "ALTER FUNCTION"), alter.name, existing(alter.name))
    case .alterEnum(let alter): return (Verb(head: "ALTER TYPE"), alter.name, existing(alter.name))
    case .drop(let drop):
      if let table = drop.onTable {
        if drop.objectType == .trigger && isTriggerPoint(table) || drop.objectType == .policy && isPolicyPoint(table) {
          return nil
        }
        return (Verb(head: "DROP ", middle: drop.objectType.sqlName, tail: " ON"), table, existing(table))
      }
      if drop.objectType == .schema, let name = drop.names.first(where: { _ in true }) {
        return (Verb(head: "DROP SCHEMA"), name, name.name)
      }
      guard drop.objectType != .extension, let name = drop.names.first(where: { $0.schema != nil }) ?? drop.names.first
      else { return nil }
      return (Verb(head: "DROP ", middle: drop.objectType.sqlName), name, existing(name))
    case .rename(let rename):
      if let table = rename.onTable {
        if rename.objectType == .trigger && isTriggerPoint(table)
          || rename.objectType == .policy && isPolicyPoint(table)
        {
          return nil
        }
        return (Verb(head: "RENAME ON"), table, existing(table))
      }
      return (Verb(head: "RENAME"), rename.target, existing(rename.target))
    case .alterObjectSchema(let move):
      if let into = move.newSchema?.value, managed.contains(into) {
        return (Verb(head: "SET SCHEMA ", middle: into, tail: " of"), move.target, into)
      }
      return (Verb(head: "SET SCHEMA of"), move.target, existing(move.target))
    case .comment(let comment):
      guard let target = comment.target, comment.objectType != .schema, comment.objectType != .extension else {
        return nil
      }
      // COMMENT ON COLUMN schema.table.column names the table's schema second from the end.
      if comment.objectType == .column, target.parts.count >= 3 {
        return (Verb(head: "COMMENT ON"), target, target.parts[target.parts.count - 3].value)
      }
      if comment.objectType == .column { return nil }
      return (Verb(head: "COMMENT ON"), target, existing(target))
    default:
      return nil
    }
  }
}
