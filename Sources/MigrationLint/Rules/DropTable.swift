import PostgresSyntax

/// `DROP TABLE` of a table that existed before the file.
public struct DropTable: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "drop-table",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "Dropping a table breaks the application code still running while the migration deploys",
    rationale: """
      During a deploy the old release keeps serving requests after the migration ran: every query \
      of it that reads or writes the table fails with "relation ... does not exist", and the rows \
      are gone for good. Drop a table in two releases: first ship code that no longer uses it, then \
      drop it. Foreign keys of other tables that reference it make `DROP TABLE` fail, and with \
      `CASCADE` are dropped silently. Silent for tables created earlier in the same file (temporary \
      and scratch tables included), for `DROP TABLE IF EXISTS` of a table no migration created, and \
      in down migrations (`down.sql`, `*.down.sql`, goose Down sections), which exist to undo.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Release 1: deploy code that no longer reads or writes legacy_events.
      -- Release 2, a later migration:
      DROP TABLE IF EXISTS legacy_events;
      """,
    triggering: [
      RuleExample(
        "↓DROP TABLE legacy_events;",
        message: "Dropping table legacy_events breaks running code that still uses it, and deletes its rows"),
      RuleExample(
        "↓DROP TABLE IF EXISTS public.orders CASCADE;",
        previousMigrations: [
          """
          CREATE TABLE orders (id bigint PRIMARY KEY);
          CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
          """
        ]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TEMP TABLE import_rows (id bigint, payload jsonb);
        DROP TABLE import_rows;
        """),
      RuleExample(
        """
        -- +goose Up
        CREATE TABLE notes (id bigint PRIMARY KEY);
        -- +goose Down
        DROP TABLE notes;
        """),
      RuleExample("DROP TABLE IF EXISTS never_created;"),
      RuleExample("DROP VIEW legacy_report;"),
    ],
    elsewhere: ["squawk: ban-drop-table", "Atlas: DS102"])

  /// The foreign keys of other tables that reference `key`, as `(table, constraint)`.
  static func references(to key: ObjectKey, _ schema: SchemaState) -> [(table: String, constraint: String)] {
    schema.tablesReferencing(key).flatMap { table in
      table.constraints.filter { $0.kind == .foreignKey && $0.referencedTable == key }
        .map { (table: table.key.description, constraint: $0.name) }
    }
  }

  public var statementKinds: StatementKinds { .drop }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .drop(let drop) = context.statement.node, drop.objectType == .table else { return [] }
    if context.isDownMigration { return [] }
    let schema = context.schema
    let existing = drop.names.filter { name in
      if context.isNewTable(name) { return false }
      // `IF EXISTS` of a table no migration created: a no-op cleanup.
      return !(drop.ifExists && schema.table(name) == nil)
    }
    guard !existing.isEmpty else { return [] }
    let names = existing.map(\.displayText).joined(separator: ", ")
    let noun = existing.count == 1 ? "table" : "tables"
    var help = String(
      message: """
        Drop the \(noun) in two releases: deploy code that no longer reads or writes \(names); \
        then, in a later release, drop \(existing.count == 1 ? "it" : "them"):
          DROP TABLE IF EXISTS \(names)\(drop.cascade ? " CASCADE" : "");
        """)
    let referencing = existing.flatMap { name in
      schema.table(name).map { Self.references(to: $0.key, schema) } ?? []
    }
    if !referencing.isEmpty {
      let list = referencing.map { "\($0.table) (\(SQLName.quoteIfNeeded($0.constraint)))" }
        .joined(separator: ", ")
      help += "\nForeign keys reference it: \(list); without CASCADE the drop fails, with CASCADE they are dropped."
    }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message:
          "Dropping \(noun) \(names) breaks running code that still uses \(existing.count == 1 ? "it" : "them"), and deletes \(existing.count == 1 ? "its" : "their") rows",
        help: help)
    ]
  }
}
