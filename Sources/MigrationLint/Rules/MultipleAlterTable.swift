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
      in one pass. Only ALTER TABLE statements that follow each other directly are reported, once per run \
      of them (at its second statement; the help combines the whole run). Not reported: tables created earlier in the same file (new and unseen by other \
      sessions), statements with an action that takes a weaker lock and would be held to ACCESS \
      EXCLUSIVE if combined (VALIDATE CONSTRAINT, foreign keys, ATTACH / DETACH PARTITION, SET \
      STATISTICS, ...), and SET NOT NULL next to DROP CONSTRAINT (combined, the constraint is dropped \
      first and can no longer spare the NOT NULL scan), nor statements that act on the same column or \
      constraint (one ALTER TABLE runs its actions in passes, not in the order written: an ALTER COLUMN \
      TYPE would run before the ADD COLUMN that creates the column), nor down migrations.
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
        ALTER TABLE public.profiles ADD COLUMN avatar_url text;
        """,
        message: """
          public.profiles is altered by 3 ALTER TABLE statements in a row: one statement with comma-separated \
          actions takes the ACCESS EXCLUSIVE lock once
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
      // Combined, the type change would run before the column exists.
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN code int;
        ALTER TABLE orders ALTER COLUMN code TYPE bigint;
        """),
    ],
    elsewhere: ["eugene: W12 (multiple ALTER TABLE statements where one will do)"])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, context.statementIndex > 0,
      Self.isCombinable(alter), case .alterTable(let previous) = context.statements[context.statementIndex - 1].node,
      Self.isCombinable(previous), !context.isDownMigration,
      // Inside a DO block the neighbour is the block's guard, not an ALTER TABLE to merge with.
      !context.schema.insideDoBlock
    else { return [] }
    let key = context.schema.resolve(alter.name, in: context.schema.tables)
    func joins(_ index: Int) -> AlterTable? {
      guard context.statements.indices.contains(index), case .alterTable(let other) = context.statements[index].node,
        Self.isCombinable(other), other.only == alter.only,
        context.schema.resolve(other.name, in: context.schema.tables) == key
      else { return nil }
      return other
    }
    // The whole block of consecutive statements this one belongs to,
    // reported once, at its second statement.
    guard joins(context.statementIndex - 1) != nil, joins(context.statementIndex - 2) == nil,
      !context.isNewTable(alter.name)
    else { return [] }
    var first = context.statementIndex
    while joins(first - 1) != nil { first -= 1 }
    var last = context.statementIndex
    while joins(last + 1) != nil { last += 1 }
    let block = (first...last).compactMap(joins)
    if Self.conflict(block) { return [] }
    let name = alter.name.displayText
    let head =
      context.keyword("ALTER TABLE", before: context.statement.range.lowerBound + 1)
      + (block[0].ifExists ? " IF EXISTS" : "") + (block[0].only ? " ONLY" : "") + " " + block[0].name.displayText
    // Each action on its own line; an action's continuation lines one level deeper.
    let commands = block.flatMap(\.commands).map { Self.indentedAction(context.source.bytes[$0.range]) }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: block.count == 2
          ? """
          \(name) is altered again right after the previous ALTER TABLE: one statement with comma-separated \
          actions takes the ACCESS EXCLUSIVE lock once
          """
          : """
          \(name) is altered by \(block.count) ALTER TABLE statements in a row: one statement with \
          comma-separated actions takes the ACCESS EXCLUSIVE lock once
          """,
        help: String(
          message: """
            Combine the \(block.count) consecutive ALTER TABLE statements on \(name) into one:
              \(head)
            \(commands.joined(separator: ",\n"));
            """))
    ]
  }

  /// An action's text for the help, each line re-indented: the first by
  /// four spaces, continuation lines by six; carriage returns dropped.
  /// On bytes: this runs for every action of every finding.
  static func indentedAction(_ text: ArraySlice<UInt8>) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(text.count + 8)
    var atLineStart = true
    var firstLine = true
    for byte in text {
      if byte == 0x0A {
        if atLineStart { output.append(contentsOf: repeatElement(0x20, count: firstLine ? 4 : 6)) }
        output.append(0x0A)
        atLineStart = true
        firstLine = false
        continue
      }
      if byte == 0x0D || (atLineStart && (byte == 0x20 || byte == 0x09)) { continue }
      if atLineStart {
        output.append(contentsOf: repeatElement(0x20, count: firstLine ? 4 : 6))
        atLineStart = false
      }
      output.append(byte)
    }
    // A line with nothing after its indentation still gets the indentation.
    if atLineStart { output.append(contentsOf: repeatElement(0x20, count: firstLine ? 4 : 6)) }
    return String(decoding: output, as: UTF8.self)
  }

  /// True when combining the block could change what it does. PostgreSQL
  /// runs the actions of one ALTER TABLE in passes (drops, then type
  /// changes, then added columns, ...), not in the order written: an action
  /// on a column or constraint that an earlier statement adds or changes may
  /// then run first and fail. And with SET NOT NULL next to DROP CONSTRAINT
  /// the constraint that spares the NOT NULL scan is dropped first.
  static func conflict(_ block: [AlterTable]) -> Bool {
    var seen: Set<String> = []
    var setsNotNull = false
    var dropsConstraint = false
    for alter in block {
      var names: Set<String> = []
      for command in alter.commands {
        switch command.action {
        case .addColumn(let column, _, _): names.insert("column " + column.name.value)
        case .dropColumn(let column, _, _, _), .alterColumnType(let column, _, _, _), .dropNotNull(let column),
          .setDefault(let column, _), .dropDefault(let column), .addIdentity(let column):
          names.insert("column " + column.value)
        case .setNotNull(let column):
          names.insert("column " + column.value)
          setsNotNull = true
        case .addConstraint(let constraint):
          if let name = constraint.name { names.insert("constraint " + name.value) }
        case .dropConstraint(let name, _, _):
          names.insert("constraint " + name.value)
          dropsConstraint = true
        default: continue
        }
      }
      if !seen.isDisjoint(with: names) { return true }
      seen.formUnion(names)
    }
    return setsNotNull && dropsConstraint
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
