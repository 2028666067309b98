/// Schemas Supabase and its extensions own, shared by the Supabase rules.
public enum SupabaseSchemas {
  /// The schemas splinter (Supabase's database linter) leaves out of its
  /// lints: created and managed by Supabase or by extensions, not by the
  /// project's migrations.
  public static let system: Set<String> = [
    "_timescaledb_cache", "_timescaledb_catalog", "_timescaledb_config", "_timescaledb_internal", "auth", "cron",
    "extensions", "graphql", "graphql_public", "information_schema", "net", "pgmq", "pgroonga", "pgsodium",
    "pgsodium_masks", "pgtle", "pgbouncer", "pg_catalog", "realtime", "repack", "storage", "supabase_functions",
    "supabase_migrations", "tiger", "topology", "vault",
  ]

  /// The default of `managed-schema-change`'s `managed_schemas`: schemas
  /// Supabase's services own, whose objects user roles may not change.
  public static let managed: [String] = [
    "auth", "storage", "realtime", "vault", "supabase_functions", "supabase_migrations", "graphql", "graphql_public",
    "pgsodium", "pgsodium_masks", "net", "cron", "pgbouncer",
  ]
}
