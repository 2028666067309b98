import PostgresSyntax

/// Consecutive ALTER TABLE statements on the same existing table that could
/// be one statement.
public struct MultipleAlterTable: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "multiple-alter-table",
    category: .types,
    defaultSeverity: .info,
    summary: "Consecutive ALTER TABLE statements on the same table can be one statement",
    rationale: """
      Each ALTER TABLE takes its ACCESS EXCLUSIVE lock anew. Outside a transaction every statement \
      queues behind running queries again, and while it waits it blocks every query that comes after \
      it; and each statement makes its own pass over the table when its actions need one (a rewrite, a \
      NOT NULL scan). One ALTER TABLE with comma-separated actions takes the lock once and does the work \
      in one pass. Only ALTER TABLE statements that follow each other directly are reported (the second \
      and later ones). Not reported: tables created earlier in the same file (new and unseen by other \
      sessions), statements with an action that takes a weaker lock and would be held to ACCESS \
      EXCLUSIVE if combined (VALIDATE CONSTRAINT, foreign keys, ATTACH / DETACH PARTITION, SET \
      STATISTICS, ...), and SET NOT NULL next to DROP CONSTRAINT (combined, the constraint is dropped \
      first and can no longer spare the NOT NULL scan).
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      ALTER TABLE orders
        ADD COLUMN shipped_at timestamptz,
        ADD COLUMN carrier text;
      """,
    triggering: [
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
        ↓ALTER TABLE orders ADD COLUMN carrier text;
        """,
        message: """
          orders is altered again right after the previous ALTER TABLE: one statement with comma-separated \
          actions takes the ACCESS EXCLUSIVE lock once
          """),
      RuleExample(
        """
        ALTER TABLE public.profiles DROP COLUMN legacy_name;
        ↓ALTER TABLE public.profiles ALTER COLUMN bio TYPE text;
        ↓ALTER TABLE public.profiles ADD COLUMN avatar_url text;
        """),
    ],
    nonTriggering: [
      RuleExample(
        """
        ALTER TABLE orders
          ADD COLUMN shipped_at timestamptz,
          ADD COLUMN carrier text;
        """),
      RuleExample(
        """
        CREATE TABLE orders (id bigint PRIMARY KEY);
        ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
        ALTER TABLE orders ADD COLUMN carrier text;
        """),
      // NOT VALID then VALIDATE: separate on purpose, the validation takes a weaker lock.
      RuleExample(
        """
        ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
        ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
        """),
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
        COMMENT ON COLUMN orders.shipped_at IS 'When the carrier picked it up';
        ALTER TABLE orders ADD COLUMN carrier text;
        """),
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN carrier text;
        ALTER TABLE customers ADD COLUMN carrier text;
        """),
    ],
    elsewhere: ["eugene: W12 (multiple ALTER TABLE statements where one will do)"])

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, context.statementIndex > 0,
      Self.isCombinable(alter)
    else { return [] }
    let key = context.schema.resolve(alter.name, in: context.schema.tables)
    var run: [AlterTable] = []
    var index = context.statementIndex - 1
    while index >= 0, case .alterTable(let previous) = context.statements[index].node, Self.isCombinable(previous),
      previous.only == alter.only, context.schema.resolve(previous.name, in: context.schema.tables) == key
    {
      run.insert(previous, at: 0)
      index -= 1
    }
    guard !run.isEmpty, !context.isNewTable(alter.name) else { return [] }
    let actions = (run + [alter]).flatMap(\.commands).map(\.action)
    let setsNotNull = actions.contains { if case .setNotNull = $0 { true } else { false } }
    let dropsConstraint = actions.contains { if case .dropConstraint = $0 { true } else { false } }
    if setsNotNull && dropsConstraint { return [] }
    let name = alter.name.displayText
    let first = run[0]
    let head =
      context.keyword("ALTER TABLE", before: context.statement.range.lowerBound + 1) + (first.ifExists ? " IF EXISTS" : "")
      + (first.only ? " ONLY" : "") + " " + first.name.displayText
    let commands = (run + [alter]).flatMap(\.commands).map { "    " + context.text($0.range) }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: """
          \(name) is altered again right after the previous ALTER TABLE: one statement with comma-separated \
          actions takes the ACCESS EXCLUSIVE lock once
          """,
        help: """
          Combine the consecutive ALTER TABLE statements on \(name) into one:
            \(head)
          \(commands.joined(separator: ",\n"));
          """)
    ]
  }

  /// True when the statement may be merged with its neighbours without
  /// changing what it locks: every action takes ACCESS EXCLUSIVE anyway.
  static func isCombinable(_ alter: AlterTable) -> Bool {
    guard alter.objectType == .table, !alter.commands.isEmpty else { return false }
    return alter.commands.allSatisfy { command in
      switch command.action {
      case .validateConstraint, .attachPartition, .detachPartition: return false
      default:
        return command.subtype != "AT_Unknown" && EffectsBuilder.lockLevel(command) == .accessExclusive
      }
    }
  }
}
