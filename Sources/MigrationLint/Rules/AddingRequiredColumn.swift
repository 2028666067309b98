import PostgresSyntax

/// `ADD COLUMN ... NOT NULL` without a default on an existing table.
public struct AddingRequiredColumn: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "adding-required-column",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "Adding a NOT NULL column without a default fails on a table with rows",
    rationale: """
      PostgreSQL fills the new column with NULL in every existing row, so `ADD COLUMN ... NOT NULL` \
      without a `DEFAULT` fails with "column ... contains null values" as soon as the table has one \
      row: the migration works on an empty local database and breaks on deploy. Since PostgreSQL 11 \
      a constant (non-volatile) default is stored in the catalog: the column is added instantly \
      without rewriting the table.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all (the instant constant default needs 11+)",
    fixAvailability: .none,
    useInstead: """
      ALTER TABLE profiles ADD COLUMN IF NOT EXISTS plan text NOT NULL DEFAULT 'free';
      """,
    triggering: [
      RuleExample("ALTER TABLE profiles ADD COLUMN ↓plan text NOT NULL;"),
      RuleExample(
        "ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS ↓region_id bigint NOT NULL REFERENCES regions (id);"),
      RuleExample("ALTER TABLE invoices ADD COLUMN ↓due_on date DEFAULT NULL NOT NULL;"),
    ],
    nonTriggering: [
      RuleExample("ALTER TABLE profiles ADD COLUMN plan text NOT NULL DEFAULT 'free';"),
      RuleExample("ALTER TABLE profiles ADD COLUMN plan text;"),
      RuleExample("ALTER TABLE profiles ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;"),
      RuleExample(
        """
        CREATE TABLE tags (id bigint PRIMARY KEY);
        ALTER TABLE tags ADD COLUMN label text NOT NULL;
        """),
    ],
    elsewhere: ["squawk: adding-required-field", "strong_migrations: add_column (NOT NULL)"])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table else { return [] }
    if context.isNewTable(alter.name) { return [] }
    var diagnostics: [Diagnostic] = []
    for command in alter.commands {
      guard case .addColumn(let column, _, _) = command.action, column.notNull,
        column.defaultExpression == nil || Self.isNullDefault(column.defaultText), !column.isIdentity,
        !column.isGenerated
      else { continue }
      let table = alter.name.displayText
      let name = SQLName.quoteIfNeeded(column.name.value)
      let type = column.typeName
      diagnostics.append(
        context.diagnostic(
          description, range: column.name.range.lowerBound..<column.range.upperBound,
          message: String(message: "Adding NOT NULL column \(name) without a default fails if \(table) has any rows"),
          help: String(
            message: """
              Give it a constant default (instant since PostgreSQL 11, no table rewrite):
                ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(name) \(type) NOT NULL DEFAULT <value>;
              or add it nullable, backfill in batches, then enforce NOT NULL in a later migration:
                ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(name) \(type);
              """)))
    }
    return diagnostics
  }

  /// `DEFAULT NULL` (or `NULL::type`) fills existing rows with NULL just like no default.
  static func isNullDefault(_ text: String?) -> Bool {
    guard let text else { return false }
    // A text starting with another ASCII character (`0`, `now()`, `'x'`)
    // cannot be one: no lower-casing and filtering by character then.
    if let first = text.utf8.first, first < 0x80, !(first == 0x20 || (0x09...0x0D).contains(first)),
      first != UInt8(ascii: "n"), first != UInt8(ascii: "N"), first != UInt8(ascii: "(")
    {
      return false
    }
    let value = text.lowercased().filter { !$0.isWhitespace }
    return value == "null" || value == "(null)" || value.hasPrefix("null::")
  }
}
