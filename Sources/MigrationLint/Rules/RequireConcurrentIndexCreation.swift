import PostgresSyntax

/// `CREATE INDEX` without `CONCURRENTLY` on a table that already exists.
public struct RequireConcurrentIndexCreation: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-concurrent-index-creation",
    category: .locking,
    defaultSeverity: .error,
    summary: "Create indexes on existing tables with CONCURRENTLY",
    rationale: """
      `CREATE INDEX` takes a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE \
      waits until the index is finished, which on a large table is minutes of failed writes. \
      `CREATE INDEX CONCURRENTLY` takes SHARE UPDATE EXCLUSIVE instead and lets writes continue. \
      It cannot run inside a transaction: the Supabase CLI sends each migration file as one \
      transaction, where it only works as the file's first statement, so put it alone in its own \
      migration file.
      """,
    lock: "SHARE",
    postgresVersions: "all",
    fixAvailability: .always,
    fixNotes: """
      Inserts `CONCURRENTLY` (a suggestion, applied with `--unsafe-fixes`): the statement then fails \
      inside a transaction block, so it must be the only statement of its migration file. \
      `cslint fix --split` does both: it inserts `CONCURRENTLY` and moves the statement into a new \
      migration of its own (next free version), leaving applied migrations alone.
      """,
    useInstead: """
      -- supabase/migrations/20250102000000_index_orders_customer.sql (alone in its file)
      CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
      """,
    triggering: [
      RuleExample("↓CREATE INDEX orders_customer_id_idx ON orders (customer_id);"),
      RuleExample(
        "↓CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON public.users (email);",
        previousMigrations: ["CREATE TABLE public.users (id bigint PRIMARY KEY, email text);"]),
    ],
    nonTriggering: [
      RuleExample("CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);"),
      RuleExample(
        """
        CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);
        CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
        """),
      RuleExample(
        """
        CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS day_id;
        CREATE UNIQUE INDEX daily_totals_day_idx ON daily_totals (day_id);
        """),
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS payments (id bigint PRIMARY KEY, payer_id bigint);
        CREATE INDEX IF NOT EXISTS payments_payer_idx ON payments (payer_id);
        """,
        previousMigrations: [
          "CREATE TABLE payments (id bigint PRIMARY KEY, payer_id bigint);",
          "CREATE INDEX payments_payer_idx ON payments (payer_id);",
        ]),
    ],
    fixes: [
      FixExample(
        before: "CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);",
        after: "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);")
    ],
    elsewhere: ["squawk: require-concurrent-index-creation", "strong_migrations: add_index", "eugene: E6"])

  public var statementKinds: StatementKinds { .createIndex }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createIndex(let index) = context.statement.node, !index.concurrently else { return [] }
    // One lookup of the table for both checks (`isNewTable` would look it up
    // again; saves ~2 M instructions on the corpus run). A new table: nobody
    // writes to it yet. PostgreSQL cannot build an index concurrently on a
    // partitioned table.
    if let existing = context.schema.table(index.table),
      existing.isPartitioned || context.schema.isCreatedInCurrentFile(existing.origin)
    {
      return []
    }
    if Self.isNewMaterializedView(index.table, context) { return [] }
    if Self.alreadyExists(index, context) { return [] }
    let table = index.table.displayText
    let edit = TextEdit.insert(
      context.keyword(" CONCURRENTLY", before: index.afterIndexKeyword), at: index.afterIndexKeyword)
    let fix = Fix(title: "Insert CONCURRENTLY", applicability: .suggestion, edits: [edit])
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: "CREATE INDEX on existing table \(table) blocks writes (SHARE lock) until the index is built"),
        help: String(
          message: """
            Build it without blocking writes, alone in its own migration file (CONCURRENTLY cannot run \
            inside a transaction, and the Supabase CLI sends each file as one):
              \(context.statementText(applying: edit).indentingLaterLines(by: "  "));
            If the build fails it leaves an INVALID index: drop it with DROP INDEX CONCURRENTLY and retry.
            """),
        fixes: [fix])
    ]
  }

  /// A materialized view created by this file: nobody reads it yet, and it
  /// takes no writes anyway.
  static func isNewMaterializedView(_ name: QualifiedName, _ context: RuleContext) -> Bool {
    let schema = context.schema
    guard let view = schema.views[schema.resolve(name, in: schema.views)], view.materialized else { return false }
    return schema.isCreatedInCurrentFile(view.origin)
  }

  /// `CREATE INDEX IF NOT EXISTS` of an index that earlier statements
  /// already created: PostgreSQL skips it ("already exists, skipping") and
  /// builds nothing. Common in consolidated "create everything" migrations
  /// that repeat earlier ones.
  static func alreadyExists(_ index: CreateIndex, _ context: RuleContext) -> Bool {
    guard index.ifNotExists, let name = index.name else { return false }
    let schema = context.schema
    let tableKey = schema.resolve(index.table, in: schema.tables)
    return schema.indexes[ObjectKey(schema: tableKey.schema, name: name.value)] != nil
  }
}
