/// Rule ids of squawk, the migration linter most cslint users come from,
/// and the cslint rules that do the same check: the one table both the
/// rule reference (`Rules/README.md`, "Coming from squawk, ...") and the
/// `-- squawk-ignore` comments read.
///
/// The table may name cslint rules not registered yet (rules being added);
/// such targets are left out of the docs and of suppression until the rule
/// exists (`pendingSquawkTargets` lists them).
public enum ForeignRuleIDs {
  /// One squawk rule and what it becomes in cslint.
  public struct SquawkRule: Sendable {
    /// squawk's id, e.g. `ban-drop-column`.
    public var id: String
    /// The cslint rules that make the same check (empty: none yet).
    public var cslint: [String]
    /// How the checks differ, for the docs (nil: the same check).
    public var note: String?

    init(_ id: String, _ cslint: [String], _ note: String? = nil) {
      self.id = id
      self.cslint = cslint
      self.note = note
    }
  }

  /// Every rule of squawk 2.70 (`squawk --exclude` accepts exactly these,
  /// plus the aliases in `squawkAliases`), in squawk's own order.
  public static let squawk: [SquawkRule] = [
    SquawkRule("require-concurrent-index-creation", ["require-concurrent-index-creation"]),
    SquawkRule("require-concurrent-index-deletion", ["require-concurrent-index-deletion"]),
    SquawkRule("constraint-missing-not-valid", ["constraint-missing-not-valid"]),
    SquawkRule(
      "adding-field-with-default", ["volatile-default"],
      "cslint reports only volatile defaults (and constant ones before PostgreSQL 11): the rest do not rewrite"),
    SquawkRule(
      "adding-foreign-key-constraint", ["constraint-missing-not-valid"],
      "one cslint rule for every constraint added without NOT VALID"),
    SquawkRule("changing-column-type", ["changing-column-type"]),
    SquawkRule("adding-not-nullable-field", ["set-not-null-scan"]),
    SquawkRule(
      "adding-serial-primary-key-field", ["unique-constraint-without-index"],
      "a primary key added without an index built first"),
    SquawkRule("renaming-column", ["rename-column"]),
    SquawkRule("renaming-table", ["rename-table"]),
    SquawkRule("disallowed-unique-constraint", ["unique-constraint-without-index"]),
    SquawkRule("ban-drop-database", ["ban-drop-database"]),
    SquawkRule("prefer-bigint-over-int", ["prefer-bigint"], "one cslint rule for int and smallint keys"),
    SquawkRule("prefer-bigint-over-smallint", ["prefer-bigint"], "one cslint rule for int and smallint keys"),
    SquawkRule("prefer-identity", ["prefer-identity"]),
    SquawkRule("prefer-repack", []),
    SquawkRule(
      "prefer-robust-stmts", ["missing-if-not-exists", "missing-if-exists"],
      "two cslint rules: CREATE without IF NOT EXISTS, DROP without IF EXISTS"),
    SquawkRule("prefer-text-field", ["prefer-text"]),
    SquawkRule("prefer-timestamp-tz", ["prefer-timestamptz"]),
    SquawkRule("ban-char-field", ["ban-char-type"]),
    SquawkRule("ban-drop-column", ["drop-column"]),
    SquawkRule("ban-drop-table", ["drop-table"]),
    SquawkRule("ban-drop-not-null", ["drop-not-null"]),
    SquawkRule("transaction-nesting", ["transaction-nesting"]),
    SquawkRule("adding-required-field", ["adding-required-column"]),
    SquawkRule(
      "ban-concurrent-index-creation-in-transaction", ["concurrently-in-transaction"],
      "cslint also knows the transaction the runner opens"),
    SquawkRule(
      "ban-create-domain-with-constraint", ["ban-domain-constraint"], "one cslint rule for CREATE and ALTER DOMAIN"),
    SquawkRule(
      "ban-alter-domain-with-add-constraint", ["ban-domain-constraint"], "one cslint rule for CREATE and ALTER DOMAIN"),
    SquawkRule(
      "ban-truncate-cascade", ["truncate-table"], "cslint reports every TRUNCATE of an existing table, CASCADE or not"),
    SquawkRule(
      "require-timeout-settings", ["require-lock-timeout", "require-statement-timeout"],
      "two cslint rules, one per setting"),
    SquawkRule("ban-uncommitted-transaction", ["uncommitted-transaction"]),
    SquawkRule("require-enum-value-ordering", ["require-enum-value-ordering"]),
    SquawkRule("require-table-schema", []),
    SquawkRule("identifier-too-long", ["identifier-too-long"]),
    SquawkRule("require-concurrent-partition-detach", ["require-concurrent-partition-detach"]),
    SquawkRule("require-concurrent-reindex", ["require-concurrent-reindex"]),
    SquawkRule("require-lock-timeout", ["require-lock-timeout"]),
    SquawkRule("require-statement-timeout", ["require-statement-timeout"]),
    SquawkRule(
      "ban-drop-view", ["drop-object"],
      "one cslint rule for views, functions, types, sequences, extensions, policies, constraints"),
    SquawkRule(
      "ban-drop-function", ["drop-object"],
      "one cslint rule for views, functions, types, sequences, extensions, policies, constraints"),
    SquawkRule(
      "ban-drop-type", ["drop-object"],
      "one cslint rule for views, functions, types, sequences, extensions, policies, constraints"),
    SquawkRule("ban-drop-schema", ["drop-schema"]),
    SquawkRule(
      "ban-drop-sequence", ["drop-object"],
      "one cslint rule for views, functions, types, sequences, extensions, policies, constraints"),
    SquawkRule(
      "ban-drop-domain", ["drop-object"],
      "one cslint rule for views, functions, types, sequences, extensions, policies, constraints"),
    SquawkRule(
      "ban-drop-constraint", ["drop-object"],
      "cslint reports dropped primary keys and unique constraints, which upserts rely on"),
    SquawkRule("ban-drop-generated-expression", []),
    SquawkRule("renaming-object", ["rename-object"]),
    SquawkRule("ban-set-schema", []),
    SquawkRule("ban-alter-identity", []),
    SquawkRule(
      "ban-drop-extension", ["drop-object"],
      "one cslint rule for views, functions, types, sequences, extensions, policies, constraints"),
    SquawkRule("ban-alter-generated-expression", []),
    SquawkRule(
      "ban-drop-index", [],
      "dropping an index breaks no query; require-concurrent-index-deletion reviews how it is dropped"),
    SquawkRule("ban-set-default", []),
    SquawkRule("ban-disable-trigger", []),
    SquawkRule("ban-replica-identity", []),
    SquawkRule(
      "ban-drop-policy", ["drop-object"],
      "one cslint rule for views, functions, types, sequences, extensions, policies, constraints"),
    SquawkRule("ban-revoke", []),
    SquawkRule("ban-replace-view-function", []),
    SquawkRule("ban-alter-policy-condition", []),
    SquawkRule("ban-alter-policy-roles", []),
    SquawkRule("ban-create-policy", []),
    SquawkRule("ban-alter-function-options", []),
    SquawkRule("ban-alter-view-options", []),
    SquawkRule("ban-alter-role-options", []),
    SquawkRule("ban-alter-database-options", []),
    SquawkRule("ban-alter-row-level-security", []),
    SquawkRule("ban-new-write-restriction", []),
    SquawkRule("ban-add-enum-value", []),
    SquawkRule("ban-add-composite-attribute", []),
    SquawkRule("ban-add-column", []),
    SquawkRule("ban-detach-inheritance", []),
    SquawkRule("ban-alter-sequence-values", []),
    SquawkRule("ban-alter-system-options", []),
    SquawkRule("ban-alter-extension", []),
  ]

