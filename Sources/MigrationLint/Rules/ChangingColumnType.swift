import PostgresSyntax

/// `ALTER COLUMN ... TYPE` that rewrites an existing table.
public struct ChangingColumnType: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "changing-column-type",
    category: .locking,
    defaultSeverity: .error,
    summary: "Changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE lock",
    rationale: """
      `ALTER TABLE ... ALTER COLUMN ... TYPE` holds an ACCESS EXCLUSIVE lock (no reads, no writes) and, \
      unless the change is binary coercible, copies every row into a new file and rebuilds every index \
      of the table: on a large table that is minutes of downtime. Binary-coercible changes only touch \
      the catalog and are not reported: `varchar(n)` to a wider `varchar` or to `text`, a wider \
      `numeric` precision with the same scale, removing a length limit. A `USING` clause always \
      rewrites. When the column's current type is unknown (the table was not created by these \
      migrations) the finding says the change may rewrite. Tables created earlier in the same file are \
      new and unseen by other sessions: the rule is silent on them.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      ALTER TABLE orders ADD COLUMN quantity_new bigint;
      -- backfill quantity_new in batches, keep it in sync (trigger or application), then in a later migration:
      -- ALTER TABLE orders DROP COLUMN quantity;
      -- ALTER TABLE orders RENAME COLUMN quantity_new TO quantity;
      """,
    triggering: [
      RuleExample(
        "ALTER TABLE orders ALTER COLUMN ↓quantity TYPE bigint;",
        previousMigrations: ["CREATE TABLE orders (id bigint PRIMARY KEY, quantity int);"],
        message: """
          Changing orders.quantity from int to bigint rewrites orders and its indexes under an \
          ACCESS EXCLUSIVE lock, blocking reads and writes
          """),
      RuleExample(
        "ALTER TABLE accounts ALTER COLUMN ↓balance TYPE numeric(12, 2);",
        message: """
          Changing accounts.balance to numeric(12, 2) may rewrite accounts and its indexes under an ACCESS \
          EXCLUSIVE lock (its current type is unknown to cslint)
          """),
      RuleExample(
        "ALTER TABLE users ALTER COLUMN ↓nickname TYPE varchar(20);",
        previousMigrations: ["CREATE TABLE users (id bigint PRIMARY KEY, nickname varchar(50));"]),
      RuleExample(
        "ALTER TABLE users ALTER COLUMN ↓nickname TYPE text USING trim(nickname);",
        previousMigrations: ["CREATE TABLE users (id bigint PRIMARY KEY, nickname varchar(50));"]),
    ],
    nonTriggering: [
      // From PostgreSQL 12 with the session TimeZone in UTC (Supabase's default) the rows are kept.
      RuleExample(
        "ALTER TABLE events ALTER COLUMN starts_at TYPE timestamptz;",
        previousMigrations: ["CREATE TABLE events (id bigint PRIMARY KEY, starts_at timestamp);"]),
      RuleExample(
        "ALTER TABLE users ALTER COLUMN nickname TYPE varchar(100);",
        previousMigrations: ["CREATE TABLE users (id bigint PRIMARY KEY, nickname varchar(50));"]),
      RuleExample(
        "ALTER TABLE users ALTER COLUMN nickname TYPE text;",
        previousMigrations: ["CREATE TABLE users (id bigint PRIMARY KEY, nickname varchar(50));"]),
      RuleExample(
        "ALTER TABLE prices ALTER COLUMN amount TYPE numeric(14, 2);",
        previousMigrations: ["CREATE TABLE prices (id bigint PRIMARY KEY, amount numeric(10, 2));"]),
      RuleExample(
        """
        CREATE TABLE tags (id int PRIMARY KEY, label varchar(20));
        ALTER TABLE tags ALTER COLUMN id TYPE bigint;
        """),
    ],
    elsewhere: [
      "squawk: changing-column-type", "strong_migrations: change_column", "eugene: E5 (type change rewrites)",
    ])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table else { return [] }
    // The engine's verdict for the whole statement first: silent on new tables and non-rewrites.
    // Read in the cache: `context.effects` copies all of the effects out.
    context.computeEffectsIfNeeded()
    guard let effect = context.effectsCache.value?.relations.first, effect.existedBefore, effect.rewrite else {
      return []
    }
    let table = context.schema.tables[context.schema.resolve(alter.name, in: context.schema.tables)]
    let tableName = alter.name.displayText
    var diagnostics: [Diagnostic] = []
    for command in alter.commands {
      guard case .alterColumnType(let column, let typeName, let using, _) = command.action else { continue }
      let old = table?.column(column.value)?.typeName
      // The same test the engine applies, per sub-command: another one may be the rewrite.
      if using == nil, let old, ColumnTypeChange.isBinaryCoercible(from: old, to: typeName) { continue }
      // timestamp <-> timestamptz: no rewrite from 12 while the session TimeZone is UTC (Supabase's default).
      if using == nil, context.settings.postgresVersion >= 12, let old,
        ColumnTypeChange.isTimeZoneChange(from: old, to: typeName)
      {
        continue
      }
      let columnName = SQLName.quoteIfNeeded(column.value)
      let message: String
      if let old {
        // An enum recreated under the same name: "from x to x" would read as a no-op.
        let from = old.lowercased() == typeName.lowercased() ? "" : " from \(old)"
        message = String(
          message: """
            Changing \(tableName).\(columnName)\(from) to \(typeName) rewrites \(tableName) and its indexes \
            under an \(effect.lock.sqlName) lock, blocking \(effect.blocks.rawValue)
            """)
      } else {
        message = String(
          message: """
            Changing \(tableName).\(columnName) to \(typeName) may rewrite \(tableName) and its indexes under an \
            \(effect.lock.sqlName) lock (its current type is unknown to cslint)
            """)
      }
      let newColumn = SQLName.quoteIfNeeded(String("\(column.value)_new".prefix(63)))
      diagnostics.append(
        context.diagnostic(
          description, range: column.range, message: message,
          help: String(
            message: """
              Add a new column instead, backfill it in batches while the application writes both, and swap \
              the columns in a later migration:
                ALTER TABLE \(tableName) ADD COLUMN \(newColumn) \(typeName);
              """)))
    }
    return diagnostics
  }
}
