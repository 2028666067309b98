/// Every lint of splinter, Supabase's database linter (supabase/splinter,
/// `lints/*.sql`), and the cslint rule that catches the same problem in a
/// migration, or why only the live database can tell: the table behind the
/// "Coming from Supabase's database linter" section of `Rules/README.md`.
///
/// Like `ForeignRuleIDs.squawk`, the table may name cslint rules not
/// registered yet; the docs leave those out until the rule exists.
public enum SplinterLints {
  /// One splinter lint.
  public struct Lint: Sendable {
    /// splinter's number, e.g. `0013`.
    public var number: String
    /// splinter's name, e.g. `rls_disabled_in_public`.
    public var name: String
    /// splinter's level: `ERROR`, `WARN` or `INFO`.
    public var level: String
    /// The cslint rules that catch it in a migration (empty: none).
    public var cslint: [String]
    /// How the checks differ, or why only a live database can judge it.
    public var note: String?

    init(_ number: String, _ name: String, _ level: String, _ cslint: [String], _ note: String? = nil) {
      self.number = number
      self.name = name
      self.level = level
      self.cslint = cslint
      self.note = note
    }
  }

  /// splinter's lints at its newest commit read (55db5b1, 2026), in its order,
  /// plus 0012, which splinter has since removed.
  public static let all: [Lint] = [
    Lint("0001", "unindexed_foreign_keys", "INFO", ["unindexed-foreign-key"]),
    Lint("0002", "auth_users_exposed", "ERROR", ["auth-users-exposed"]),
    Lint("0003", "auth_rls_initplan", "WARN", ["auth-rls-initplan"]),
    Lint("0004", "no_primary_key", "INFO", ["require-primary-key"]),
    Lint(
      "0005", "unused_index", "INFO", [],
      "live only: whether queries use an index is in the server's statistics (pg_stat_user_indexes)"),
    Lint("0006", "multiple_permissive_policies", "WARN", ["multiple-permissive-policies"]),
    Lint("0007", "policy_exists_rls_disabled", "ERROR", ["policy-exists-rls-disabled"]),
    Lint("0008", "rls_enabled_no_policy", "INFO", ["rls-enabled-no-policy"]),
    Lint("0009", "duplicate_index", "WARN", ["duplicate-index"]),
    Lint("0010", "security_definer_view", "ERROR", ["security-definer-view"]),
    Lint("0011", "function_search_path_mutable", "WARN", ["function-search-path-mutable"]),
    Lint(
      "0012", "auth_allow_anonymous_sign_ins", "WARN", [],
      "live only: an Auth setting of the project, not SQL (removed from splinter since)"),
    Lint("0013", "rls_disabled_in_public", "ERROR", ["rls-disabled-in-public"]),
    Lint(
      "0014", "extension_in_public", "WARN", ["extension-in-public"],
      "cslint skips extensions Supabase preinstalls (a no-op IF NOT EXISTS) or that pick their own schema"),
    Lint("0015", "rls_references_user_metadata", "ERROR", ["rls-references-user-metadata"]),
    Lint(
      "0016", "materialized_view_in_api", "WARN", [],
      "no rule yet; auth-users-exposed reports the materialized views over auth.users"),
    Lint("0017", "foreign_table_in_api", "WARN", [], "no rule yet"),
    Lint("0018", "unsupported_reg_types", "WARN", [], "no rule yet"),
    Lint(
      "0019", "insecure_queue_exposed_in_api", "ERROR", [],
      "live only: queues are created by calling pgmq functions and exposed by a dashboard setting, not by DDL"),
    Lint("0020", "table_bloat", "INFO", [], "live only: bloat is measured on the table's pages and statistics"),
    Lint("0021", "fkey_to_auth_unique", "ERROR", ["fkey-to-auth-unique"]),
    Lint(
      "0022", "extension_versions_outdated", "WARN", [],
      "live only: the versions a server offers (pg_available_extensions) are known only there"),
    Lint(
      "0023", "sensitive_columns_exposed", "ERROR", ["rls-disabled-in-public"],
      "cslint reports every exposed table without RLS, whatever its columns are called"),
    Lint("0024", "rls_policy_always_true", "WARN", ["rls-policy-always-true"]),
    Lint(
      "0025", "public_bucket_allows_listing", "WARN", [],
      "live only: a bucket's public flag is a row of storage.buckets, usually set in the dashboard"),
    Lint(
      "0026", "pg_graphql_anon_table_exposed", "WARN", [],
      "live only: which tables anon can see is a review of the final privileges with pg_graphql installed"),
    Lint(
      "0027", "pg_graphql_authenticated_table_exposed", "WARN", [],
      "live only: which tables signed-in users can see is a review of the final privileges with pg_graphql installed"
    ),
    Lint("0028", "anon_security_definer_function_executable", "WARN", ["security-definer-function-exposed"]),
    Lint(
      "0029", "authenticated_security_definer_function_executable", "WARN", ["security-definer-function-exposed"],
      "cslint reports the function while anon can call it; one revoked from anon and left to signed-in users is taken as intended"
    ),
  ]

  /// Every cslint id the table names.
  public static var namedRuleIDs: Set<String> { Set(all.flatMap(\.cslint)) }
}
