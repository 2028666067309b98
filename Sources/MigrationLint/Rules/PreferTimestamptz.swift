import PostgresSyntax

/// `timestamp` (without time zone) written as a column type.
public struct PreferTimestamptz: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "prefer-timestamptz",
    category: .types,
    defaultSeverity: .warning,
    summary: "Use timestamptz instead of timestamp (without time zone) for columns",
    rationale: """
      `timestamp` (without time zone) stores a wall-clock reading with no zone: `2025-03-30 02:30` means a \
      different instant for every session TimeZone, does not exist at all in some of them, and comparing or \
      subtracting values written from different zones gives wrong answers. `timestamptz` stores an \
      absolute instant (UTC internally, the same 8 bytes) and shows it in the reader's TimeZone, so \
      `now()`, intervals and ordering mean what they say. Reported where the type is written: CREATE \
      TABLE columns, ADD COLUMN and ALTER COLUMN TYPE, arrays (`timestamp[]`) included.
      """,
    postgresVersions: "all",
    fixAvailability: .sometimes,
    fixNotes: """
      For a column the statement creates (CREATE TABLE, ADD COLUMN) the fix writes `timestamptz`, keeping \
      the precision and array brackets (`timestamp(3)[]` becomes `timestamptz(3)[]`): safe, no data exists \
      yet. ALTER COLUMN TYPE gets no fix: changing an existing column converts its values in the session \
      TimeZone (changing-column-type reports whether it rewrites the table).
      """,
    useInstead: """
      CREATE TABLE events (id bigint PRIMARY KEY, starts_at timestamptz NOT NULL, ends_at timestamptz(3));
      """,
    triggering: [
      RuleExample(
        "CREATE TABLE meetings (id bigint PRIMARY KEY, starts_at ↓timestamp NOT NULL);",
        message: """
          meetings.starts_at is timestamp without time zone: a wall-clock reading with no zone, whose instant \
          depends on the TimeZone of the session that wrote it
          """),
      RuleExample("ALTER TABLE events ADD COLUMN ends_at ↓TIMESTAMP(3) WITHOUT TIME ZONE;"),
      RuleExample("CREATE TABLE shifts (id bigint PRIMARY KEY, breaks ↓timestamp[]);"),
      RuleExample(
        "ALTER TABLE events ALTER COLUMN starts_at TYPE ↓timestamp;",
        message: """
          Changing events.starts_at to timestamp without time zone drops the time zone: a wall-clock reading \
          whose instant depends on the TimeZone of the session that wrote it
          """),
    ],
    nonTriggering: [
      RuleExample("CREATE TABLE events (id bigint PRIMARY KEY, starts_at timestamptz NOT NULL);"),
      RuleExample("ALTER TABLE events ADD COLUMN ends_at timestamp(3) with time zone;"),
      // A date or a time of day is not an instant.
      RuleExample("CREATE TABLE opening_hours (day date PRIMARY KEY, opens time, closes time);"),
    ],
    fixes: [
      FixExample(
        before: "CREATE TABLE meetings (id bigint PRIMARY KEY, starts_at timestamp NOT NULL);\n",
        after: "CREATE TABLE meetings (id bigint PRIMARY KEY, starts_at timestamptz NOT NULL);\n"),
      FixExample(
        before:
          "ALTER TABLE events ADD COLUMN ends_at TIMESTAMP(3) WITHOUT TIME ZONE, ADD COLUMN breaks timestamp[];\n",
        after: "ALTER TABLE events ADD COLUMN ends_at TIMESTAMPTZ(3), ADD COLUMN breaks timestamptz[];\n"),
    ],
    elsewhere: ["squawk: prefer-timestamp-tz"])

  public var statementKinds: StatementKinds { .columnTypes }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    return WrittenColumnType.all(in: context).compactMap { written in
      guard !written.type.quoted, ["timestamp", "timestamp without time zone"].contains(written.type.base) else {
        return nil
      }
      return diagnostic(written, context)
    }
  }

  private func diagnostic(_ written: WrittenColumnType, _ context: RuleContext) -> Diagnostic {
    let type = written.type
    let replacement = context.matchingCase(
      "timestamptz" + (type.modifiers ?? "") + type.arraySuffix, of: written.range)
    let zoneless = "timestamp without time zone" + (type.isArray ? " array" : "")
    let reading = type.isArray ? "wall-clock readings with no zone" : "a wall-clock reading with no zone"
    guard written.isNewColumn else {
      return context.diagnostic(
        description, range: written.range,
        message: String(
          message: """
            Changing \(written.displayName) to \(zoneless) drops the time zone: \
            a wall-clock reading whose instant depends on the TimeZone of the session that wrote it
            """),
        help: String(
          message: """
            Change it to timestamptz instead (no automatic fix: the existing values are converted in the session \
            TimeZone; changing-column-type says whether the table is rewritten):
              ALTER TABLE \(written.table.displayText) ALTER COLUMN \(SQLName.quoteIfNeeded(written.column.value)) \
            TYPE \(replacement);
            """))
    }
    let fix = Fix(
      title: "Use \(replacement)", applicability: .safe,
      edits: [TextEdit(range: written.range, replacement: replacement)])
    return context.diagnostic(
      description, range: written.range,
      message: String(
        message: """
          \(written.displayName) is \(zoneless): \(reading), whose instant depends on the TimeZone of the \
          session that wrote it
          """),
      help: String(
        message: """
          Use timestamptz: it stores an absolute instant and shows it in each reader's TimeZone:
            \(SQLName.quoteIfNeeded(written.column.value)) \(replacement)
          """),
      fixes: [fix])
  }
}
