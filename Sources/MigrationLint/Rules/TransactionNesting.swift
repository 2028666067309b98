import PostgresSyntax

/// `BEGIN` / `COMMIT` in a file the runner already runs inside a transaction
/// block, or a second `BEGIN` inside the file's own.
public struct TransactionNesting: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "transaction-nesting",
    category: .compatibility,
    defaultSeverity: .warning,
    summary: "BEGIN or COMMIT inside the transaction the runner (or an earlier BEGIN) already opened",
    rationale: """
      PostgreSQL has no nested transactions. Flyway, dbmate, diesel and goose run each migration \
      inside their own `BEGIN` ... `COMMIT`: a `BEGIN` in the file does nothing there but warn "there \
      is already a transaction in progress", and its `COMMIT` commits the runner's transaction early. \
      The statements after that `COMMIT` (and the runner's record of the migration) then run outside \
      it: a failure there leaves the migration half applied and not recorded, and the runner's own \
      `COMMIT` only warns "there is no transaction in progress". The same holds for a second `BEGIN` \
      after the file's own. Not reported for the Supabase CLI and golang-migrate, which send a file as \
      one implicit transaction: there a `BEGIN` turns it into an explicit one without a warning, and \
      a `COMMIT` mid-file is a deliberate split (e.g. before a `CONCURRENTLY` statement); \
      uncommitted-transaction reports a `BEGIN` that nothing ends.
      """,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- The runner wraps the file in a transaction: write only the statements.
      ALTER TABLE orders ADD COLUMN note text;
      """,
    triggering: [
      RuleExample(
        """
        ↓BEGIN;
        ALTER TABLE orders ADD COLUMN note text;
        COMMIT;
        """,
        runner: .flyway,
        message: """
          BEGIN inside the runner's BEGIN/COMMIT only warns "there is already a transaction in \
          progress", and the COMMIT after it commits the runner's transaction early
          """),
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN note text;
        ↓COMMIT;
        CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
        """,
        runner: .dbmate,
        message: """
          COMMIT ends the runner's BEGIN/COMMIT early: the statements after it and the runner's record \
          of the migration run outside it, so a failure there leaves the migration half applied
          """),
      RuleExample(
        """
        BEGIN;
        ↓BEGIN;
        ALTER TABLE orders ADD COLUMN note text;
        COMMIT;
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
        COMMIT;
        """,
        runner: Runner.none),
      RuleExample("ALTER TABLE orders ADD COLUMN note text;", runner: .flyway),
    ],
    elsewhere: ["squawk: transaction-nesting"])

  public var statementKinds: StatementKinds { .transaction }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .transaction(let transaction) = context.statement.node else { return [] }
    let opener = context.schema.transactionContext.opener
    switch transaction.kind {
    case .begin, .start:
      guard opener == .runner || opener == .explicit else { return [] }
      let word = StatementTitle.of(context.statement)
      let end = context.transactionEnd
      let commit =
        end < context.statements.count
        ? "the \(StatementTitle.of(context.statements[end])) after it"
        : nil
      let owner = opener == .runner ? "the runner's BEGIN/COMMIT" : "the transaction already open"
      let consequence =
        commit.map { ", and \($0) commits \(opener == .runner ? "the runner's" : "that") transaction early" } ?? ""
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: "\(word) inside \(owner) only warns \"there is already a transaction in progress\"\(consequence)"),
          help: opener == .runner
            ? "The runner already runs the file in a transaction: remove the \(word) and its COMMIT."
            : "PostgreSQL has no nested transactions: remove this \(word) (use SAVEPOINT for a partial rollback).")
      ]
    case .commit, .rollback:
      guard opener == .runner else { return [] }
      let word = StatementTitle.of(context.statement)
      let after = context.statementCount(in: (context.statementIndex + 1)..<context.statements.count)
      let outside =
        after == 0
        ? "the runner's record of the migration then runs outside it, and the runner's COMMIT only warns \"there is no transaction in progress\""
        : "the statements after it and the runner's record of the migration run outside it, so a failure there leaves the migration half applied"
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              \(word) ends the runner's BEGIN/COMMIT early: \(outside)
              """),
          help: String(
            message: """
              Remove the \(word); to run a statement outside a transaction, put it in a migration of its \
              own that the runner does not wrap (e.g. goose `-- +goose NO TRANSACTION`, dbmate \
              `transaction:false`).
              """))
      ]
    default:
      return []
    }
  }
}
