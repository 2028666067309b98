import PostgresSyntax

/// `UPDATE` / `DELETE` without `WHERE`, or `INSERT ... SELECT` from an
/// existing table, into a table that existed before the file: a data
/// migration of every row in one statement.
public struct UnbatchedBackfill: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "unbatched-backfill",
    category: .locking,
    defaultSeverity: .warning,
    summary: "Backfills every row of an existing table in one statement of the schema migration",
    rationale: """
      An `UPDATE` or `DELETE` without `WHERE` changes every row of the table in one statement, and an \
      `INSERT ... SELECT` copies every row its query reads: on a production-sized table that is one \
      long transaction. Every changed row stays locked until it commits (concurrent updates of those \
      rows wait, and a deadlock with the application becomes likely), the write-ahead log grows by a \
      copy of the table (replicas fall behind, disk fills), dead row versions bloat the table, and \
      the schema changes of the same migration keep their locks all that time. Backfill in batches \
      by key range, each committed on its own, outside the schema migration (a script or a job run \
      after the deploy). Seed data is not a backfill and is not reported: `INSERT ... VALUES`, an \
      `INSERT ... SELECT` with a `WHERE` (a lookup) or a `VALUES` list joined to lookup tables, and a \
      `DELETE` of a table the same file refills with `INSERT ... VALUES` (reference data reloaded). \
      Tables created earlier in the same file are new and empty: the rule is silent on \
      them, and on `INSERT ... SELECT` that reads only such tables.
      """,
    lock: "ROW EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Outside the migration, repeated until it updates no row (each run its own transaction):
      UPDATE orders SET status = 'open'
      WHERE id IN (SELECT id FROM orders WHERE status IS NULL ORDER BY id LIMIT 5000);
      """,
    triggering: [
      RuleExample(
        "↓UPDATE orders SET status = 'open';",
        message: """
          UPDATE orders without WHERE changes every row in one transaction: each row stays locked \
          until it commits, and the write-ahead log grows by a copy of the table
          """),
      RuleExample("↓DELETE FROM audit_log;"),
      RuleExample(
        "↓INSERT INTO order_archive (id, total) SELECT id, total FROM orders;",
        message: """
          INSERT INTO order_archive ... SELECT copies every row its query reads from orders in one \
          transaction: the rows stay locked until it commits, and the write-ahead log grows by as much
          """),
    ],
    nonTriggering: [
      RuleExample("UPDATE orders SET status = 'open' WHERE id BETWEEN 1 AND 5000;"),
      // Seed data.
      RuleExample("INSERT INTO plans (id, name) VALUES (1, 'free'), (2, 'pro');"),
      // Seed rows joined to a lookup table, and a lookup by key: not a copy of a table.
      RuleExample(
        """
        INSERT INTO plan_features (plan_id, feature)
        SELECT p.id, v.feature FROM (VALUES ('free', 'export'), ('pro', 'api')) AS v (plan, feature)
        JOIN plans p ON p.name = v.plan;
        """),
      // Reference data reloaded.
      RuleExample(
        """
        DELETE FROM holidays;
        INSERT INTO holidays (day, name) VALUES ('2025-12-25', 'Christmas'), ('2026-01-01', 'New Year');
        """),
      RuleExample("INSERT INTO plan_prices (plan_id, cents) SELECT id, 900 FROM plans WHERE name = 'pro';"),
      RuleExample(
        """
        CREATE TABLE order_flags (order_id bigint PRIMARY KEY, flagged boolean);
        UPDATE order_flags SET flagged = false;
        INSERT INTO order_flags (order_id, flagged) SELECT order_id, true FROM order_flags;
        """),
    ],
    elsewhere: ["strong_migrations: backfilling data (batch it, outside the migration’s transaction)"])

  public var statementKinds: StatementKinds { .dml }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .dml(let dml) = context.statement.node, let target = dml.table else { return [] }
    if context.isNewTable(target) { return [] }
    switch dml.kind {
    case .update, .delete:
      guard !dml.hasWhere else { return [] }
      // DELETE then INSERT ... VALUES into the same table: reference data reloaded.
      if dml.kind == .delete && Self.reloadedFromValues(target, context) { return [] }
      let verb = dml.kind == .update ? "UPDATE" : "DELETE FROM"
      let change = dml.kind == .update ? "changes" : "deletes"
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              \(verb) \(target.displayText) without WHERE \(change) every row in one transaction: each row \
              stays locked until it commits, and the write-ahead log grows by a copy of the table
              """),
          help: Self.help(target, context))
      ]
    case .insert:
      // A WHERE picks rows (a lookup, `WHERE NOT EXISTS`), and a VALUES list
      // joined to lookup tables is seed data: neither copies a whole table.
      guard dml.isInsertSelect, !dml.hasWhere, !Self.hasValuesList(context) else { return [] }
      guard let source = dml.sources.first(where: { !context.isNewTable($0) }) else { return [] }
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              INSERT INTO \(target.displayText) ... SELECT copies every row its query reads from \
              \(source.displayText) in one transaction: the rows stay locked until it commits, and the \
              write-ahead log grows by as much
              """),
          help: Self.help(source, context))
      ]
    case .merge:
      return []
    }
  }

  /// A later statement of the file inserts seed rows (`INSERT ... VALUES`) into `table`.
  static func reloadedFromValues(_ table: QualifiedName, _ context: RuleContext) -> Bool {
    context.statements[(context.statementIndex + 1)...].contains { statement in
      guard case .dml(let dml) = statement.node, dml.kind == .insert, !dml.isInsertSelect,
        let target = dml.table
      else { return false }
      return target.mayDenote(table)
    }
  }

  /// The statement has a `VALUES` list (`SELECT ... FROM (VALUES ...)`, a CTE of values).
  static func hasValuesList(_ context: RuleContext) -> Bool {
    context.statementCodeTokens.contains { $0.kind == .identifier && $0.isKeyword("values", in: context.source.bytes) }
  }

  static func help(_ table: QualifiedName, _ context: RuleContext) -> String {
    """
    Move the data change out of the schema migration and run it in batches by key range, each \
    committed on its own, e.g. repeated until no row is left:
      ... WHERE id IN (SELECT id FROM \(table.displayText) WHERE <not yet done> ORDER BY id LIMIT 5000)
    """
  }
}
