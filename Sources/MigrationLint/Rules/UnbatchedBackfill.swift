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
      after the deploy). Data written with `INSERT ... VALUES` (seed rows) is not a backfill and is not \
      reported. Tables created earlier in the same file are new and empty: the rule is silent on \
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
      RuleExample(
        """
        CREATE TABLE order_flags (order_id bigint PRIMARY KEY, flagged boolean);
        UPDATE order_flags SET flagged = false;
        INSERT INTO order_flags (order_id, flagged) SELECT order_id, true FROM order_flags;
        """),
    ],
    elsewhere: ["strong_migrations: backfilling data (batch it, outside the migration’s transaction)"])

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .dml(let dml) = context.statement.node, let target = dml.table else { return [] }
    if context.isNewTable(target) { return [] }
    switch dml.kind {
    case .update, .delete:
      guard !dml.hasWhere else { return [] }
      let verb = dml.kind == .update ? "UPDATE" : "DELETE FROM"
      let change = dml.kind == .update ? "changes" : "deletes"
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: """
            \(verb) \(target.displayText) without WHERE \(change) every row in one transaction: each row \
            stays locked until it commits, and the write-ahead log grows by a copy of the table
            """,
          help: Self.help(target, context))
      ]
    case .insert:
      guard dml.isInsertSelect else { return [] }
      guard let source = dml.sources.first(where: { !context.isNewTable($0) }) else { return [] }
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: """
            INSERT INTO \(target.displayText) ... SELECT copies every row its query reads from \
            \(source.displayText) in one transaction: the rows stay locked until it commits, and the \
            write-ahead log grows by as much
            """,
          help: Self.help(source, context))
      ]
    case .merge:
      return []
    }
  }

  static func help(_ table: QualifiedName, _ context: RuleContext) -> String {
    """
    Move the data change out of the schema migration and run it in batches by key range, each \
    committed on its own, e.g. repeated until no row is left:
      ... WHERE id IN (SELECT id FROM \(table.displayText) WHERE <not yet done> ORDER BY id LIMIT 5000)
    """
  }
}
