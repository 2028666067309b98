import PostgresSyntax

/// `CREATE INDEX CONCURRENTLY` on a partitioned table, which PostgreSQL refuses.
public struct ConcurrentIndexOnPartitionedTable: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "concurrent-index-on-partitioned-table",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "CREATE INDEX CONCURRENTLY on a partitioned table fails",
    rationale: """
      PostgreSQL cannot build an index on a partitioned table concurrently: `CREATE INDEX \
      CONCURRENTLY` on one fails with "cannot create index on partitioned table ... concurrently" \
      (checked on PostgreSQL 15 and 18). Without `CONCURRENTLY` the index is built on every partition \
      under a SHARE lock that blocks writes to all of them. The online way: create the index on the \
      parent alone (`ON ONLY`, invalid and empty at first), build each partition's index \
      concurrently, and attach each one; once every partition's index is attached, the parent's \
      index becomes valid. The rule knows a table is partitioned from the migrations that created it \
      (`PARTITION BY`).
      """,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      CREATE INDEX events_created_idx ON ONLY events (created_at);
      CREATE INDEX CONCURRENTLY events_2024_created_idx ON events_2024 (created_at);
      ALTER INDEX events_created_idx ATTACH PARTITION events_2024_created_idx;
      """,
    triggering: [
      RuleExample(
        "↓CREATE INDEX CONCURRENTLY events_created_idx ON events (created_at);",
        previousMigrations: [
          """
          CREATE TABLE events (id bigint, created_at timestamptz) PARTITION BY RANGE (created_at);
          CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
          """
        ],
        runner: Runner.none,
        message: """
          CREATE INDEX CONCURRENTLY on events fails: events is a partitioned table, and PostgreSQL \
          cannot create an index on one concurrently
          """),
      RuleExample(
        "↓create index concurrently on metrics (device_id);",
        previousMigrations: [
          """
          create table metrics (device_id bigint, at timestamptz) partition by list (device_id);
          create table metrics_1 partition of metrics for values in (1);
          create table metrics_2 partition of metrics for values in (2);
          """
        ],
        runner: Runner.none),
    ],
    nonTriggering: [
      RuleExample(
        "CREATE INDEX CONCURRENTLY events_2024_created_idx ON events_2024 (created_at);",
        previousMigrations: [
          """
          CREATE TABLE events (id bigint, created_at timestamptz) PARTITION BY RANGE (created_at);
          CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
          """
        ],
        runner: Runner.none),
      RuleExample(
        "CREATE INDEX events_created_idx ON ONLY events (created_at);",
        previousMigrations: [
          "CREATE TABLE events (id bigint, created_at timestamptz) PARTITION BY RANGE (created_at);"
        ]),
      RuleExample("CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);", runner: Runner.none),
    ],
    elsewhere: [])

  public var statementKinds: StatementKinds { .createIndex }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createIndex(let index) = context.statement.node, index.concurrently,
      let table = context.schema.table(index.table), table.isPartitioned
    else { return [] }
    let name = RequireLockTimeout.display(table.key)
    let partitions = context.schema.tables.values.filter { $0.partitionParent == table.key }.map(\.key).sorted()
    let columns =
      index.columns.first.flatMap { first in
        index.columns.last.map { context.text(first.range.lowerBound..<$0.range.upperBound) }
      } ?? "..."
    let method = index.method.map { " USING \($0)" } ?? ""
    let unique = index.unique ? "UNIQUE " : ""
    let parentIndex = index.name?.value ?? "\(table.key.name)_idx"
    var lines = ["CREATE \(unique)INDEX \(SQLName.quoteIfNeeded(parentIndex)) ON ONLY \(name)\(method) (\(columns));"]
    let shown = partitions.isEmpty ? [nil] : partitions.prefix(3).map(Optional.some)
    for partition in shown {
      let partitionName = partition.map { RequireLockTimeout.display($0) } ?? "<partition>"
      let childIndex = SQLName.quoteIfNeeded("\(partition?.name ?? "partition")_\(parentIndex)")
      lines.append("CREATE \(unique)INDEX CONCURRENTLY \(childIndex) ON \(partitionName)\(method) (\(columns));")
      lines.append("ALTER INDEX \(SQLName.quoteIfNeeded(parentIndex)) ATTACH PARTITION \(childIndex);")
    }
    if partitions.count > 3 { lines.append("-- ... and the same for the other \(partitions.count - 3) partitions") }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            CREATE INDEX CONCURRENTLY on \(name) fails: \(name) is a partitioned table, and PostgreSQL \
            cannot create an index on one concurrently
            """),
        help: String(
          message: """
            Create the index on the parent only, then build and attach each partition's index \
            concurrently (each CONCURRENTLY statement outside a transaction):
              \(lines.joined(separator: "\n  "))
            """))
    ]
  }
}
