import PostgresSyntax

/// `REINDEX INDEX|TABLE` without `CONCURRENTLY` on a table that existed before the file.
public struct RequireConcurrentReindex: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-concurrent-reindex",
    category: .locking,
    defaultSeverity: .error,
    summary: "Rebuild indexes with REINDEX CONCURRENTLY",
    rationale: """
      `REINDEX TABLE` and `REINDEX INDEX` take a SHARE lock on the table for the whole rebuild: every \
      `INSERT`, `UPDATE` and `DELETE` waits until every index is built again from all the rows. \
      `REINDEX INDEX` also takes an ACCESS EXCLUSIVE lock on the index itself, which blocks the reads that \
      use it. From PostgreSQL 12, `REINDEX ... CONCURRENTLY` builds a replacement next to the old index \
      and swaps it in, holding only SHARE UPDATE EXCLUSIVE (reads and writes go on). Like every \
      `CONCURRENTLY` statement it cannot run inside a transaction block: it must be the first statement of \
      its migration file, best alone (see `concurrently-in-transaction`). Before PostgreSQL 12 the finding \
      stays, with a help that rebuilds the index by hand. Tables created earlier in the same file are new \
      and unseen by other sessions: the rule is silent on them. `REINDEX SCHEMA|DATABASE|SYSTEM` is not \
      reported.
      """,
    lock: "SHARE",
    postgresVersions: "all (CONCURRENTLY: 12+)",
    fixAvailability: .sometimes,
    fixNotes: """
      Inserts `CONCURRENTLY` after `INDEX` / `TABLE` (a suggestion, applied with `--unsafe-fixes`) from \
      PostgreSQL 12. The statement must then be the first of its migration file, best alone, or the \
      migration fails inside the runner's transaction. No fix before PostgreSQL 12.
      """,
    useInstead: """
      -- Alone in its own migration file (CONCURRENTLY cannot run in a transaction block):
      REINDEX INDEX CONCURRENTLY orders_status_idx;
      """,
    triggering: [
      RuleExample(
        "↓REINDEX INDEX orders_status_idx;",
        previousMigrations: [
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);",
          "CREATE INDEX orders_status_idx ON orders (status);",
        ],
        message: """
          REINDEX INDEX orders_status_idx takes a SHARE lock on orders, blocking writes, and an ACCESS \
          EXCLUSIVE lock on the index, blocking the reads that use it, until the rebuild ends
          """),
      RuleExample(
        "↓reindex table public.orders;",
        message: "REINDEX TABLE public.orders takes a SHARE lock on orders, blocking writes until the rebuild ends"),
      // An index no migration created: its table is unknown, the lock is still there.
      RuleExample(
        "↓REINDEX INDEX orders_customer_id_idx;",
        message: """
          REINDEX INDEX orders_customer_id_idx takes a SHARE lock on its table, blocking writes, and an ACCESS \
          EXCLUSIVE lock on the index, blocking the reads that use it, until the rebuild ends
          """),
      // Before PostgreSQL 12 there is no CONCURRENTLY: no fix, and the help rebuilds the index by hand.
      RuleExample(
        "↓REINDEX INDEX orders_status_idx;",
        previousMigrations: [
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);",
          "CREATE INDEX orders_status_idx ON orders (status);",
        ], postgresVersion: 11),
    ],
    nonTriggering: [
      RuleExample("REINDEX INDEX CONCURRENTLY orders_status_idx;"),
      RuleExample("REINDEX (VERBOSE) TABLE CONCURRENTLY orders;"),
      RuleExample(
        """
        CREATE TABLE drafts (id bigint PRIMARY KEY, title text);
        CREATE INDEX drafts_title_idx ON drafts (title);
        REINDEX TABLE drafts;
        """),
      RuleExample("REINDEX SCHEMA public;"),
    ],
    fixes: [
      FixExample(
        before: "REINDEX INDEX orders_status_idx;",
        after: "REINDEX INDEX CONCURRENTLY orders_status_idx;"),
      FixExample(
        before: "reindex (verbose) table orders;",
        after: "reindex (verbose) table concurrently orders;"),
    ],
    elsewhere: ["squawk: require-concurrent-reindex"])

  public var statementKinds: StatementKinds { .maintenance }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .maintenance(let reindex) = context.statement.node, reindex.kind == .reindex, !reindex.concurrently,
      let object = reindex.objectType, object == "INDEX" || object == "TABLE", let target = reindex.target
    else { return [] }
    // The effect is on the table (for REINDEX INDEX, the index's table); silent on tables new in this file.
    guard let effect = context.effects.relations.first, effect.existedBefore else { return [] }
    let schema = target.parts.count > 1 ? target.parts[0].value.lowercased() : ""
    // System catalogs cannot be reindexed concurrently: nothing better to offer.
    if schema == "pg_catalog" || schema == "pg_toast" { return [] }
    // An index no migration created: the effect names the index, not its table.
    let indexKnown = context.schema.indexes[context.schema.resolve(target, in: context.schema.indexes)] != nil
    let table =
      object == "INDEX" && !indexKnown
      ? "its table"
      : effect.relation.schema == "public" ? SQLName.quoteIfNeeded(effect.relation.name) : "\(effect.relation)"
    let name = target.displayText
    let lock = "takes a \(effect.lock.sqlName) lock on \(table), blocking \(effect.blocks.rawValue)"
    let message =
      object == "INDEX"
      ? "REINDEX INDEX \(name) \(lock), and an ACCESS EXCLUSIVE lock on the index, blocking the reads that use it, "
        + "until the rebuild ends"
      : "REINDEX TABLE \(name) \(lock) until the rebuild ends"
    guard context.settings.postgresVersion >= 12, let insertion = reindex.afterObjectKeyword else {
      return [
        context.diagnostic(
          description, range: context.statement.range, message: message,
          help: object == "INDEX"
            ? """
            REINDEX CONCURRENTLY needs PostgreSQL 12+. Rebuild it without blocking by hand, each step in a \
            migration of its own: CREATE INDEX CONCURRENTLY a copy under a new name (same definition), \
            DROP INDEX CONCURRENTLY \(name), then ALTER INDEX ... RENAME the copy to \(name)
            """
            : """
            REINDEX CONCURRENTLY needs PostgreSQL 12+. Run it when \(table) takes no writes, or rebuild each \
            index by hand (CREATE INDEX CONCURRENTLY a copy, DROP INDEX CONCURRENTLY the old one, rename)
            """)
      ]
    }
    let edit = TextEdit.insert(context.keyword(" CONCURRENTLY", before: insertion), at: insertion)
    return [
      context.diagnostic(
        description, range: context.statement.range, message: message,
        help: String(
          message: """
            Rebuild \(object == "INDEX" ? "it" : "its indexes") without blocking (PostgreSQL 12+), as the first \
            statement of its own migration file (CONCURRENTLY cannot run inside a transaction block):
              \(context.statementText(applying: edit));
            """),
        fixes: [Fix(title: "Insert CONCURRENTLY", applicability: .suggestion, edits: [edit])])
    ]
  }
}
