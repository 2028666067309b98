import PostgresSyntax

/// `ALTER TYPE ... ADD VALUE` without `BEFORE` or `AFTER`.
public struct RequireEnumValueOrdering: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-enum-value-ordering",
    category: .compatibility,
    defaultSeverity: .info,
    summary: "ALTER TYPE ... ADD VALUE without BEFORE or AFTER puts the value last",
    rationale: """
      An enum's values sort in the order they were declared, not alphabetically: `ORDER BY status`, \
      `status < 'shipped'`, `max(status)` and indexes on the column follow it. `ADD VALUE` without \
      `BEFORE` or `AFTER` appends the new value at the end, which is right for some enums and \
      silently wrong for ordered ones (`draft < review < published`). Saying where it goes documents \
      the intent. Off by default: many enums are unordered sets of labels.
      """,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: "ALTER TYPE order_status ADD VALUE 'shipped' AFTER 'paid';",
    triggering: [
      RuleExample(
        "↓ALTER TYPE order_status ADD VALUE 'shipped';",
        message: "ALTER TYPE order_status ADD VALUE 'shipped' puts the value after every existing one"),
      RuleExample("↓ALTER TYPE public.order_status ADD VALUE IF NOT EXISTS 'refunded';"),
    ],
    nonTriggering: [
      RuleExample("ALTER TYPE order_status ADD VALUE 'shipped' AFTER 'paid';"),
      RuleExample("ALTER TYPE order_status ADD VALUE 'draft' BEFORE 'open';"),
      RuleExample("ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';"),
    ],
    elsewhere: ["squawk: require-enum-value-ordering"],
    enabledByDefault: false)

  public var statementKinds: StatementKinds { .alterEnum }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterEnum(let alter) = context.statement.node, alter.renameFrom == nil,
      let value = alter.newValue, alter.before == nil, alter.after == nil
    else { return [] }
    let literal = EnumValueInTransaction.literal(value)
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: "ALTER TYPE \(alter.name.displayText) ADD VALUE \(literal) puts the value after every existing one"),
        help: String(
          message: """
            Say where it sorts: ADD VALUE \(literal) BEFORE '<existing value>' or AFTER '<existing value>' \
            (after the last one when appending is intended).
            """))
    ]
  }
}
