import PostgresSyntax

/// `BEGIN` that no `COMMIT` or `ROLLBACK` of the file ends.
public struct UncommittedTransaction: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "uncommitted-transaction",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "BEGIN without a COMMIT or ROLLBACK before the end of the file",
    rationale: """
      A transaction the file opens and never ends is still open when the file is done, and what \
      happens to it is up to the runner, not the author: the next migration may run inside it (and \
      commit or roll back with it), the runner may commit it with its own bookkeeping, or the \
      connection closes and PostgreSQL rolls everything since the `BEGIN` back (`psql -f` ends that \
      way: the migration silently does nothing). Not reported where the runner wraps the file in its \
      own `BEGIN` ... `COMMIT` (Flyway, dbmate, diesel, goose): the runner's `COMMIT` ends it there, and \
      transaction-nesting reports the redundant `BEGIN`.
      """,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      BEGIN;
      ALTER TABLE orders ADD COLUMN note text;
      COMMIT;
      """,
    triggering: [
      RuleExample(
        """
        ↓BEGIN;
        ALTER TABLE orders ADD COLUMN note text;
        """,
        message: """
          BEGIN opens a transaction that no COMMIT or ROLLBACK in the file ends: whether its work \
          is committed is left to what the runner does next
          """),
      RuleExample(
        """
        BEGIN;
        ALTER TABLE orders ADD COLUMN note text;
        COMMIT;
        ↓START TRANSACTION;
        ALTER TABLE orders ADD COLUMN tags text[];
        """,
        runner: Runner.none),
    ],
    nonTriggering: [
      RuleExample(
        """
        BEGIN;
        ALTER TABLE orders ADD COLUMN note text;
        COMMIT;
        """),
      RuleExample(
        """
        BEGIN;
        ALTER TABLE orders ADD COLUMN note text;
        ROLLBACK;
        """,
        runner: Runner.none),
      // The runner's COMMIT ends it (transaction-nesting reports the BEGIN).
      RuleExample(
        """
        BEGIN;
        ALTER TABLE orders ADD COLUMN note text;
        """,
        runner: .flyway),
    ],
    elsewhere: ["squawk: ban-uncommitted-transaction"])

  public var statementKinds: StatementKinds { .transaction }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .transaction(let transaction) = context.statement.node,
      transaction.kind == .begin || transaction.kind == .start
    else { return [] }
    let schema = context.schema
    // A nested BEGIN (transaction-nesting) and the runner's own transaction are not this rule's.
    if schema.inExplicitTransaction || schema.execution == .transactionWrapped { return [] }
    let later = context.statements[(context.statementIndex + 1)...]
    if later.contains(where: RuleContext.endsTransaction) { return [] }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            \(StatementTitle.of(context.statement)) opens a transaction that no COMMIT or ROLLBACK in the \
            file ends: whether its work is committed is left to what the runner does next
            """),
        help: "End it in the file: add COMMIT; after the last statement of the transaction.")
    ]
  }
}
