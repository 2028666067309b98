import PostgresSyntax

/// `VACUUM FULL` or `CLUSTER` on a table that existed before the file.
public struct TableRewriteCommand: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "table-rewrite-command",
    category: .locking,
    defaultSeverity: .error,
    summary: "VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock",
    rationale: """
      `VACUUM FULL` and `CLUSTER` copy every row of the table into a new file and rebuild every index, \
      holding an ACCESS EXCLUSIVE lock from start to end: every query on the table, reads included, \
      waits for the whole rewrite, and the rewrite needs room for a second copy of the table. Without a \
      table name they do it to every table of the database (`VACUUM FULL`) or every table clustered \
      before (`CLUSTER`). To give space back without blocking, use pg_repack or pg_squeeze outside the \
      migration; plain `VACUUM` (SHARE UPDATE EXCLUSIVE: reads and writes go on) makes dead rows reusable. \
      Tables created earlier in the same file are new and unseen by other sessions: the rule is silent \
      on them.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    useInstead: """
      -- Makes dead rows reusable without blocking reads or writes:
      VACUUM (ANALYZE) orders;
      -- To give the space back to the OS, run pg_repack (or pg_squeeze) outside the migration.
      """,
    triggering: [
      RuleExample(
        "↓VACUUM FULL orders;",
        message: """
          VACUUM FULL orders rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes \
          until it ends
          """),
      RuleExample(
        "↓CLUSTER public.orders USING orders_pkey;",
        previousMigrations: ["CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);"]),
      RuleExample("↓vacuum (full, analyze) orders;"),
      RuleExample(
        "↓VACUUM FULL;",
        message: """
          VACUUM FULL without a table rewrites every table of the database, each under an ACCESS EXCLUSIVE \
          lock, blocking reads and writes
          """),
    ],
    nonTriggering: [
      RuleExample("VACUUM (ANALYZE) orders;"),
      RuleExample(
        """
        CREATE TABLE imports (id bigint PRIMARY KEY, payload jsonb);
        CLUSTER imports USING imports_pkey;
        """),
      RuleExample("VACUUM (FULL false) orders;"),
    ],
    elsewhere: ["eugene: E10 (trace)"])

  public var statementKinds: StatementKinds { .maintenance }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .maintenance(let maintenance) = context.statement.node,
      maintenance.kind == .vacuumFull || maintenance.kind == .cluster
    else { return [] }
    let command = maintenance.kind == .cluster ? "CLUSTER" : "VACUUM FULL"
    guard let target = maintenance.target else {
      let scope =
        maintenance.kind == .cluster
        ? "every table clustered before" : "every table of the database"
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              \(command) without a table rewrites \(scope), each under an ACCESS EXCLUSIVE lock, blocking reads \
              and writes
              """),
          help: """
            Reclaim space with pg_repack or pg_squeeze outside the migration, or make dead rows reusable \
            without blocking:
              VACUUM (ANALYZE);
            """)
      ]
    }
    // Silent on tables created earlier in this file: new, empty, unseen.
    guard let effect = context.effects.relations.first, effect.existedBefore, effect.rewrite else { return [] }
    let name = target.displayText
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            \(command) \(name) rewrites the table under an \(effect.lock.sqlName) lock, blocking \
            \(effect.blocks.rawValue) until it ends
            """),
        help: String(
          message: """
            Reclaim space with pg_repack or pg_squeeze outside the migration (they hold the lock only \
            briefly), or make dead rows reusable without blocking reads or writes:
              VACUUM (ANALYZE) \(name);
            """))
    ]
  }
}
