import PostgresSyntax

/// `ALTER TABLE ... RENAME TO` of a table that existed before the file.
public struct RenameTable: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "rename-table",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "Renaming a table breaks the application code still running while the migration deploys",
    rationale: """
      The rename is instant, but the old release keeps serving requests during the deploy and \
      every query of it that names the old table fails with "relation ... does not exist" (with \
      Supabase, PostgREST clients of the old name get API errors) until the new release is out. \
      Keep the old name working: in the same migration, create a view with the old name over the \
      renamed table (a simple view is updatable, so old code keeps reading and writing), and drop \
      the view in a later release. Silent for tables created earlier in the same file, and in \
      down migrations (`down.sql`, `*.down.sql`, goose Down sections).
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all (`security_invoker` views need 15+)",
    fixAvailability: .none,
    useInstead: """
      -- One migration: rename, and keep the old name as an updatable view.
      ALTER TABLE profiles RENAME TO members;
      CREATE VIEW profiles WITH (security_invoker = true) AS SELECT * FROM members;
      -- A later release, once nothing uses the old name:
      DROP VIEW profiles;
      """,
    triggering: [
      RuleExample(
        "↓ALTER TABLE profiles RENAME TO members;",
        previousMigrations: ["CREATE TABLE profiles (id bigint PRIMARY KEY, username text);"],
        message: "Renaming table profiles to members breaks running code that still uses profiles"),
      RuleExample("↓ALTER TABLE IF EXISTS public.orders RENAME TO purchases;"),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE tags_new (id bigint PRIMARY KEY, label text);
        ALTER TABLE tags_new RENAME TO tags;
        """),
      RuleExample(
        """
        -- +goose Up
        CREATE TABLE members (id bigint PRIMARY KEY);
        -- +goose Down
        ALTER TABLE members RENAME TO members_old;
        """),
      RuleExample("ALTER TABLE profiles RENAME COLUMN bio TO about;"),
      RuleExample("ALTER VIEW active_profiles RENAME TO active_members;"),
    ],
    elsewhere: ["squawk: renaming-table", "strong_migrations: rename_table", "Atlas: BC101"])

  public var statementKinds: StatementKinds { .rename }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .rename(let rename) = context.statement.node, rename.objectType == .table,
      let new = rename.newName
    else { return [] }
    if context.isDownMigration || context.isNewTable(rename.target) { return [] }
    let table = rename.target.displayText
    let oldName = SQLName.quoteIfNeeded(rename.target.name)
    let newName = SQLName.quoteIfNeeded(new.value)
    // The view takes the old name in the table's schema.
    var renamed = rename.target
    if !renamed.parts.isEmpty { renamed.parts[renamed.parts.count - 1] = new }
    let invoker = context.settings.postgresVersion >= 15 ? " WITH (security_invoker = true)" : ""
    var help = String(
      message: """
        Keep the old name working while old code runs: in the same migration, rename and create an updatable \
        view with the old name:
          ALTER TABLE \(table) RENAME TO \(newName);
          CREATE VIEW \(table)\(invoker) AS SELECT * FROM \(renamed.displayText);
        then, in a later release once nothing uses \(oldName), drop the view:
          DROP VIEW \(table);
        """)
    if context.settings.runner == .supabase {
      help += "\nPostgREST (supabase-js) clients that query \(oldName) get errors after a rename without the view."
    }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: "Renaming table \(table) to \(newName) breaks running code that still uses \(oldName)"), help: help)
    ]
  }
}
