import PostgresSyntax

/// `DROP INDEX` without `CONCURRENTLY`.
public struct RequireConcurrentIndexDeletion: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-concurrent-index-deletion",
    category: .locking,
    defaultSeverity: .error,
    summary: "Drop indexes with CONCURRENTLY",
    rationale: """
      `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's table: every query, reads included, \
      waits behind it, and it queues behind any long-running query already on the table. \
      `DROP INDEX CONCURRENTLY` waits for conflicting transactions instead of blocking them. \
      It cannot run inside a transaction block: put it alone in its own migration file.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .sometimes,
    fixNotes: """
      Inserts `CONCURRENTLY` (a suggestion, applied with `--unsafe-fixes`) when one index is dropped \
      without CASCADE (DROP INDEX CONCURRENTLY allows neither). The statement must then be alone in \
      its migration file: `cslint fix --split` inserts `CONCURRENTLY` and moves it into a new migration.
      """,
    useInstead: "DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;",
    triggering: [
      RuleExample("↓DROP INDEX IF EXISTS orders_customer_id_idx;"),
      RuleExample("↓DROP INDEX orders_customer_id_idx, orders_status_idx;"),
    ],
    nonTriggering: [
      RuleExample("DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;"),
      RuleExample(
        """
        CREATE INDEX draft_idx ON orders (status);
        DROP INDEX draft_idx;
        """,
        previousMigrations: ["CREATE TABLE orders (id bigint PRIMARY KEY, status text);"]),
    ],
    fixes: [
      FixExample(
        before: "DROP INDEX IF EXISTS orders_customer_id_idx;",
        after: "DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;")
    ],
    elsewhere: ["squawk: require-concurrent-index-deletion", "strong_migrations: remove_index"])

  public var statementKinds: StatementKinds { .drop }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .drop(let drop) = context.statement.node, drop.objectType == .index, !drop.concurrently
    else { return [] }
    // Indexes created by this same file are new: nobody else uses them yet.
    let allNew = drop.names.allSatisfy { name in
      guard let index = context.schema.indexes[context.schema.resolve(name, in: context.schema.indexes)] else {
        return false
      }
      return context.schema.isCreatedInCurrentFile(index.origin)
    }
    if allNew && !drop.names.isEmpty { return [] }
    var fixes: [Fix] = []
    if drop.names.count == 1 && !drop.cascade {
      fixes.append(
        Fix(
          title: "Insert CONCURRENTLY", applicability: .suggestion,
          edits: [
            .insert(context.keyword(" CONCURRENTLY", before: drop.afterObjectKeyword), at: drop.afterObjectKeyword)
          ]))
    }
    let names = drop.names.map(\.displayText).joined(separator: ", ")
    let statements = drop.names.map { "  DROP INDEX CONCURRENTLY IF EXISTS \($0.displayText);" }.joined(separator: "\n")
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: "DROP INDEX \(names) takes an ACCESS EXCLUSIVE lock on its table, blocking reads and writes"),
        help: String(
          message: """
            Drop \(drop.names.count == 1 ? "it" : "each index") without blocking, alone in its own migration file \
            (CONCURRENTLY cannot run inside a transaction block):
            \(statements)
            """),
        fixes: fixes)
    ]
  }
}