  /// Older or alternative spellings squawk still accepts, with the id they stand for.
  public static let squawkAliases: [String: String] = ["prefer-timestamptz": "prefer-timestamp-tz"]

  private static let squawkByID: [String: SquawkRule] = Dictionary(
    squawk.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

  /// The squawk rule an id (or alias) names; nil for an id squawk does not have.
  public static func squawkRule(_ id: String) -> SquawkRule? {
    squawkByID[squawkAliases[id] ?? id]
  }

  /// The registered cslint rules a squawk id maps to: empty for a squawk
  /// rule with no cslint equivalent (yet), nil for an unknown squawk id.
  public static func cslintIDs(forSquawk id: String, registered: Set<String> = RuleRegistry.knownIDs) -> [String]? {
    squawkRule(id).map { $0.cslint.filter(registered.contains) }
  }

  /// `(squawk id, cslint id)` pairs whose cslint rule is not registered:
  /// rules still being written. Shown by a test so they are not forgotten.
  public static func pendingSquawkTargets(registered: Set<String> = RuleRegistry.knownIDs) -> [(
    squawk: String, cslint: String
  )] {
    squawk.flatMap { rule in rule.cslint.filter { !registered.contains($0) }.map { (squawk: rule.id, cslint: $0) } }
  }

  /// Every cslint rule some squawk rule maps to (what a bare
  /// `-- squawk-ignore-file` silences).
  public static func allSquawkTargets(registered: Set<String> = RuleRegistry.knownIDs) -> [String] {
    var seen = Set<String>()
    return squawk.flatMap(\.cslint).filter { registered.contains($0) && seen.insert($0).inserted }
  }

  /// The `(tool, id)` a rule's `elsewhere:` entry names, e.g.
  /// `"squawk: ban-truncate-cascade (the CASCADE form)"` → `("squawk", "ban-truncate-cascade")`.
  /// nil for entries of another shape.
  public static func parseElsewhere(_ entry: String) -> (tool: String, id: String)? {
    guard let colon = entry.firstIndex(of: ":") else { return nil }
    let tool = String(entry[..<colon]).trimming(" ")
    let rest = String(entry[entry.index(after: colon)...]).trimming(" ")
    guard !tool.isEmpty, let id = rest.split(separator: " ").first else { return nil }
    return (tool, String(id))
  }
}
