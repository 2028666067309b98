import PostgresSyntax

/// `ALTER COLUMN ... DROP NOT NULL` on a table that existed before the file.
public struct DropNotNull: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "drop-not-null",
    category: .compatibility,
    defaultSeverity: .info,
    summary: "Dropping NOT NULL lets NULLs reach code that assumes the column is always set",
    rationale: """
      The statement itself is instant and safe for writers, but once any row holds NULL, readers \
      that assumed the column is always set break: non-optional fields in generated types \
      (supabase-js, Prisma, sqlc), serializers, `WHERE col = ...` that silently skips NULLs, \
      aggregates and unique constraints that treat NULLs apart. Ship readers that handle NULL \
      first. Silent for tables created, and columns added, earlier in the same file, for columns \
      the replayed schema knows to be nullable already, and in down migrations.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Release 1: deploy readers that handle a NULL profiles.username.
      -- Release 2, a later migration:
      ALTER TABLE profiles ALTER COLUMN username DROP NOT NULL;
      """,
    triggering: [
      RuleExample(
        "ALTER TABLE profiles ALTER COLUMN ↓username DROP NOT NULL;",
        previousMigrations: ["CREATE TABLE profiles (id bigint PRIMARY KEY, username text NOT NULL);"],
        message: "Dropping NOT NULL on profiles.username lets NULLs reach code that assumes it is always set"),
      RuleExample("ALTER TABLE public.orders ALTER ↓status DROP NOT NULL, ALTER ↓customer_id DROP NOT NULL;"),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE tags (id bigint PRIMARY KEY, label text NOT NULL);
        ALTER TABLE tags ALTER COLUMN label DROP NOT NULL;
        """),
      RuleExample(
        "ALTER TABLE profiles ALTER COLUMN bio DROP NOT NULL;",
        previousMigrations: ["CREATE TABLE profiles (id bigint PRIMARY KEY, bio text);"]),
      RuleExample(
        """
        -- +goose Up
        CREATE TABLE tags (id bigint PRIMARY KEY, label text NOT NULL);
        -- +goose Down
        ALTER TABLE tags ALTER COLUMN label DROP NOT NULL;
        """),
      RuleExample("ALTER TABLE profiles ALTER COLUMN username SET NOT NULL;"),
    ],
    elsewhere: ["squawk: ban-drop-not-null"])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table,
      alter.commands.contains(where: {
        if case .dropNotNull = $0.action { return true }
        return false
      })
    else { return [] }
    if context.isDownMigration || context.isNewTable(alter.name) { return [] }
    var diagnostics: [Diagnostic] = []
    for command in alter.commands {
      guard case .dropNotNull(let column) = command.action else { continue }
      if MissingIfExists.addedEarlier(column: column.value, table: alter.name, context) { continue }
      // Known to be nullable already: the statement changes nothing.
      if let table = context.schema.table(alter.name), !table.isUncertain,
        let info = table.column(column.value), !info.notNull
      {
        continue
      }
      let table = alter.name.displayText
      let name = SQLName.quoteIfNeeded(column.value)
      diagnostics.append(
        context.diagnostic(
          description, range: column.range.lowerBound..<command.range.upperBound,
          message: String(
            message: "Dropping NOT NULL on \(table).\(name) lets NULLs reach code that assumes it is always set"),
          help: String(
            message: """
              Deploy code that handles a NULL \(name) first (optional fields in generated types, serializers, \
              comparisons), then drop the constraint:
                ALTER TABLE \(table) ALTER COLUMN \(name) DROP NOT NULL;
              """)))
    }
    return diagnostics
  }
}
