import PostgresSyntax

/// `ALTER TABLE ... DETACH PARTITION` without `CONCURRENTLY` (PostgreSQL 14+).
public struct RequireConcurrentPartitionDetach: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-concurrent-partition-detach",
    category: .locking,
    defaultSeverity: .warning,
    summary: "Detach partitions with DETACH PARTITION ... CONCURRENTLY",
    rationale: """
      `ALTER TABLE ... DETACH PARTITION` takes an ACCESS EXCLUSIVE lock on the partitioned table (and on \
      the partition): every query on any partition, reads included, waits, and the statement queues \
      behind any long-running query on the table. From PostgreSQL 14, `DETACH PARTITION ... CONCURRENTLY` \
      takes only SHARE UPDATE EXCLUSIVE on the parent and waits for running queries instead of blocking \
      them. It cannot run inside a transaction block (put it first in its own migration file, best \
      alone: see `concurrently-in-transaction`) and is refused when the table has a default partition. \
      Before PostgreSQL 14 there is no such form, and the rule is silent; it is silent too on tables \
      created earlier in the same file.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "14+",
    fixAvailability: .always,
    fixNotes: """
      Inserts `CONCURRENTLY` after the partition name (a suggestion, applied with `--unsafe-fixes`). The \
      statement must then be the first of its migration file, best alone, and the table must have no \
      default partition.
      """,
    useInstead: """
      -- Alone in its own migration file (CONCURRENTLY cannot run in a transaction block):
      ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;
      """,
    triggering: [
      RuleExample(
        "↓ALTER TABLE events DETACH PARTITION events_2023;",
        previousMigrations: [Self.events], postgresVersion: 14,
        message: """
          DETACH PARTITION events_2023 takes an ACCESS EXCLUSIVE lock on events, blocking reads and writes \
          on every partition until it ends
          """),
      RuleExample(
        "↓alter table public.events detach partition public.events_2023;", previousMigrations: [Self.events]),
    ],
    nonTriggering: [
      RuleExample(
        "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;", previousMigrations: [Self.events]),
      // PostgreSQL 13 has no CONCURRENTLY form: nothing better to offer.
      RuleExample(
        "ALTER TABLE events DETACH PARTITION events_2023;", previousMigrations: [Self.events], postgresVersion: 13),
      RuleExample(
        """
        CREATE TABLE metrics (id bigint, taken_on date) PARTITION BY RANGE (taken_on);
        CREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        ALTER TABLE metrics DETACH PARTITION metrics_2024;
        """),
    ],
    fixes: [
      FixExample(
        before: "ALTER TABLE events DETACH PARTITION events_2023;",
        after: "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;", previousMigrations: [Self.events])
    ],
    elsewhere: ["squawk: require-concurrent-partition-detach"])

  /// A partitioned table with one partition.
  static let events = """
    CREATE TABLE events (id bigint, happened_on date NOT NULL) PARTITION BY RANGE (happened_on);
    CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
    """

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, context.settings.postgresVersion >= 14 else {
      return []
    }
    var findings: [Diagnostic] = []
    for command in alter.commands {
      guard case .detachPartition(let partition, concurrently: false) = command.action,
        !context.text(command.range).lowercased().hasSuffix("finalize")
      else { continue }
      // The parent comes first; silent when it was created earlier in this file.
      guard let effect = context.effects.relations.first, effect.existedBefore else { continue }
      let edit = TextEdit.insert(
        context.keyword(" CONCURRENTLY", before: command.range.lowerBound + 1), at: command.range.upperBound)
      let table = alter.name.displayText
      findings.append(
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              DETACH PARTITION \(partition.displayText) takes \(effect.lock == .accessExclusive ? "an" : "a") \
              \(effect.lock.sqlName) lock on \(table), blocking \(effect.blocks.rawValue) on every partition \
              until it ends
              """),
          help: String(
            message: """
              Detach it without blocking, as the first statement of its own migration file (CONCURRENTLY \
              cannot run inside a transaction block, nor on a table with a default partition):
                \(context.statementText(applying: edit));
              """),
          fixes: [Fix(title: "Insert CONCURRENTLY", applicability: .suggestion, edits: [edit])]))
    }
    return findings
  }
}
