import PostgresSyntax

/// An explicit `LOCK TABLE` in a migration.
public struct LockTable: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "lock-table",
    category: .locking,
    defaultSeverity: .warning,
    summary: "LOCK TABLE blocks the application until the migration's transaction ends",
    rationale: """
      `LOCK TABLE` takes the lock it names (ACCESS EXCLUSIVE when it names none) and keeps it until the \
      transaction commits: every later statement of the migration runs while the application waits. \
      ACCESS EXCLUSIVE blocks reads and writes; SHARE, SHARE ROW EXCLUSIVE and EXCLUSIVE block writes. \
      While `LOCK TABLE` waits for the lock, every query that arrives after it queues behind it too. \
      Migrations rarely need one: PostgreSQL takes the locks each statement needs. If one is needed, \
      set `lock_timeout` first so it gives up instead of stalling the table, and keep the transaction \
      short. Modes that block only other DDL (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE, SHARE UPDATE \
      EXCLUSIVE) are not reported, nor are tables created earlier in the same file (new and unseen).
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    useInstead: """
      -- Leave the locking to the statements that need it; if the lock is really needed,
      -- give up quickly instead of queueing every query behind it:
      SET lock_timeout = '2s';
      LOCK TABLE orders IN SHARE MODE;
      """,
    triggering: [
      RuleExample(
        "↓LOCK TABLE orders;",
        message:
          "LOCK TABLE orders takes an ACCESS EXCLUSIVE lock, blocking reads and writes until the transaction ends"
      ),
      RuleExample(
        """
        BEGIN;
        ↓LOCK TABLE public.orders, customers IN SHARE ROW EXCLUSIVE MODE;
        UPDATE orders SET status = 'archived' WHERE status = 'done';
        COMMIT;
        """,
        message: """
          LOCK TABLE public.orders, customers takes a SHARE ROW EXCLUSIVE lock, blocking writes until the \
          transaction ends
          """),
      // psql -f runs each statement in autocommit: PostgreSQL refuses LOCK TABLE there.
      RuleExample(
        "↓LOCK TABLE orders IN EXCLUSIVE MODE;", runner: Runner.none,
        message: "LOCK TABLE orders fails outside a transaction block, and this one runs in autocommit"),
    ],
    nonTriggering: [
      RuleExample("LOCK TABLE orders IN ACCESS SHARE MODE;"),
      RuleExample(
        """
        CREATE TABLE imports (id bigint PRIMARY KEY, payload jsonb);
        LOCK TABLE imports IN EXCLUSIVE MODE;
        """),
      RuleExample("LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE;"),
    ],
    elsewhere: ["eugene: E4 (statements after an ACCESS EXCLUSIVE lock)"])

  public var statementKinds: StatementKinds { .lock }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .lock(let lock) = context.statement.node else { return [] }
    // Only the tables named (partitions follow them) that existed before the file and lose reads or writes.
    let hurt = context.effects.relations.filter {
      $0.existedBefore && $0.blocks != .otherDDL && $0.blocks != .nothing
    }
    guard let effect = hurt.first else { return [] }
    let names = lock.tables.map(\.displayText).joined(separator: ", ")
    // In autocommit PostgreSQL refuses it ("LOCK TABLE can only be used in transaction blocks").
    if effect.heldUntil == .statement {
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: "LOCK TABLE \(names) fails outside a transaction block, and this one runs in autocommit"),
          help: "Remove it: PostgreSQL takes the locks each statement needs.")
      ]
    }
    let timeout =
      context.effects.lockTimeout == nil
      ? """
      If the migration needs it, keep the transaction short and set a lock timeout first, so a busy table \
      makes it fail fast instead of queueing every query behind it:
        SET lock_timeout = '2s';
      """
      : "If the migration needs it, keep the transaction short: every statement after it runs under the lock."
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            LOCK TABLE \(names) takes \(effect.lock == .accessExclusive ? "an" : "a") \(effect.lock.sqlName) lock, \
            blocking \(effect.blocks.rawValue) until the transaction ends
            """),
        help: String(
          message: """
            Remove it unless the migration must keep others off \(names): PostgreSQL takes the locks each \
            statement needs. \(timeout)
            """))
    ]
  }
}
