import PostgresSyntax

/// `TRUNCATE` of a table that existed before the file.
public struct TruncateTable: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "truncate-table",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "TRUNCATE deletes every row of a table the running application uses",
    rationale: """
      A migration runs on production too: `TRUNCATE` there deletes every row under an ACCESS \
      EXCLUSIVE lock, while the application running during the deploy still reads and writes the \
      table, and it cannot be undone without a backup. `TRUNCATE ... CASCADE` also empties every \
      table whose foreign keys reference it, and theirs in turn; without `CASCADE` it fails while \
      such a foreign key exists. Silent for tables created earlier in the same file (new and \
      empty) and in down migrations (`down.sql`, `*.down.sql`, goose Down sections).
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Delete only the rows the migration means to, in batches, or move one-off cleanups out of
      -- migrations:
      DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE created_at < now() - interval '90 days' LIMIT 10000);
      """,
    triggering: [
      RuleExample(
        "↓TRUNCATE audit_log;",
        message: "TRUNCATE audit_log deletes every row while running code still uses the table"),
      RuleExample(
        "↓TRUNCATE TABLE public.orders CASCADE;",
        previousMigrations: [
          """
          CREATE TABLE orders (id bigint PRIMARY KEY);
          CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
          """
        ],
        message:
          "TRUNCATE public.orders CASCADE deletes every row of it and of public.order_items (order_items_order_id_fkey)"
      ),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE scratch (id bigint);
        TRUNCATE scratch;
        """),
      RuleExample("DELETE FROM audit_log WHERE id < 100;"),
      RuleExample(
        """
        -- +goose Up
        CREATE TABLE import_rows (id bigint);
        -- +goose Down
        TRUNCATE import_rows;
        """),
    ],
    elsewhere: ["squawk: ban-truncate-cascade (the CASCADE form)"])

  public var statementKinds: StatementKinds { .truncate }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .truncate(let truncate) = context.statement.node else { return [] }
    if context.isDownMigration { return [] }
    let existing = truncate.tables.filter { !context.isNewTable($0) }
    guard !existing.isEmpty else { return [] }
    let names = existing.map(\.displayText).joined(separator: ", ")
    let keys = Set(truncate.tables.compactMap { context.schema.table($0)?.key })
    // Referencing tables the statement does not list itself.
    let referencing = keys.sorted().flatMap { DropTable.references(to: $0, context.schema) }
      .filter { reference in !keys.contains { $0.description == reference.table } }
    let list = referencing.map { "\($0.table) (\(SQLName.quoteIfNeeded($0.constraint)))" }.joined(separator: ", ")
    let message: String
    var help = String(
      message: """
        Delete only the rows you mean to, in batches, while the application keeps running:
          DELETE FROM \(existing[0].displayText) WHERE ctid IN (SELECT ctid FROM \(existing[0].displayText) LIMIT 10000);
        or move the one-off cleanup out of the migrations.
        """)
    if truncate.cascade && !referencing.isEmpty {
      message = String(message: "TRUNCATE \(names) CASCADE deletes every row of it and of \(list)")
    } else {
      let noun = existing.count == 1 ? "the table" : "the tables"
      message = String(message: "TRUNCATE \(names) deletes every row while running code still uses \(noun)")
      if !referencing.isEmpty {
        help += "\nForeign keys reference it (\(list)): without CASCADE the TRUNCATE fails."
      }
    }
    return [context.diagnostic(description, range: context.statement.range, message: message, help: help)]
  }
}
