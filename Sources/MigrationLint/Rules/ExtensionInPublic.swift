import PostgresSyntax

/// `CREATE EXTENSION` into an API-exposed schema.
public struct ExtensionInPublic: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "extension-in-public",
    category: .security,
    defaultSeverity: .warning,
    summary: "Install extensions in the extensions schema, not in an exposed one",
    rationale: """
      `CREATE EXTENSION` without `SCHEMA` puts the extension's functions, types and tables in the \
      first schema of the search path: `public`, which Supabase exposes through its Data API. Every \
      function of the extension becomes an RPC endpoint anyone with the anon key may call, its tables \
      (if any) are served without row level security, and its names clutter and can clash with the \
      app's. Supabase projects have an `extensions` schema for this. Extensions Supabase installs \
      itself (`pgcrypto`, `uuid-ossp`, `pg_stat_statements`, `pg_graphql`, `supabase_vault`, \
      `plpgsql`; a no-op `IF NOT EXISTS`) and those that choose their own schema (`pg_cron`, \
      `pg_net`, `pgsodium`, `pgmq`, `pg_tle`) are not reported. Applies to the `supabase` runner.
      """,
    useInstead: """
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
      """,
    triggering: [
      RuleExample(
        "↓CREATE EXTENSION IF NOT EXISTS pg_trgm;",
        message:
          "Extension pg_trgm is installed in the exposed schema public: its functions become API endpoints and its names mix with the app's"
      ),
      RuleExample("↓create extension if not exists hstore with schema public;"),
      RuleExample("↓CREATE EXTENSION \"pg_trgm\" SCHEMA public;"),
    ],
    nonTriggering: [
      RuleExample("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;"),
      RuleExample("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";"),
      RuleExample("CREATE EXTENSION IF NOT EXISTS pg_cron;"),
      RuleExample(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
        previousMigrations: ["CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;"]),
      RuleExample(
        """
        CREATE SCHEMA IF NOT EXISTS gis;
        CREATE EXTENSION postgis SCHEMA gis;
        """),
    ],
    elsewhere: ["splinter (Supabase database linter): extension_in_public (0014)"])

  /// Extensions a Supabase project already has (`IF NOT EXISTS` is then a
  /// no-op) or that install into a schema of their own whatever the path.
  static let ownSchema: Set<String> = [
    "plpgsql", "pgcrypto", "uuid-ossp", "pg_stat_statements", "pg_graphql", "supabase_vault", "pg_cron", "pg_net",
    "pgsodium", "pgmq", "pg_tle",
  ]

  public var statementKinds: StatementKinds { .createSimple }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase, case .createSimple(let simple) = context.statement.node,
      simple.objectType == .extension
    else { return [] }
    let extensionName = simple.name.name
    if simple.schema == nil, Self.ownSchema.contains(extensionName) { return [] }
    // IF NOT EXISTS of an extension an earlier migration created changes nothing.
    if simple.ifNotExists, context.schema.extensions[extensionName] != nil { return [] }
    let schema = simple.schema?.value ?? context.schema.creationSchema
    guard context.settings.exposedSchemas.contains(schema) || schema == "public" else { return [] }
    let name = SQLName.quoteIfNeeded(extensionName)
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message:
          "Extension \(name) is installed in the exposed schema \(schema): its functions become API endpoints and its names mix with the app's",
        help: String(
          message: """
            Install it in the extensions schema (and qualify its functions, e.g. extensions.similarity(...)):
              CREATE EXTENSION IF NOT EXISTS \(name) WITH SCHEMA extensions;
            An extension already in \(schema) moves with ALTER EXTENSION \(name) SET SCHEMA extensions; (if relocatable).
            """))
    ]
  }
}
