import PostgresSyntax

/// `ALTER TABLE ... RENAME COLUMN` on a table that existed before the file.
public struct RenameColumn: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "rename-column",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "Renaming a column breaks the application code still running while the migration deploys",
    rationale: """
      The rename is instant, but the old release keeps serving requests during the deploy and \
      every query of it that names the old column fails with "column ... does not exist" \
      (with Supabase, PostgREST clients that select or filter on it get API errors) until the new \
      release is out. Rename in steps instead: add the new column, write both, backfill, switch \
      reads, and drop the old column in a later release. Silent for tables created, and columns \
      added, earlier in the same file, and in down migrations (`down.sql`, `*.down.sql`, goose \
      Down sections).
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Migration 1: add the new column; deploy code that writes both.
      ALTER TABLE profiles ADD COLUMN display_name text;
      -- Backfill (in batches on a large table), then deploy code that reads display_name.
      UPDATE profiles SET display_name = username WHERE display_name IS NULL;
      -- Migration 2, a later release: drop the old column.
      ALTER TABLE profiles DROP COLUMN username;
      """,
    triggering: [
      RuleExample(
        "↓ALTER TABLE profiles RENAME COLUMN username TO display_name;",
        previousMigrations: ["CREATE TABLE profiles (id bigint PRIMARY KEY, username text);"],
        message: "Renaming column profiles.username to display_name breaks running code that still uses username"),
      RuleExample(
        "↓ALTER TABLE IF EXISTS public.orders RENAME status TO state;",
        previousMigrations: ["CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);"]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE tags (id bigint PRIMARY KEY, lable text);
        ALTER TABLE tags RENAME COLUMN lable TO label;
        """),
      RuleExample(
        """
        ALTER TABLE profiles ADD COLUMN nick text;
        ALTER TABLE profiles RENAME COLUMN nick TO nickname;
        """),
      RuleExample(
        """
        -- +goose Up
        CREATE TABLE tags (id bigint PRIMARY KEY, label text);
        -- +goose Down
        ALTER TABLE tags RENAME COLUMN label TO old_label;
        """),
      RuleExample("ALTER TABLE profiles RENAME CONSTRAINT profiles_username_key TO profiles_handle_key;"),
    ],
    elsewhere: ["squawk: renaming-column", "strong_migrations: rename_column", "Atlas: BC102"])

  public var statementKinds: StatementKinds { .rename }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .rename(let rename) = context.statement.node, rename.objectType == .column,
      let old = rename.oldName, let new = rename.newName
    else { return [] }
    if context.isDownMigration || context.isNewTable(rename.target) { return [] }
    if MissingIfExists.addedEarlier(column: old.value, table: rename.target, context) { return [] }
    let table = rename.target.displayText
    let oldName = SQLName.quoteIfNeeded(old.value)
    let newName = SQLName.quoteIfNeeded(new.value)
    let type = context.schema.table(rename.target)?.column(old.value)?.typeName ?? "<type>"
    var help = String(
      message: """
        Rename in steps so running code keeps working (expand/contract): add the new column and deploy code \
        that writes both:
          ALTER TABLE \(table) ADD COLUMN \(newName) \(type);
        backfill it (in batches on a large table), then deploy code that reads \(newName):
          UPDATE \(table) SET \(newName) = \(oldName) WHERE \(newName) IS NULL;
        in a later release, once nothing uses \(oldName), drop it:
          ALTER TABLE \(table) DROP COLUMN \(oldName);
        """)
    if context.settings.runner == .supabase {
      help += "\nPostgREST (supabase-js) clients that select or filter on \(oldName) get errors after a rename."
    }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: "Renaming column \(table).\(oldName) to \(newName) breaks running code that still uses \(oldName)"),
        help: help)
    ]
  }
}
