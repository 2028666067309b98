import PostgresSyntax

/// A `CONCURRENTLY` operation that PostgreSQL refuses inside a transaction block.
public struct ConcurrentlyInTransaction: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "concurrently-in-transaction",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "CONCURRENTLY operations cannot run inside a transaction block",
    rationale: """
      `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY` and \
      `ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY` cannot run inside a transaction, and whether \
      they do depends on how the runner sends the file. The Supabase CLI sends the whole file as one \
      pipeline (one implicit transaction): from PostgreSQL 14 the statement is refused ("cannot be \
      executed within a pipeline"; on 18 "cannot run inside a transaction block") unless it is the \
      first statement of the file or comes right after a `COMMIT`. golang-migrate sends the file as \
      one query, so any other statement in the file makes it fail; Flyway (for files with other \
      statements), dbmate and diesel wrap the file in `BEGIN` ... `COMMIT`; an explicit `BEGIN` fails \
      it everywhere. The migration fails on deploy, and with the Supabase CLI an index built \
      before the failure is left behind INVALID.
      """,
    lock: nil,
    postgresVersions: "all",
    fixAvailability: .none,
    fixNotes: """
      `cslint fix --split` moves a `CREATE INDEX` / `DROP INDEX CONCURRENTLY` into a \
      new migration of its own (next free version of the folder's naming scheme), unless the file or \
      a later one is applied.
      """,
    useInstead: """
      -- Move the statement into a migration file of its own, without BEGIN/COMMIT:
      CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
      """,
    triggering: [
      RuleExample(
        """
        BEGIN;
        ↓CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
        COMMIT;
        """),
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
        ↓CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
        """),
      RuleExample(
        """
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
        ↓CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
        """),
      // golang-migrate sends the file as one query: first or not, it is in a transaction block.
      RuleExample(
        """
        ↓CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
        COMMENT ON INDEX orders_note_idx IS 'order notes search';
        """, runner: .golangMigrate,
        message: """
          CREATE INDEX CONCURRENTLY cannot run inside a transaction block: the golang-migrate runner sends the \
          whole file as one query, which PostgreSQL runs as one transaction block
          """),
    ],
    nonTriggering: [
      RuleExample("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);"),
      // psql -f sends one statement at a time: each commits before the next.
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
        """, runner: Runner.none),
      RuleExample("DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;"),
      // First in the Supabase CLI's pipeline, or right after a COMMIT: PostgreSQL runs it.
      RuleExample(
        """
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
        COMMENT ON INDEX orders_status_idx IS 'status filter on the orders page';
        """),
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
        COMMIT;
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
        """),
    ],
    elsewhere: [
      "squawk: ban-concurrent-index-creation-in-transaction", "squawk: transaction-nesting (partly)", "eugene: E11",
    ])

  public var statementKinds: StatementKinds { [.createIndex, .drop, .maintenance, .alterTable] }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    let operation: String
    switch context.statement.node {
    case .createIndex(let index) where index.concurrently: operation = "CREATE INDEX CONCURRENTLY"
    case .drop(let drop) where drop.concurrently: operation = "DROP INDEX CONCURRENTLY"
    case .maintenance(let maintenance) where maintenance.kind == .reindex && maintenance.concurrently:
      operation = "REINDEX CONCURRENTLY"
    case .alterTable(let alter)
    where alter.commands.contains(where: {
      if case .detachPartition(_, true) = $0.action { return true }
      return false
    }):
      operation = "DETACH PARTITION CONCURRENTLY"
    default:
      return []
    }
    let transaction = context.effects.transaction
    guard let refusal = transaction.refusal else { return [] }
    let verb = operation.split(separator: " ").prefix(2).joined(separator: " ")
    let runner = context.settings.runner.rawValue
    let reason: String
    let placement: String
    switch transaction.opener {
    case _ where transaction.insideDoBlock:
      reason = "it is inside a DO block, which runs it as part of a function"
      placement = "Move it out of the DO block, as a top-level statement first in its own migration file"
    case .explicit:
      reason = "it is inside an explicit transaction block (BEGIN ... COMMIT)"
      placement = "Remove the BEGIN/COMMIT around it and put it in a migration file of its own"
    case .pipeline:
      reason = """
        the \(runner) runner sends the file as one pipeline, and \(transaction.statementsBefore) \
        earlier statement\(transaction.statementsBefore == 1 ? "" : "s") of it already ran in the same transaction
        """
      placement = "Make it the first statement of its migration file (best: a file of its own)"
    case .implicitBlock:
      reason = "the \(runner) runner sends the whole file as one query, which PostgreSQL runs as one transaction block"
      placement = "Move it into a migration file of its own, with no other statement"
    case .runner, .none:
      (reason, placement) = Self.wrappedAdvice(context)
    }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(message: "\(operation) \(refusal): \(reason)"),
        help: String(
          message: """
            \(placement); PostgreSQL fails it with "\(verb) CONCURRENTLY \(refusal)".
            """))
    ]
  }

  /// Why a BEGIN-wrapped file refuses the statement, and how that runner
  /// lets a file opt out.
  static func wrappedAdvice(_ context: RuleContext) -> (reason: String, placement: String) {
    let head = context.text(0..<min(context.source.bytes.count, 8192)).lowercased()
    if head.contains("-- +goose up") {
      return (
        "goose runs the file in a transaction (it has no `-- +goose NO TRANSACTION`)",
        "Put it in a migration file of its own that starts with `-- +goose NO TRANSACTION`"
      )
    }
    let runner = context.settings.runner
    let reason = "the \(runner.rawValue) runner wraps the file in BEGIN ... COMMIT"
    switch runner {
    case .dbmate:
      return (reason, "Put it in a migration file of its own whose up section is `-- migrate:up transaction:false`")
    case .diesel:
      return (reason, "Put it in a migration of its own with `run_in_transaction = false` in its metadata.toml")
    default:
      return (reason, "Move it into a migration file of its own, with no other statement")
    }
  }
}
