import PostgresSyntax

/// `char(n)` / `character(n)` / `bpchar` written as a column type.
public struct BanCharType: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "ban-char-type",
    category: .types,
    defaultSeverity: .warning,
    summary: "Do not use char(n): use text (with a CHECK constraint if the length matters)",
    rationale: """
      `char(n)` (`character(n)`, `bpchar`; bare `char` is `char(1)`) pads every value with spaces to n \
      characters. The padding takes space, is ignored when two char values are compared but kept or lost \
      depending on the cast (`'a '::char(3) = 'a'` is true, `'a'::char(3)::text` is `a`, `LIKE` and \
      regular expressions see the spaces), and a longer value is an error. It is no faster than `text` \
      in PostgreSQL. Use `text`, with `CHECK (char_length(col) = n)` when values must have a fixed \
      length. The quoted `"char"` is a different, one-byte internal type and is not reported.
      """,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2), name text NOT NULL);
      """,
    triggering: [
      RuleExample(
        "CREATE TABLE countries (code ↓char(2) PRIMARY KEY, name text NOT NULL);",
        message: """
          countries.code is char(2): values are padded with spaces to 2 characters, and the padding is \
          ignored or kept depending on the comparison
          """),
      RuleExample("ALTER TABLE accounts ADD COLUMN currency ↓CHARACTER(3) NOT NULL DEFAULT 'EUR';"),
      RuleExample("ALTER TABLE accounts ADD COLUMN flag ↓char;"),
    ],
    nonTriggering: [
      RuleExample("CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2));"),
      // The internal one-byte type, quoted.
      RuleExample("ALTER TABLE accounts ADD COLUMN kind \"char\" NOT NULL DEFAULT 'a';"),
      RuleExample("ALTER TABLE accounts ADD COLUMN note character varying;"),
    ],
    elsewhere: ["squawk: ban-char-field"])

  static let names: Set<String> = ["char", "character", "bpchar", "nchar", "national character", "national char"]

  public var statementKinds: StatementKinds { .columnTypes }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    // By index, the message in a function of its own: `compactMap` over
    // the list copied every written type out of it to test it (saves ~5 M
    // instructions on the corpus run).
    let types = WrittenColumnType.all(in: context)
    return types.indices.compactMap { index in
      guard !types[index].type.quoted, Self.names.contains(types[index].type.base) else { return nil }
      return diagnostic(types[index], context)
    }
  }

  private func diagnostic(_ written: WrittenColumnType, _ context: RuleContext) -> Diagnostic {
    let type = written.type
    // `bpchar` without a length is unlimited; bare `char` / `character` is char(1).
    let length = type.length ?? (type.base == "bpchar" ? nil : 1)
    let column = SQLName.quoteIfNeeded(written.column.value)
    let text = context.matchingCase("text" + type.arraySuffix, of: written.range)
    let check = length.map { " CHECK (char_length(\(column)) = \($0))" } ?? ""
    let padding =
      length.map { "values are padded with spaces to \($0) character\($0 == 1 ? "" : "s")" }
      ?? "trailing spaces are not significant"
    let changing = written.isNewColumn ? "" : "Changing "
    let verb = written.isNewColumn ? " is " : " to "
    let definition =
      written.isNewColumn
      ? "\(column) \(text)\(type.isArray ? "" : check)"
      : "ALTER TABLE \(written.table.displayText) ALTER COLUMN \(column) TYPE \(text);"
    return context.diagnostic(
      description, range: written.range,
      message: String(
        message: """
          \(changing)\(written.displayName)\(verb)\(context.text(written.range)): \(padding), and the padding \
          is ignored or kept depending on the comparison
          """),
      help: String(
        message: """
          Use text\(check.isEmpty || !written.isNewColumn ? "" : ", with a CHECK constraint if the length matters"):
            \(definition)
          """))
  }
}
