import PostgresSyntax

/// A table created in an API-exposed schema without row level security.
public struct RlsDisabledInPublic: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "rls-disabled-in-public",
    category: .security,
    defaultSeverity: .error,
    summary: "A table created in an exposed schema must have row level security enabled by the end of the migrations",
    rationale: """
      Supabase serves every table in an exposed schema (`public` by default, see `exposed_schemas`) \
      through its Data API (PostgREST and GraphQL), and its default privileges grant the `anon` and \
      `authenticated` roles access to new tables. Until `ENABLE ROW LEVEL SECURITY` runs, anyone \
      holding the project's public anon key can read and change every row. Enabling RLS denies all \
      API access until policies allow it, so enable it where the table is created and add the policies \
      the app needs. The rule judges the schema the linted migrations leave: a later migration of the \
      same run that enables RLS (or drops, renames or moves the table) settles the finding, since they \
      ship together; the finding points at the `CREATE TABLE`. Supabase's database linter reports the \
      same problem (splinter 0013 `rls_disabled_in_public`), but only once the table is live. Applies \
      to the `supabase` runner only (other runners do not expose tables by default). Formerly \
      `table-without-rls`, an id still accepted as an alias.
      """,
    lock: nil,
    postgresVersions: "9.5+ (row level security)",
    fixAvailability: .sometimes,
    fixNotes: """
      Inserts `ALTER TABLE ... ENABLE ROW LEVEL SECURITY;` after the statement's `;` (a suggestion, \
      applied with `--unsafe-fixes`): API access to the table is then denied until you add policies.
      """,
    useInstead: """
      CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
      ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
        USING ((SELECT auth.uid()) = owner);
      """,
    triggering: [
      RuleExample("↓CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);"),
      RuleExample("↓create table if not exists audit_log (id bigint primary key, event text);"),
      RuleExample(
        "↓CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);",
        options: ["ignored_tables": ["public.countries", "audit_log"]],
        message:
          "Table public.notes is exposed through the Data API without row level security: anyone with the anon key can read and write it"
      ),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        """),
      RuleExample(
        """
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        """,
        previousMigrations: ["CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);"]),
      RuleExample("CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, payload jsonb);"),
      RuleExample("CREATE TEMP TABLE scratch (id bigint);"),
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.countries (code text PRIMARY KEY, name text);
        REVOKE INSERT, UPDATE, DELETE ON public.countries FROM anon, authenticated;
        """,
        options: ["ignored_tables": ["public.countries"]]),
      RuleExample(
        "CREATE TABLE IF NOT EXISTS countries (code text PRIMARY KEY, name text);",
        options: ["ignored_tables": ["countries"]]),
    ],
    fixes: [
      FixExample(
        before: "CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);\n",
        after: """
          CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);
          ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;

          """)
    ],
    elsewhere: ["splinter (Supabase database linter): 0013 rls_disabled_in_public"],
    options: [Self.ignoredTables],
    formerIDs: ["table-without-rls"])

  /// Tables deliberately left without RLS.
  public static let ignoredTables = RuleOption(
    "ignored_tables", type: .strings, default: [],
    documentation: """
      Tables that may stay without row level security, as `schema.table`, or `table` for that name \
      in any exposed schema: for example a lookup table whose API privileges a migration manages \
      with `REVOKE` / `GRANT`. One list in `.cslint.yml` instead of a comment at each `CREATE TABLE`.
      """)

  public var statementKinds: StatementKinds { .createTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase, case .createTable(let table) = context.statement.node,
      !table.isTemporary, table.partitionOf == nil
    else { return [] }
    let key = context.schema.keyForCreation(table.name)
    guard context.settings.exposedSchemas.contains(key.schema) else { return [] }
    let ignored = context.options(for: self).strings(Self.ignoredTables)
    if ignored.contains(where: { $0 == key.name || $0 == "\(key.schema).\(key.name)" }) { return [] }
    // CREATE TABLE IF NOT EXISTS of a table that already exists changes nothing.
    if table.ifNotExists, context.schema.tables[key] != nil { return [] }
    if Self.laterStatementsSecure(key, context) { return [] }
    let name = table.name.displayText
    let enable = "ALTER TABLE \(name) ENABLE ROW LEVEL SECURITY;"
    // Only after a terminating `;`: then the statement is complete (no open
    // parenthesis would swallow the inserted line).
    var fixes: [Fix] = []
    if let semicolon = context.statement.span.semicolon {
      let line = context.lineBreak + context.keyword(enable, before: context.statement.range.lowerBound + 6)
      fixes.append(
        Fix(title: "Enable row level security", applicability: .suggestion, edits: [.insert(line, at: semicolon + 1)]))
    }
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message:
        "Table \(name) is exposed through the Data API without row level security: anyone with the anon key can read and write it",
      help: String(
        message: """
          Enable row level security in this migration, then add a policy for each access the app needs \
          (narrow USING to the rows each user may see):
            \(enable)
            CREATE POLICY \(SQLName.quoteIfNeeded("\(table.name.name) readable by signed-in users")) ON \(name) FOR SELECT TO authenticated USING (true);
          """),
      fixes: fixes)
    diagnostic.subject = "\(key.schema).\(key.name)"
    return [diagnostic]
  }

  /// A later migration of the folder may enable RLS on the table (or drop it).
  public var settlesAtFolderEnd: Bool { true }

  /// Drops findings for tables that a later linted migration secured: the
  /// migrations ship together, so the table is never exposed without RLS.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let subject = diagnostic.subject, let dot = subject.firstIndex(of: ".") else { return true }
      let key = ObjectKey(schema: String(subject[..<dot]), name: String(subject[subject.index(after: dot)...]))
      guard let table = finalSchema.tables[key] else { return false }
      return !table.rlsEnabled
    }
  }

  /// RLS enabled (or the table dropped, moved or renamed) later in the same file.
  static func laterStatementsSecure(_ key: ObjectKey, _ context: RuleContext) -> Bool {
    func same(_ name: QualifiedName) -> Bool {
      name.name == key.name && (name.schema ?? context.schema.creationSchema) == key.schema
    }
    let later = context.positions.byChangedName[key.name, default: []].lazy.filter { $0 > context.statementIndex }
    for index in later {
      switch context.statements[index].node {
      case .alterTable(let alter) where same(alter.name):
        for command in alter.commands {
          if case .rowLevelSecurity(true, nil) = command.action { return true }
        }
      case .drop(let drop) where drop.objectType == .table && drop.names.contains(where: same):
        return true
      case .rename(let rename) where rename.objectType == .table && same(rename.target):
        return true
      case .alterObjectSchema(let move) where same(move.target):
        return true
      default:
        continue
      }
    }
    return false
  }
}
