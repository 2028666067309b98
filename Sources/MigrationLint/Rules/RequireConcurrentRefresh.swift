import PostgresSyntax

/// `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` on a view that has the
/// unique index `CONCURRENTLY` needs.
public struct RequireConcurrentRefresh: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-concurrent-refresh",
    category: .locking,
    defaultSeverity: .warning,
    summary: "Refresh materialized views with CONCURRENTLY when they have a unique index",
    rationale: """
      `REFRESH MATERIALIZED VIEW` recomputes the view's query into a new file under an ACCESS EXCLUSIVE \
      lock on the view: every read of the view waits until the query has run. `REFRESH MATERIALIZED VIEW \
      CONCURRENTLY` computes the new rows next to the old ones and applies the difference under an \
      EXCLUSIVE lock, so reads go on. It needs a unique index on plain columns of the view, without a \
      WHERE clause: the rule reports only views on which the migrations created one, and is silent \
      otherwise (add the index first to use it). It is silent too on views created earlier in the same \
      file (nobody reads them yet) and on `WITH NO DATA`, which CONCURRENTLY does not allow. \
      CONCURRENTLY also needs the view to have been populated once.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .always,
    fixNotes: """
      Inserts `CONCURRENTLY` after `VIEW` (a suggestion, applied with `--unsafe-fixes`): the refresh then \
      takes longer, and fails if the view was never populated.
      """,
    useInstead: """
      REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;
      """,
    triggering: [
      RuleExample(
        "↓REFRESH MATERIALIZED VIEW daily_sales;",
        previousMigrations: [Self.dailySales],
        message: """
          REFRESH MATERIALIZED VIEW daily_sales takes an ACCESS EXCLUSIVE lock on the view, blocking reads and \
          writes until its query has run
          """),
      RuleExample(
        "↓refresh materialized view public.daily_sales;",
        previousMigrations: [Self.dailySales]),
    ],
    nonTriggering: [
      RuleExample("REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;", previousMigrations: [Self.dailySales]),
      // No unique index known: CONCURRENTLY would fail, so the rule is silent.
      RuleExample(
        "REFRESH MATERIALIZED VIEW order_totals;",
        previousMigrations: [
          """
          CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
          CREATE MATERIALIZED VIEW order_totals AS SELECT sum(total) AS total FROM orders;
          """
        ]),
      RuleExample(
        """
        CREATE MATERIALIZED VIEW weekly_sales AS SELECT id FROM orders;
        CREATE UNIQUE INDEX weekly_sales_id_idx ON weekly_sales (id);
        REFRESH MATERIALIZED VIEW weekly_sales;
        """,
        previousMigrations: ["CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);"]),
      RuleExample("REFRESH MATERIALIZED VIEW daily_sales WITH NO DATA;", previousMigrations: [Self.dailySales]),
    ],
    fixes: [
      FixExample(
        before: "REFRESH MATERIALIZED VIEW daily_sales;",
        after: "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;",
        previousMigrations: [Self.dailySales])
    ],
    elsewhere: [])

  /// A materialized view with the unique index CONCURRENTLY needs.
  static let dailySales = """
    CREATE TABLE orders (id bigint PRIMARY KEY, created_at date NOT NULL, total numeric);
    CREATE MATERIALIZED VIEW daily_sales AS SELECT created_at AS day, sum(total) AS total FROM orders GROUP BY 1;
    CREATE UNIQUE INDEX daily_sales_day_idx ON daily_sales (day);
    """

  public var statementKinds: StatementKinds { .refreshMaterializedView }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .refreshMaterializedView(let refresh) = context.statement.node, !refresh.concurrently else {
      return []
    }
    // The view comes first; silent on views created earlier in this file.
    guard let effect = context.effects.relations.first, effect.existedBefore, effect.kind == .materializedView
    else { return [] }
    // CONCURRENTLY needs a unique index on plain columns, without WHERE.
    let hasUniqueIndex = context.schema.indexes.values.contains {
      $0.table == effect.relation && $0.unique && !$0.partial && !$0.columns.isEmpty
        && $0.columns.allSatisfy { $0 != nil }
    }
    guard hasUniqueIndex else { return [] }
    var viewToken: Token?
    var noData = false
    var previous = ""
    for token in context.statementCodeTokens {
      let word = context.text(of: token).lowercased()
      if viewToken == nil && word == "view" { viewToken = token }
      if previous == "no" && word == "data" { noData = true }
      previous = word
    }
    guard !noData, let view = viewToken else { return [] }
    let edit = TextEdit.insert(context.keyword(" CONCURRENTLY", before: view.end), at: view.end)
    let name = refresh.name.displayText
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            REFRESH MATERIALIZED VIEW \(name) takes \(effect.lock == .accessExclusive ? "an" : "a") \
            \(effect.lock.sqlName) lock on the view, blocking \(effect.blocks.rawValue) until its query has run
            """),
        help: String(
          message: """
            Refresh it next to the old rows, so reads of the view go on (its unique index allows it):
              \(context.statementText(applying: edit));
            """),
        fixes: [Fix(title: "Insert CONCURRENTLY", applicability: .suggestion, edits: [edit])])
    ]
  }
}
