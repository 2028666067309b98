import PostgresSyntax

/// `ADD COLUMN` whose value is computed per row, rewriting an existing table.
public struct VolatileDefault: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "volatile-default",
    category: .locking,
    defaultSeverity: .error,
    summary: "Adding a column with a volatile default rewrites the table under an ACCESS EXCLUSIVE lock",
    rationale: """
      Since PostgreSQL 11 `ADD COLUMN ... DEFAULT` with a constant (or stable, like `now()`) default is \
      instant: the value is stored once in the catalog. A volatile default (`gen_random_uuid()`, \
      `random()`, `clock_timestamp()`, `nextval(...)`), a serial or identity column and a stored \
      generated column need a value computed for every row, so PostgreSQL rewrites the whole table and \
      rebuilds its indexes while holding an ACCESS EXCLUSIVE lock (no reads, no writes). Before \
      PostgreSQL 11 any non-null default rewrites the table. Tables created earlier in the same file are \
      new and unseen by other sessions: the rule is silent on them.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all (any non-null default rewrites before 11)",
    fixAvailability: .none,
    useInstead: """
      ALTER TABLE orders ADD COLUMN public_id uuid;
      ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
      -- then backfill existing rows in batches:
      -- UPDATE orders SET public_id = gen_random_uuid() WHERE id IN (... next batch ...) AND public_id IS NULL;
      """,
    triggering: [
      RuleExample(
        "ALTER TABLE orders ADD COLUMN ↓public_id uuid DEFAULT gen_random_uuid();",
        message: """
          Adding orders.public_id with default gen_random_uuid() rewrites orders under an ACCESS EXCLUSIVE \
          lock, blocking reads and writes
          """),
      RuleExample("ALTER TABLE events ADD COLUMN ↓seen_at timestamptz NOT NULL DEFAULT clock_timestamp();"),
      RuleExample("ALTER TABLE events ADD COLUMN ↓seq bigserial;"),
      RuleExample(
        "ALTER TABLE events ADD COLUMN ↓created_at timestamptz NOT NULL DEFAULT now();", postgresVersion: 10,
        message: """
          Adding events.created_at with default now() rewrites events under an ACCESS EXCLUSIVE lock \
          (any non-null default does before PostgreSQL 11), blocking reads and writes
          """),
    ],
    nonTriggering: [
      RuleExample(
        "ALTER TABLE events ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();", postgresVersion: 15),
      RuleExample("ALTER TABLE events ADD COLUMN status text NOT NULL DEFAULT 'new';", postgresVersion: 15),
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN public_id uuid;
        ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
        """),
      // A virtual generated column (PostgreSQL 18) is computed on read: nothing to rewrite.
      RuleExample(
        "ALTER TABLE orders ADD COLUMN double_id bigint GENERATED ALWAYS AS (id * 2) VIRTUAL;",
        postgresVersion: 18),
      RuleExample(
        """
        CREATE TABLE tags (id bigint PRIMARY KEY);
        ALTER TABLE tags ADD COLUMN public_id uuid DEFAULT gen_random_uuid();
        """),
    ],
    elsewhere: [
      "squawk: adding-field-with-default", "strong_migrations: add_column_default",
      "eugene: E9 (volatile default)",
    ])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table else { return [] }
    // The engine's verdict first: silent on new tables and on statements that do not rewrite.
    guard let effect = context.effects.relations.first, effect.existedBefore, effect.rewrite else { return [] }
    let table = context.schema.tables[context.schema.resolve(alter.name, in: context.schema.tables)]
    let tableName = alter.name.displayText
    let old = context.settings.postgresVersion < 11
    var diagnostics: [Diagnostic] = []
    for command in alter.commands {
      guard case .addColumn(let column, let ifNotExists, _) = command.action else { continue }
      // ADD COLUMN IF NOT EXISTS on a column that is there does nothing.
      if ifNotExists, table?.column(column.name.value) != nil { continue }
      let defaultText = column.defaultText.flatMap { SchemaState.isNullConstant($0) ? nil : $0 }
      let what: String
      var reason = ""
      if column.isIdentity {
        what = "as \(column.typeName.lowercased().hasSuffix("serial") ? column.typeName : "an identity column")"
      } else if column.isGenerated && !column.isVirtual {
        what = "as a stored generated column"
      } else if let defaultText, DefaultVolatility.isVolatile(defaultText) {
        what = "with default \(defaultText)"
      } else if let defaultText, old {
        what = "with default \(defaultText)"
        reason = " (any non-null default does before PostgreSQL 11)"
      } else {
        continue
      }
      let name = SQLName.quoteIfNeeded(column.name.value)
      // A serial column is an integer with a sequence default: add the integer.
      let serials = [
        "serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
        "smallserial": "smallint", "serial2": "smallint",
      ]
      let type = serials[column.typeName.lowercased()] ?? column.typeName
      let setDefault =
        defaultText.map { "\n  ALTER TABLE \(tableName) ALTER COLUMN \(name) SET DEFAULT \($0);" } ?? ""
      diagnostics.append(
        context.diagnostic(
          description, range: column.name.range.lowerBound..<column.range.upperBound,
          message: String(
            message: """
              Adding \(tableName).\(name) \(what) rewrites \(tableName) under an \(effect.lock.sqlName) \
              lock\(reason), blocking \(effect.blocks.rawValue)
              """),
          help: String(
            message: """
              Add the column without the default, set the default for new rows, then backfill existing rows \
              in batches:
                ALTER TABLE \(tableName) ADD COLUMN \(name) \(type);\(setDefault)
              """)))
    }
    return diagnostics
  }
}
