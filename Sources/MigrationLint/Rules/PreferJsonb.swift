import PostgresSyntax

/// `json` written as a column type.
public struct PreferJsonb: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "prefer-jsonb",
    category: .types,
    defaultSeverity: .warning,
    summary: "Use jsonb instead of json for columns",
    rationale: """
      `json` keeps the input text as written and parses it again on every access. It has no equality \
      operator, so `SELECT DISTINCT`, `GROUP BY`, `UNION` and `IN (subquery)` over the column fail \
      (`could not identify an equality operator for type json`), and it has no GIN operator class, so \
      containment queries (`@>`, `?`) cannot use an index. `jsonb` stores the parsed value, compares, \
      indexes and is faster to read; it drops duplicate keys, key order and insignificant whitespace, \
      which only matters if the exact input text must be kept. Reported where the type is written: \
      CREATE TABLE columns, ADD COLUMN and ALTER COLUMN TYPE, arrays (`json[]`) included.
      """,
    postgresVersions: "9.4+ (jsonb)",
    fixAvailability: .sometimes,
    fixNotes: """
      For a column the statement creates (CREATE TABLE, ADD COLUMN) the fix writes `jsonb` (keeping array \
      brackets): safe, no data exists yet. ALTER COLUMN TYPE gets no fix: converting an existing column \
      reparses every value and rewrites the table.
      """,
    useInstead: """
      CREATE TABLE webhooks (id bigint PRIMARY KEY, payload jsonb NOT NULL);
      CREATE INDEX webhooks_payload_idx ON webhooks USING gin (payload);
      """,
    triggering: [
      RuleExample(
        "CREATE TABLE webhook_calls (id bigint PRIMARY KEY, payload ↓json NOT NULL);",
        message: """
          webhook_calls.payload is json: reparsed on every access, no equality operator (DISTINCT, GROUP BY and \
          UNION fail) and no GIN index
          """),
      RuleExample("ALTER TABLE webhooks ADD COLUMN headers ↓JSON, ADD COLUMN attempts ↓json[];"),
      RuleExample(
        "ALTER TABLE webhooks ALTER COLUMN payload TYPE ↓json USING payload::json;",
        message: """
          Changing webhooks.payload to json: reparsed on every access, no equality operator (DISTINCT, \
          GROUP BY and UNION fail) and no GIN index
          """),
    ],
    nonTriggering: [
      RuleExample("CREATE TABLE webhooks (id bigint PRIMARY KEY, payload jsonb NOT NULL);"),
      RuleExample("ALTER TABLE webhooks ADD COLUMN headers jsonb DEFAULT '{}'::jsonb;"),
      RuleExample("ALTER TABLE webhooks ALTER COLUMN payload TYPE jsonb USING payload::jsonb;"),
    ],
    fixes: [
      FixExample(
        before: "CREATE TABLE webhook_calls (id bigint PRIMARY KEY, payload json NOT NULL);\n",
        after: "CREATE TABLE webhook_calls (id bigint PRIMARY KEY, payload jsonb NOT NULL);\n"),
      FixExample(
        before: "ALTER TABLE webhooks ADD COLUMN headers JSON, ADD COLUMN attempts json[];\n",
        after: "ALTER TABLE webhooks ADD COLUMN headers JSONB, ADD COLUMN attempts jsonb[];\n"),
    ],
    elsewhere: ["eugene: E3 (json column, prefer jsonb)"])

  public var statementKinds: StatementKinds { .columnTypes }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    return WrittenColumnType.all(in: context).compactMap { written in
      guard written.type.base == "json" else { return nil }
      return diagnostic(written, context)
    }
  }

  private func diagnostic(_ written: WrittenColumnType, _ context: RuleContext) -> Diagnostic {
    let replacement = context.matchingCase("jsonb" + written.type.arraySuffix, of: written.range)
    let why = "reparsed on every access, no equality operator (DISTINCT, GROUP BY and UNION fail) and no GIN index"
    let column = SQLName.quoteIfNeeded(written.column.value)
    guard written.isNewColumn else {
      return context.diagnostic(
        description, range: written.range,
        message: String(
          message: "Changing \(written.displayName) to \(written.type.isArray ? "json[]" : "json"): \(why)"),
        help: String(
          message: """
            Change it to jsonb instead (no automatic fix: converting an existing column reparses every value \
            and rewrites the table):
              ALTER TABLE \(written.table.displayText) ALTER COLUMN \(column) TYPE \(replacement) \
            USING \(column)::\(replacement);
            """))
    }
    return context.diagnostic(
      description, range: written.range,
      message: String(message: "\(written.displayName) is \(written.type.isArray ? "json[]" : "json"): \(why)"),
      help: String(
        message: """
          Use jsonb: it stores the parsed value, compares and can be indexed with GIN:
            \(column) \(replacement)
          """),
      fixes: [
        Fix(
          title: "Use \(replacement)", applicability: .safe,
          edits: [TextEdit(range: written.range, replacement: replacement)])
      ])
  }
}
