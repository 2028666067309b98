import PostgresSyntax

/// `ALTER TABLE ... DROP COLUMN` on a table that existed before the file.
public struct DropColumn: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "drop-column",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "Dropping a column breaks the application code still running while the migration deploys",
    rationale: """
      During a deploy the old release keeps serving requests after the migration ran: every query \
      of it that names the column (and every ORM that lists all columns it cached at startup, \
      `SELECT *` into a fixed struct, an `INSERT` that sets it) fails with "column ... does not \
      exist" until the new release is out. Remove a column in two releases: first ship code that \
      no longer uses it, then drop it. Silent for tables created, and columns added, earlier in \
      the same file (no running code knows them), for a column dropped and added again by the same \
      statement (reset, not removed), for `DROP COLUMN IF EXISTS` of a column no \
      migration created, and in down migrations (`down.sql`, \
      `*.down.sql`, goose Down sections), which exist to undo.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Release 1: deploy code that no longer reads or writes notes.legacy_flag
      -- (an ORM must be told to ignore the column, e.g. Rails' ignored_columns).
      -- Release 2, a later migration:
      ALTER TABLE notes DROP COLUMN legacy_flag;
      """,
    triggering: [
      RuleExample(
        "ALTER TABLE notes ↓DROP COLUMN legacy_flag;",
        previousMigrations: ["CREATE TABLE notes (id bigint PRIMARY KEY, legacy_flag boolean NOT NULL);"],
        message: "Dropping column notes.legacy_flag breaks running code that still reads or writes it"),
      RuleExample(
        "ALTER TABLE public.profiles ↓DROP COLUMN IF EXISTS avatar_url, ↓DROP COLUMN bio CASCADE;",
        previousMigrations: ["CREATE TABLE profiles (id bigint PRIMARY KEY, avatar_url text, bio text);"]),
      RuleExample("ALTER TABLE orders ↓DROP COLUMN status;"),
    ],
    nonTriggering: [
      RuleExample("ALTER TABLE settings DROP COLUMN theme, ADD COLUMN theme text NOT NULL DEFAULT 'light';"),
      RuleExample(
        """
        CREATE TABLE tags (id bigint PRIMARY KEY, label text);
        ALTER TABLE tags DROP COLUMN label;
        """),
      RuleExample(
        """
        ALTER TABLE notes ADD COLUMN draft_body text;
        ALTER TABLE notes DROP COLUMN draft_body;
        """),
      RuleExample(
        """
        -- +goose Up
        ALTER TABLE notes ADD COLUMN legacy_flag boolean;
        -- +goose Down
        ALTER TABLE notes DROP COLUMN legacy_flag;
        """),
      RuleExample(
        "ALTER TABLE notes DROP COLUMN IF EXISTS legacy_flag;",
        previousMigrations: ["CREATE TABLE notes (id bigint PRIMARY KEY, body text);"]),
    ],
    elsewhere: ["squawk: ban-drop-column", "strong_migrations: remove_column", "Atlas: DS103"])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table,
      alter.commands.contains(where: {
        if case .dropColumn = $0.action { return true }
        return false
      })
    else { return [] }
    if context.isDownMigration || context.isNewTable(alter.name) { return [] }
    var diagnostics: [Diagnostic] = []
    for command in alter.commands {
      guard case .dropColumn(let column, let ifExists, _, _) = command.action else { continue }
      if MissingIfExists.addedEarlier(column: column.value, table: alter.name, context) { continue }
      // `DROP COLUMN c, ADD COLUMN c ...`: the column is reset, not removed;
      // queries that name it keep working.
      if alter.commands.contains(where: { Self.adds(column.value, $0.action) }) { continue }
      if ifExists && !Self.mayExist(column: column.value, table: alter.name, context.schema) { continue }
      // `ALTER TABLE IF EXISTS` of a table no migration created: nothing to drop.
      if alter.ifExists && context.schema.table(alter.name) == nil { continue }
      let table = alter.name.displayText
      let name = SQLName.quoteIfNeeded(column.value)
      var steps = "Drop the column in two releases (expand/contract):\n"
      if context.schema.table(alter.name)?.column(column.value)?.notNull == true {
        steps += """
          first let inserts that no longer set it succeed:
            ALTER TABLE \(table) ALTER COLUMN \(name) DROP NOT NULL;

          """
      }
      steps += """
        deploy code that no longer reads or writes \(name) (tell an ORM to ignore it); \
        then, in a later release, drop it:
          ALTER TABLE \(table) DROP COLUMN IF EXISTS \(name);
        """
      diagnostics.append(
        context.diagnostic(
          description, range: command.range,
          message: String(
            message: "Dropping column \(table).\(name) breaks running code that still reads or writes it"),
          help: steps))
    }
    return diagnostics
  }

  static func adds(_ column: String, _ action: AlterTableAction) -> Bool {
    if case .addColumn(let definition, _, _) = action { return definition.name.value == column }
    return false
  }

  /// False when the migrations replayed so far never created the column:
  /// `DROP COLUMN IF EXISTS` of it is a no-op cleanup. An unknown table, or
  /// one whose columns are uncertain (`LIKE`, a view-based copy), may have it.
  static func mayExist(column: String, table name: QualifiedName, _ schema: SchemaState) -> Bool {
    guard let table = schema.table(name) else { return true }
    return table.isUncertain || table.column(column) != nil
  }
}
