import PostgresSyntax

/// `varchar(n)` written as a column type.
public struct PreferText: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "prefer-text",
    category: .types,
    defaultSeverity: .info,
    summary: "Use text (with a CHECK constraint if the limit matters) instead of varchar(n)",
    rationale: """
      In PostgreSQL `varchar(n)` is `text` with a length check built into the type: it is stored the \
      same way and is no faster. Because the limit is part of the type, changing it is an ALTER COLUMN \
      TYPE: raising it is a catalog change, but lowering it rewrites the table under an ACCESS \
      EXCLUSIVE lock. `text` with `CHECK (char_length(col) <= n)` enforces the same limit, and a new limit \
      is a new constraint, added `NOT VALID` and validated without blocking writes. Unlimited `varchar` \
      (no length) is `text` under another name and is not reported.
      """,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      CREATE TABLE users (
        id bigint PRIMARY KEY,
        nickname text CHECK (char_length(nickname) <= 50)
      );
      """,
    triggering: [
      RuleExample(
        "CREATE TABLE users (id bigint PRIMARY KEY, nickname ↓varchar(50));",
        message: """
          users.nickname is varchar(50): the limit is part of the type, so lowering it later is an ALTER \
          COLUMN TYPE that rewrites users
          """),
      RuleExample("ALTER TABLE users ADD COLUMN email ↓CHARACTER VARYING(255) NOT NULL DEFAULT '';"),
      RuleExample("ALTER TABLE users ALTER COLUMN nickname TYPE ↓varchar(80);"),
    ],
    nonTriggering: [
      RuleExample("CREATE TABLE users (id bigint PRIMARY KEY, nickname text CHECK (char_length(nickname) <= 50));"),
      // Without a length varchar is text under another name.
      RuleExample("ALTER TABLE users ADD COLUMN email varchar;"),
      RuleExample("CREATE TABLE users (id bigint PRIMARY KEY, tags text[]);"),
    ],
    elsewhere: ["squawk: prefer-text-field"])

  public var statementKinds: StatementKinds { .columnTypes }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    // Only the test in the closure, the message in a function of its own:
    // with the message built inline every written type was copied out of
    // the list (saves ~6 M instructions on the corpus run).
    return WrittenColumnType.all(in: context).compactMap { written in
      guard !written.type.quoted, ["varchar", "character varying"].contains(written.type.base),
        let length = written.type.length
      else { return nil }
      return diagnostic(written, length: length, context)
    }
  }

  private func diagnostic(_ written: WrittenColumnType, length: Int, _ context: RuleContext) -> Diagnostic {
    let type = written.type
    let column = SQLName.quoteIfNeeded(written.column.value)
    let text = context.matchingCase("text" + type.arraySuffix, of: written.range)
    let check = "CHECK (char_length(\(column)) <= \(length))"
    let asWritten = context.text(written.range)
    let table = written.table.displayText
    if written.isNewColumn {
      return context.diagnostic(
        description, range: written.range,
        message: String(
          message: """
            \(written.displayName) is \(asWritten): the limit is part of the type, so lowering it later is \
            an ALTER COLUMN TYPE that rewrites \(table)
            """),
        help: type.isArray
          ? "Use \(text): \(column) \(text)"
          : """
          Use text, with a CHECK constraint if the limit matters (a new limit is then a new constraint, \
          no rewrite):
            \(column) \(text) \(check)
          """)
    }
    return context.diagnostic(
      description, range: written.range,
      message: String(
        message: """
          Changing \(written.displayName) to \(asWritten): the limit is part of the type, so lowering it later \
          is another ALTER COLUMN TYPE that rewrites \(table)
          """),
      help: String(
        message: """
          Change it to text (from varchar or text no rewrite), with a CHECK constraint if the limit matters:
            ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(text);
            ALTER TABLE \(table) ADD CONSTRAINT \(SQLName.quoteIfNeeded(String("\(written.table.name)_\(written.column.value)_length".prefix(63)))) \(check) NOT VALID;
          """))
  }
}
