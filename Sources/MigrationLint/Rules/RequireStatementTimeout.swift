import PostgresSyntax

/// A statement that reads or rewrites every row of an existing table while
/// no `statement_timeout` is set.
public struct RequireStatementTimeout: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-statement-timeout",
    category: .locking,
    defaultSeverity: .info,
    summary: "Set a statement_timeout before a statement that reads or rewrites every row of an existing table",
    rationale: """
      Validating a constraint, `SET NOT NULL`, adding a `CHECK` or foreign key, building an index \
      (even `CONCURRENTLY`), an `UPDATE` without `WHERE` or a rewriting `ALTER COLUMN ... TYPE` take \
      as long as the table is big, and they hold their lock all that time: a table far bigger in \
      production than in development turns a migration of seconds into one of hours, blocking \
      writes (or every query) until it ends. With `SET statement_timeout` the migration fails after a \
      bound you choose and rolls back, instead of running on behind the lock; re-plan it then (e.g. \
      `NOT VALID` and a separate `VALIDATE`). A timed-out `CREATE INDEX CONCURRENTLY` leaves an \
      `INVALID` index behind: drop it before retrying. The rule reports the first such statement after \
      each transaction boundary (one SET covers the later ones). Tables created earlier in the same \
      file are new and empty: the rule is silent on them. \
      Off by default with `runner: supabase`: hosted Supabase projects configure statement_timeout \
      per role (the API roles have short ones), and the role the migrations connect as may have one \
      that cslint cannot see in the files (the CLI's `RESET ALL` before each file goes back to the \
      role's and database's settings, not to none). Enable the rule when your migration role has none.
      """,
    postgresVersions: "all",
    fixAvailability: .sometimes,
    fixNotes: """
      Inserts `SET statement_timeout = '15min';` on a line before the statement (`SET LOCAL` inside an \
      explicit transaction; pick the bound your deploy can afford), a suggestion applied with \
      `--unsafe-fixes`. Not for a `CONCURRENTLY` statement the runner sends in its transaction: a \
      statement before it would make PostgreSQL refuse it.
      """,
    useInstead: """
      SET statement_timeout = '15min';
      ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
      """,
    triggering: [
      RuleExample(
        "↓ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;",
        message: """
          ALTER TABLE reads every row of orders under a SHARE UPDATE EXCLUSIVE lock with no \
          statement_timeout: nothing stops it if the table is bigger than planned
          """),
      // One SET covers the statements after the first.
      RuleExample(
        """
        ↓ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2);
        ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total >= 0);
        """,
        runner: Runner.none),
      RuleExample(
        """
        SET statement_timeout = 0;
        ↓CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
        """,
        runner: Runner.none),
    ],
    nonTriggering: [
      RuleExample(
        """
        SET statement_timeout = '15min';
        ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
        """),
      RuleExample(
        """
        CREATE TABLE refunds (id bigint PRIMARY KEY, amount numeric);
        ALTER TABLE refunds ADD CONSTRAINT refunds_amount_check CHECK (amount > 0);
        """),
      // NOT VALID checks only new rows: no scan.
      RuleExample("ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;"),
      // require-concurrent-index-creation reports it, and its fix changes the statement.
      RuleExample("CREATE INDEX orders_status_idx ON orders (status);"),
    ],
    fixes: [
      FixExample(
        before: "-- Checks the old rows.\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;",
        after:
          "-- Checks the old rows.\nSET statement_timeout = '15min';\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;"
      ),
      FixExample(
        before: "BEGIN;\n  ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\nCOMMIT;",
        after:
          "BEGIN;\n  SET LOCAL statement_timeout = '15min';\n  ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\nCOMMIT;"
      ),
    ],
    elsewhere: ["squawk: require-statement-timeout", "squawk: require-timeout-settings"],
    offByDefaultFor: [.supabase])

  public func check(_ context: RuleContext) -> [Diagnostic] {
    // Only DDL and DML read or rewrite whole tables: skip computing the rest's effects.
    if case .dml = context.statement.node {
    } else if !StatementEffects.mayTakeShareLock(context.statement) {
      return []
    }
    // An earlier statement since the last boundary got the finding: its SET
    // covers this one. Tested first: the effects (which the linter needs
    // all the same) are then computed but not copied out.
    if context.schema.longRunWithoutTimeout {
      context.computeEffectsIfNeeded()
      return []
    }
    // Tested in the cache, the effects copied out only for a finding (a
    // copy costs ~250 instructions; most statements get none).
    context.computeEffectsIfNeeded()
    guard let effect = context.effectsCache.longRunWithoutTimeout else { return [] }
    // Read in the cache: the effects are not copied out for one field.
    let opener = context.effectsCache.value?.transaction.opener
    let table = RequireLockTimeout.display(effect.relation)
    let work = effect.rewrite ? "rewrites" : "reads"
    let isLocal = opener == .explicit
    let set = isLocal ? "SET LOCAL statement_timeout = '15min';" : "SET statement_timeout = '15min';"
    // A statement before a CONCURRENTLY one in the runner's transaction makes PostgreSQL refuse it.
    let refusedAfterSet =
      StatementEffects.commitsByItself(context.statement) && opener != TransactionOpener.none
    let start = context.statement.range.lowerBound
    let indent = RequireLockTimeout.indentation(before: start, in: context.source)
    let fixes: [Fix] =
      context.statement.span.semicolon == nil || refusedAfterSet
      ? []
      : [
        Fix(
          title: isLocal ? Self.localTitle : Self.sessionTitle, applicability: .suggestion,
          edits: [TextEdit.insert(String(message: "\(set)\(context.lineBreak)\(indent)"), at: start)])
      ]
    let help =
      refusedAfterSet
      ? """
      A statement before it in the same transaction makes PostgreSQL refuse it: give the role that \
      runs migrations a timeout instead (ALTER ROLE ... SET statement_timeout = '15min'), or run it \
      in a file of its own after a SET.
      """
      : isLocal ? Self.localHelp : Self.sessionHelp
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            \(RequireLockTimeout.verb(context)) \(work) every row of \(table) under \
            \(Self.article(effect.lock)) \(effect.lock.sqlName) lock with no statement_timeout: nothing \
            stops it if the table is bigger than planned
            """),
        help: help, fixes: fixes)
    ]
  }

  static func article(_ lock: LockMode) -> String {
    lock == .accessExclusive || lock == .exclusive || lock == .accessShare ? "an" : "a"
  }

  // The texts that depend only on the SET: built once, not per finding.
  static let localTitle = "Insert SET LOCAL statement_timeout = '15min';"
  static let sessionTitle = "Insert SET statement_timeout = '15min';"
  static let localHelp = help(set: "SET LOCAL statement_timeout = '15min';")
  static let sessionHelp = help(set: "SET statement_timeout = '15min';")

  static func help(set: String) -> String {
    """
    Bound how long it may run, so that a table bigger than planned makes the migration fail and \
    roll back instead of holding the lock for hours:
      \(set)
    """
  }
}
