import PostgresSyntax

/// An ACCESS EXCLUSIVE lock on an existing table kept while later statements
/// of the same transaction wait for other locks or read whole tables.
public struct LockHeldAcrossStatements: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "lock-held-across-statements",
    category: .locking,
    defaultSeverity: .warning,
    summary: "An ACCESS EXCLUSIVE lock stays held while later statements of the transaction wait or work",
    rationale: """
      A lock is released when its transaction ends, not when the statement that took it does. After a \
      statement takes an ACCESS EXCLUSIVE lock on a table (most `ALTER TABLE` forms, `DROP`, `CREATE \
      POLICY`, ...), every query on that table, even a `SELECT`, waits until the transaction commits. \
      A quick statement is harmless on its own; the outage comes from what runs after it in the same \
      transaction: a statement that waits for a lock on another table (behind that table's long \
      queries) or reads or rewrites every row of a table (a backfill, an index build, a validation). \
      With a `lock_timeout` set, waits for other locks are bounded and not counted; waits for ACCESS \
      SHARE (views, functions reading a table) only queue behind other DDL and are not counted either; \
      a `DROP TABLE` is left to drop-table. \
      All that time the first table is unusable. The rule reports the statement that took the lock \
      once, naming the first later statement that waits for another table or reads every row; later \
      statements that only touch the same table briefly, tables created in the file, or no table \
      (`SET`, `COMMENT`, functions) are not counted as a risk. Whether statements share a transaction \
      depends on the runner: the Supabase CLI and golang-migrate send a file as one transaction, \
      Flyway, dbmate, diesel and goose wrap it in `BEGIN` ... `COMMIT`, `runner: none` commits each \
      statement unless the file says `BEGIN`. Tables created earlier in the same file are new and \
      nobody else uses them yet: the rule is silent on them.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- The slow or waiting work first (or in a migration of its own), the ACCESS EXCLUSIVE
      -- statement last, so that the transaction commits right after it:
      UPDATE customers SET tier = 'basic' WHERE tier IS NULL;
      ALTER TABLE orders ADD COLUMN note text;
      """,
    triggering: [
      RuleExample(
        """
        ↓ALTER TABLE orders ADD COLUMN note text;
        UPDATE customers SET tier = 'basic';
        """,
        message: """
          ALTER TABLE ADD COLUMN takes an ACCESS EXCLUSIVE lock on orders and keeps it until the \
          transaction commits, while 1 more statement runs: the next one, UPDATE, reads every row of \
          customers, and every query on orders waits all that time
          """),
      RuleExample(
        """
        BEGIN;
        ↓ALTER TABLE orders DROP COLUMN legacy_code;
        CREATE POLICY orders_owner ON orders FOR SELECT USING (owner_id = auth.uid());
        ALTER TABLE customers ADD COLUMN note text;
        COMMIT;
        """,
        runner: Runner.none,
        message: """
          ALTER TABLE DROP COLUMN takes an ACCESS EXCLUSIVE lock on orders and keeps it until the \
          transaction commits, while 2 more statements run: ALTER TABLE ADD COLUMN, 2 statements \
          later, waits for a lock on customers, and every query on orders waits all that time
          """),
    ],
    nonTriggering: [
      // Each statement commits on its own: the lock ends with it.
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN note text;
        UPDATE customers SET tier = 'basic';
        """,
        runner: Runner.none),
      // Later statements touch only the same table briefly, new tables, or no table.
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN note text;
        COMMENT ON COLUMN orders.note IS 'Free-form notes';
        CREATE TABLE order_notes (id bigint PRIMARY KEY, body text);
        CREATE INDEX order_notes_body_idx ON order_notes (body);
        """),
      // With a lock_timeout the wait for customers is bounded.
      RuleExample(
        """
        SET lock_timeout = '5s';
        ALTER TABLE orders ADD COLUMN note text;
        ALTER TABLE customers ADD COLUMN note text;
        """),
      // The lock is taken last: the transaction commits right after it.
      RuleExample(
        """
        UPDATE customers SET tier = 'basic' WHERE tier IS NULL;
        ALTER TABLE orders ADD COLUMN note text;
        """),
    ],
    elsewhere: ["eugene: E4 (running more statements after taking an ACCESS EXCLUSIVE lock)"])

  public func check(_ context: RuleContext) -> [Diagnostic] {
    // Effects are computed while a lock is held (does this statement keep it
    // longer?) and for statements that may take one: the linter records the
    // lock a statement takes from its effects (`SchemaState.noteHeldLock`).
    let pending = context.schema.heldLock.flatMap { $0.reported ? nil : $0 }
    guard let held = pending else {
      // Computed, not copied out (saves ~3 M instructions on the corpus run).
      if StatementEffects.mayTakeShareLock(context.statement) { context.computeEffectsIfNeeded() }
      return []
    }
    // Tested in the cache, the effects copied out only for a finding.
    context.computeEffectsIfNeeded()
    guard context.effectsCache.value?.prolongs(held) == true else { return [] }
    let effects = context.effects
    guard held.statementIndex < context.statementIndex else { return [] }
    let locking = context.statements[held.statementIndex]
    let table = RequireLockTimeout.display(held.relation)
    // Where the transaction ends: counted from the statement that took the lock.
    var probe = context
    probe.statementIndex = held.statementIndex
    let following = context.statementCount(in: (held.statementIndex + 1)..<probe.transactionEnd)
    let plural = following == 1 ? "statement runs" : "statements run"
    return [
      context.diagnostic(
        description, range: locking.range,
        message: String(
          message: """
            \(StatementTitle.of(locking)) takes an ACCESS EXCLUSIVE lock on \(table) and keeps it until \
            the transaction commits, while \(following) more \(plural): \(Self.what(context, effects, held)), \
            and every query on \(table) waits all that time
            """),
        help: String(
          message: """
            Keep the transaction short after the lock: run the slow or waiting statements before it, or \
            in a migration (transaction) of their own, so that the transaction commits right after the \
            statement on \(table).
            """))
    ]
  }

  /// What the current statement does while the lock is held, e.g.
  /// `the next one, UPDATE, reads every row of customers`.
  static func what(_ context: RuleContext, _ effects: StatementEffects, _ held: HeldLock) -> String {
    let distance = context.statementCount(in: (held.statementIndex + 1)..<(context.statementIndex + 1))
    let title = StatementTitle.of(context.statement)
    let subject =
      distance == 1
      ? String(message: "the next one, \(title),") : String(message: "\(title), \(distance) statements later,")
    let existing = effects.onExistingRelations
    if let working = existing.first(where: { $0.scan || $0.rewrite }) {
      let work = working.rewrite ? "rewrites" : "reads"
      return String(message: "\(subject) \(work) every row of \(RequireLockTimeout.display(working.relation))")
    }
    let other = existing.first { $0.relation != held.relation && $0.lock > .accessShare }.map {
      RequireLockTimeout.display($0.relation)
    }
    return String(message: "\(subject) waits for a lock on \(other ?? "another table")")
  }
}
