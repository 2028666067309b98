import PostgresSyntax

/// An index identical to one the table already has.
public struct DuplicateIndex: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "duplicate-index",
    category: .performance,
    defaultSeverity: .warning,
    summary: "Do not create an index the table already has",
    rationale: """
      Two indexes on the same table with the same key columns (with the same order, operator class \
      and collation), method, `INCLUDE` columns, predicate and uniqueness answer exactly the same \
      queries. The planner uses one; every insert and update still writes both, and both take disk \
      and cache. A primary key or unique constraint counts as the unique b-tree index it builds. \
      Replacing an index (create the new one, then drop the old) is fine: a later migration of the \
      same run that drops either index settles the finding.
      """,
    postgresVersions: "all",
    useInstead: """
      -- The table already has orders_customer_id_idx on (customer_id): nothing to create.
      CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_created_idx ON public.orders (customer_id, created_at);
      """,
    triggering: [
      RuleExample(
        "↓CREATE INDEX CONCURRENTLY orders_customer_idx ON public.orders (customer_id);",
        previousMigrations: [
          """
          CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);
          CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
          """
        ],
        message:
          "Index orders_customer_idx duplicates orders_customer_id_idx on public.orders: same columns, method, predicate and uniqueness, so every write updates both for nothing"
      ),
      RuleExample(
        """
        create table accounts (id uuid primary key, email text);
        ↓create unique index accounts_id_key on accounts using btree (id);
        """),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);
        CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
        CREATE INDEX orders_customer_created_idx ON public.orders (customer_id, created_at);
        CREATE INDEX orders_open_customer_idx ON public.orders (customer_id) WHERE created_at IS NULL;
        CREATE INDEX orders_customer_hash_idx ON public.orders USING hash (customer_id);
        CREATE INDEX orders_customer_desc_idx ON public.orders (customer_id DESC);
        """),
      RuleExample(
        """
        CREATE TABLE accounts (id uuid PRIMARY KEY, email text);
        CREATE INDEX accounts_id_idx ON accounts (id);
        """),
      RuleExample(
        """
        CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint);
        CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
        CREATE INDEX orders_customer_v2_idx ON public.orders (customer_id);
        DROP INDEX public.orders_customer_id_idx;
        """),
    ],
    elsewhere: ["splinter (Supabase database linter): duplicate_index (0009)"])

  public var statementKinds: StatementKinds { .createIndex }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createIndex(let index) = context.statement.node else { return [] }
    let schema = context.schema
    let tableKey = schema.resolve(index.table, in: schema.tables)
    let key =
      index.name.map { ObjectKey(schema: tableKey.schema, name: $0.value) }
      ?? schema.peekGeneratedIndexKey(index, table: tableKey)
    if index.ifNotExists, schema.indexes[key] != nil { return [] }
    let signature = SchemaState.indexSignature(index, source: context.source)
    // Kept for the statement's replay, which needs the same signature.
    context.effectsCache.indexSignature = signature
    var other: String?
    var otherIsConstraint = false
    if let match = schema.firstIndex(withSignature: signature, on: tableKey, otherThan: key) {
      other = match.key.name
    } else if signature.utf8.starts(with: Self.uniqueBtree),
      // Only a unique b-tree signature can be a constraint's (most are not:
      // no signature built per constraint then).
      let table = schema.tables[tableKey],
      let constraint = table.constraints.first(where: {
        ($0.kind == .primaryKey || $0.kind == .unique) && Self.constraintSignature($0.columns) == signature
      })
    {
      other = constraint.name
      otherIsConstraint = true
    }
    guard let other else { return [] }
    let tableName = index.table.displayText
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message:
        "Index \(SQLName.quoteIfNeeded(key.name)) duplicates \(SQLName.quoteIfNeeded(other)) on \(tableName): same columns, method, predicate and uniqueness, so every write updates both for nothing",
      help: otherIsConstraint
        ? "Leave this index out: constraint \(SQLName.quoteIfNeeded(other)) already builds the same unique index"
        : """
        Leave this index out, or drop the old one once this one is built (in a migration file of its own):
          DROP INDEX CONCURRENTLY IF EXISTS \(ObjectKey(schema: tableKey.schema, name: other));
        """)
    diagnostic.subject =
      "\(tableKey.schema).\(tableKey.name)\u{0}\(key.name)\u{0}\(otherIsConstraint ? "c" : "i")\(other)"
    return [diagnostic]
  }

  private static let uniqueBtree = Array("btree\u{0}unique\u{0}".utf8)

  /// The signature of the unique b-tree index a primary key or unique constraint builds.
  static func constraintSignature(_ columns: [String]) -> String {
    ["btree", "unique", columns.joined(separator: ","), "", ""].joined(separator: "\u{0}")
  }

  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings whose two indexes both still exist at the end of the
  /// linted migrations.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let parts = diagnostic.subject?.subjectFields(separator: 0), parts.count == 3,
        let table = ObjectKey(subject: parts[0]), let kind = parts[2].first
      else { return true }
      let other = String(parts[2].dropFirst())
      guard finalSchema.indexes[ObjectKey(schema: table.schema, name: parts[1])] != nil else { return false }
      if kind == "c" {
        return finalSchema.tables[table]?.constraints.contains { $0.name == other } ?? false
      }
      return finalSchema.indexes[ObjectKey(schema: table.schema, name: other)] != nil
    }
  }
}
