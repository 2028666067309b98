import PostgresSyntax

/// `DROP DATABASE` in a migration.
public struct BanDropDatabase: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "ban-drop-database",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "DROP DATABASE in a migration deletes a whole database wherever the migration runs",
    rationale: """
      Migrations run on every environment, production included: `DROP DATABASE` there deletes every \
      table and row of a database the application may be connected to, and nothing but a backup \
      brings it back. Creating and dropping databases is provisioning, not schema change: do it by \
      hand or in infrastructure code. (`DROP DATABASE` also cannot run inside a transaction block, \
      so most runners fail on it anyway.) Reported in down migrations too: a rollback should not \
      delete a database.
      """,
    lock: nil,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Not in a migration: drop databases by hand or in provisioning code, after a backup.
      """,
    triggering: [
      RuleExample(
        "↓DROP DATABASE analytics;",
        message: "DROP DATABASE analytics deletes a whole database wherever this migration runs"),
      RuleExample("↓drop database if exists \"Staging\" with (force);"),
    ],
    nonTriggering: [
      RuleExample("DROP SCHEMA IF EXISTS analytics CASCADE;"),
      RuleExample("DROP TABLE IF EXISTS database;"),
      RuleExample("ALTER DATABASE postgres SET timezone TO 'UTC';"),
    ],
    elsewhere: ["squawk: ban-drop-database"])

  public var statementKinds: StatementKinds { .other }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.statement.kind == "DropdbStmt" else { return [] }
    // DROP DATABASE [IF EXISTS] name [WITH (...)]
    var words = context.statementCodeTokens.dropFirst(2)
    if let first = words.first, context.text(of: first).lowercased() == "if" { words = words.dropFirst(2) }
    let name = words.first.map { context.text(of: $0) } ?? "database"
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(message: "DROP DATABASE \(name) deletes a whole database wherever this migration runs"),
        help: "Remove it from the migration: drop databases by hand or in provisioning code, after a backup.")
    ]
  }
}
