import PostgresSyntax

/// `ADD UNIQUE`, `ADD PRIMARY KEY` and `ADD EXCLUDE` on an existing table
/// without `USING INDEX`: the index is built under ACCESS EXCLUSIVE.
public struct UniqueConstraintWithoutIndex: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "unique-constraint-without-index",
    category: .locking,
    defaultSeverity: .error,
    summary: "Build the index of a UNIQUE or PRIMARY KEY constraint CONCURRENTLY, then attach it with USING INDEX",
    rationale: """
      `ALTER TABLE ... ADD CONSTRAINT ... UNIQUE`, `ADD PRIMARY KEY` and `ADD ... EXCLUDE` build their \
      index while holding an ACCESS EXCLUSIVE lock on the table: no reads and no writes until the \
      whole index is built. `CREATE UNIQUE INDEX CONCURRENTLY` builds the same index while reads and \
      writes go on, and `ADD CONSTRAINT ... UNIQUE USING INDEX` (or `PRIMARY KEY USING INDEX`) then \
      turns it into the constraint at once. A primary key on nullable columns also makes them NOT NULL, \
      which scans the table under the same lock. `EXCLUDE` constraints have no `USING INDEX` form. \
      Tables created earlier in the same file are new and empty: the rule is silent on them.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- A migration of its own (CONCURRENTLY cannot run in a transaction):
      CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON accounts (email);
      -- Then, instant:
      ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key;
      """,
    triggering: [
      RuleExample(
        "ALTER TABLE accounts ↓ADD CONSTRAINT accounts_email_key UNIQUE (email);",
        previousMigrations: ["CREATE TABLE accounts (id bigint NOT NULL, email text);"],
        message: """
          ADD CONSTRAINT accounts_email_key builds its index under an ACCESS EXCLUSIVE lock on accounts, \
          blocking reads and writes until it ends
          """),
      RuleExample(
        "ALTER TABLE accounts ↓ADD PRIMARY KEY (id);",
        previousMigrations: ["CREATE TABLE accounts (id bigint, email text);"],
        message: """
          ADD PRIMARY KEY builds its index under an ACCESS EXCLUSIVE lock on accounts, blocking reads \
          and writes until it ends
          """),
      RuleExample(
        "ALTER TABLE bookings ↓ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =);",
        previousMigrations: ["CREATE TABLE bookings (id bigint, room int);"]),
      // A new column's index is built under the same lock.
      RuleExample(
        "ALTER TABLE accounts ↓ADD COLUMN handle text UNIQUE;",
        previousMigrations: ["CREATE TABLE accounts (id bigint NOT NULL, email text);"],
        message: """
          ADD COLUMN handle ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock on accounts, blocking \
          reads and writes until it ends
          """),
    ],
    nonTriggering: [
      RuleExample(
        "ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key;",
        previousMigrations: [
          "CREATE TABLE accounts (id bigint NOT NULL, email text);",
          "CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON accounts (email);",
        ]),
      RuleExample(
        """
        CREATE TABLE invoices (id bigint, number text);
        ALTER TABLE invoices ADD PRIMARY KEY (id);
        ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number);
        """),
      RuleExample(
        """
        CREATE TABLE handles (id bigint PRIMARY KEY);
        ALTER TABLE handles ADD COLUMN handle text UNIQUE;
        """),
      RuleExample(
        "ALTER TABLE accounts ADD CONSTRAINT accounts_id_positive CHECK (id > 0) NOT VALID;",
        previousMigrations: ["CREATE TABLE accounts (id bigint NOT NULL, email text);"]),
    ],
    elsewhere: [
      "squawk: disallowed-unique-constraint", "squawk: adding-serial-primary-key-field",
      "strong_migrations: add_index (non-concurrent)", "eugene: E7, E9",
    ])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table else { return [] }
    var findings: [Diagnostic] = []
    for command in alter.commands {
      if case .addColumn(let column, _, _) = command.action, column.unique || column.primaryKey {
        // The new column's index is built under the same lock (over NULLs,
        // or over the default's values: a scan of every row either way).
        guard let effect = context.effects.relations.first, effect.existedBefore else { return [] }
        findings.append(addColumnFinding(column, alter: alter, range: command.range, lock: effect.lock, context))
        continue
      }
      guard case .addConstraint(let constraint) = command.action, constraint.usingIndex == nil,
        [.unique, .primaryKey, .exclude].contains(constraint.kind)
      else { continue }
      // The altered table comes first; silent when it is new (created earlier in this file).
      guard let effect = context.effects.relations.first, effect.existedBefore else { return [] }
      let table = alter.name.displayText
      let what =
        constraint.name.map { "ADD CONSTRAINT \(SQLName.quoteIfNeeded($0.value))" }
        ?? "ADD \(constraint.kind.rawValue)"
      let article = effect.lock == .accessExclusive ? "an" : "a"
      findings.append(
        context.diagnostic(
          description, range: command.range,
          message: String(
            message: """
              \(what) builds its index under \(article) \(effect.lock.sqlName) lock on \(table), blocking \
              \(effect.blocks.rawValue) until it ends
              """),
          help: help(constraint, alter: alter, context)))
    }
    return findings
  }

  /// `ADD COLUMN c ... UNIQUE` / `PRIMARY KEY` on an existing table.
  func addColumnFinding(
    _ column: ColumnDefinition, alter: AlterTable, range: Range<Int>, lock: LockMode, _ context: RuleContext
  ) -> Diagnostic {
    let table = alter.name.displayText
    let name = SQLName.quoteIfNeeded(column.name.value)
    let kind = column.primaryKey ? "PRIMARY KEY" : "UNIQUE"
    let index = SQLName.quoteIfNeeded(
      column.primaryKey ? "\(alter.name.name)_pkey" : "\(alter.name.name)_\(column.name.value)_key")
    return context.diagnostic(
      description, range: range,
      message: String(
        message: """
          ADD COLUMN \(name) ... \(kind) builds its index under an \(lock.sqlName) lock on \(table), blocking \
          \(lock.blocks.rawValue) until it ends
          """),
      help: String(
        message: """
          Add the column without \(kind) (keep the rest of its definition):
            ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(name) \(column.typeName);
          then build the index without blocking, in a migration of its own:
            CREATE UNIQUE INDEX CONCURRENTLY \(index) ON \(table) (\(name));
          Then attach it (instant):
            ALTER TABLE \(table) ADD CONSTRAINT \(index) \(kind) USING INDEX \(index);
          """))
  }

  func help(_ constraint: TableConstraint, alter: AlterTable, _ context: RuleContext) -> String {
    let table = alter.name.displayText
    if constraint.kind == .exclude {
      return """
        EXCLUDE constraints have no USING INDEX form: add it while \(table) is small or quiet, \
        after `SET lock_timeout = '5s';` so that a busy table makes it fail instead of queueing every query
        """
    }
    let base = alter.name.name
    let name =
      constraint.name?.value
      ?? (constraint.kind == .primaryKey
        ? "\(base)_pkey" : "\(([base] + constraint.columns).joined(separator: "_"))_key")
    let quoted = SQLName.quoteIfNeeded(name)
    let columns = constraint.columns.map(SQLName.quoteIfNeeded).joined(separator: ", ")
    var text = """
      Build the index first, in a migration of its own (CONCURRENTLY cannot run in a transaction):
        CREATE UNIQUE INDEX CONCURRENTLY \(quoted) ON \(table) (\(columns));
      Then attach it (instant):
        ALTER TABLE \(table) ADD CONSTRAINT \(quoted) \(constraint.kind.rawValue) USING INDEX \(quoted);
      """
    if constraint.kind == .primaryKey, let info = context.schema.table(alter.name) {
      let nullable = constraint.columns.filter { info.column($0).map { !$0.notNull } ?? false }
      if !nullable.isEmpty {
        text += """

          \(nullable.map(SQLName.quoteIfNeeded).joined(separator: ", ")) \(nullable.count == 1 ? "is" : "are") \
          nullable: the primary key also scans \(table) for NULLs under the ACCESS EXCLUSIVE lock; make \
          \(nullable.count == 1 ? "it" : "them") NOT NULL first (see set-not-null-scan)
          """
      }
    }
    return text
  }
}
