import PostgresSyntax

/// `ADD CONSTRAINT ... CHECK | FOREIGN KEY` on an existing table without
/// `NOT VALID`, and a `VALIDATE CONSTRAINT` in the transaction that added it.
public struct ConstraintMissingNotValid: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "constraint-missing-not-valid",
    category: .locking,
    defaultSeverity: .error,
    summary: "Add CHECK and FOREIGN KEY constraints NOT VALID, then validate them in a later migration",
    rationale: """
      Adding a `CHECK` constraint reads every row of the table under an ACCESS EXCLUSIVE lock (reads and \
      writes wait); adding a `FOREIGN KEY` reads every row under a SHARE ROW EXCLUSIVE lock on both the \
      table and the table it references (writes to both wait). With `NOT VALID` the constraint is added \
      at once and holds for new rows; `ALTER TABLE ... VALIDATE CONSTRAINT` then checks the old rows \
      under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on. The VALIDATE must run in a later \
      transaction: in the transaction that added the constraint the ADD's lock is still held, so the \
      split gains nothing, and the rule reports that too. Tables created earlier in the same file are \
      new and empty: the rule is silent on them.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .sometimes,
    fixNotes: """
      Inserts ` NOT VALID` at the end of the constraint (a suggestion, applied with `--unsafe-fixes`): \
      existing rows are then not checked until a later migration runs the `VALIDATE CONSTRAINT` the \
      help shows. No fix for a foreign key on a partitioned table before PostgreSQL 18, which refuses \
      NOT VALID there. `cslint fix --split` inserts `NOT VALID` and writes the `VALIDATE CONSTRAINT` \
      into a new migration right after this one.
      """,
    useInstead: """
      -- This migration: instant, checks new rows only.
      ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
      -- A later migration: checks the old rows without blocking reads or writes.
      ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
      """,
    triggering: [
      RuleExample(
        "ALTER TABLE orders ↓ADD CONSTRAINT orders_total_positive CHECK (total > 0);",
        message: """
          ADD CONSTRAINT orders_total_positive checks every row of orders under an ACCESS EXCLUSIVE lock, \
          blocking reads and writes until it ends
          """),
      RuleExample(
        """
        ALTER TABLE orders
          ↓ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
        """,
        previousMigrations: [
          "CREATE TABLE customers (id bigint PRIMARY KEY);",
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);",
        ],
        message: """
          ADD CONSTRAINT orders_customer_id_fkey checks every row of orders under a SHARE ROW EXCLUSIVE lock \
          on orders and customers, blocking writes until it ends
          """),
      // The Supabase CLI runs the file as one transaction: the ADD's lock is still held.
      RuleExample(
        """
        ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
        ↓ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
        """,
        previousMigrations: ["CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);"],
        message: """
          VALIDATE CONSTRAINT orders_total_positive runs in the transaction that added it NOT VALID, \
          while that ADD's lock on orders is still held: NOT VALID gains nothing
          """),
      // A new referencing column with a default: every row is checked.
      RuleExample(
        "ALTER TABLE orders ↓ADD COLUMN region_id bigint NOT NULL DEFAULT 1 REFERENCES regions;",
        previousMigrations: [
          "CREATE TABLE regions (id bigint PRIMARY KEY);\nINSERT INTO regions VALUES (1);",
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);",
        ],
        message: """
          ADD COLUMN region_id with a default and REFERENCES regions checks every row of orders under an \
          ACCESS EXCLUSIVE lock
          """),
      // An explicit DEFAULT NULL is a default clause: PostgreSQL reads every row to check them.
      RuleExample(
        "ALTER TABLE orders ↓ADD COLUMN region_id bigint DEFAULT NULL REFERENCES regions;",
        previousMigrations: [
          "CREATE TABLE regions (id bigint PRIMARY KEY);",
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);",
        ],
        message: """
          ADD COLUMN region_id with DEFAULT NULL and REFERENCES regions checks every row of orders under an \
          ACCESS EXCLUSIVE lock
          """),
    ],
    nonTriggering: [
      // Without a default every value is NULL: PostgreSQL skips the check.
      RuleExample(
        "ALTER TABLE orders ADD COLUMN region_id bigint REFERENCES regions;",
        previousMigrations: [
          "CREATE TABLE regions (id bigint PRIMARY KEY);",
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);",
        ]),
      RuleExample("ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;"),
      RuleExample(
        """
        CREATE TABLE refunds (id bigint PRIMARY KEY, amount numeric);
        ALTER TABLE refunds ADD CONSTRAINT refunds_amount_positive CHECK (amount > 0);
        """),
      // A later migration validates: only SHARE UPDATE EXCLUSIVE.
      RuleExample(
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;",
        previousMigrations: [
          "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);",
          "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;",
        ]),
      // psql -f commits each statement: the VALIDATE runs in a transaction of its own.
      RuleExample(
        """
        ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
        ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
        """,
        previousMigrations: ["CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);"], runner: Runner.none),
      RuleExample("ALTER TABLE orders ADD CONSTRAINT orders_ref_unique UNIQUE (id);"),
    ],
    fixes: [
      FixExample(
        before: "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);",
        after: "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;"),
      FixExample(
        before: """
          alter table orders add constraint orders_customer_id_fkey
            foreign key (customer_id) references customers (id) on delete cascade;
          """,
        after: """
          alter table orders add constraint orders_customer_id_fkey
            foreign key (customer_id) references customers (id) on delete cascade not valid;
          """),
    ],
    elsewhere: [
      "squawk: constraint-missing-not-valid", "squawk: adding-foreign-key-constraint",
      "strong_migrations: add_foreign_key, add_check_constraint", "eugene: E1",
    ])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table else { return [] }
    var findings: [Diagnostic] = []
    for command in alter.commands {
      switch command.action {
      case .addConstraint(let constraint)
      where (constraint.kind == .check || constraint.kind == .foreignKey) && !constraint.notValid:
        if let finding = missingNotValid(constraint, command: command, alter: alter, context) {
          findings.append(finding)
        }
      case .addColumn(let column, _, _) where column.references != nil:
        if let finding = referencingColumnWithDefault(column, command: command, alter: alter, context) {
          findings.append(finding)
        }
      case .validateConstraint(let name):
        if let finding = validateInSameTransaction(name, command: command, alter: alter, context) {
          findings.append(finding)
        }
      default:
        continue
      }
    }
    return findings
  }

  /// `ADD COLUMN c ... DEFAULT v REFERENCES t`: every row gets `v`, and the
  /// new foreign key is checked against all of them under the lock (with no
  /// default every value is NULL and PostgreSQL skips the check).
  func referencingColumnWithDefault(
    _ column: ColumnDefinition, command: AlterTableCommand, alter: AlterTable, _ context: RuleContext
  ) -> Diagnostic? {
    guard let effect = context.effects.relations.first, effect.existedBefore, effect.validates,
      let referenced = column.references
    else { return nil }
    let table = alter.name.displayText
    let name = SQLName.quoteIfNeeded(column.name.value)
    let constraint = SQLName.quoteIfNeeded("\(alter.name.name)_\(column.name.value)_fkey")
    let target = referenced.displayText
    var definition = "\(name) \(column.typeName)"
    if column.notNull { definition += " NOT NULL" }
    if let value = column.defaultText, SchemaState.isNullConstant(value) {
      // `DEFAULT NULL` changes no value but still makes PostgreSQL check every row.
      return context.diagnostic(
        description, range: command.range,
        message: String(
          message: """
            ADD COLUMN \(name) with DEFAULT NULL and REFERENCES \(target) checks every row of \(table) under an \
            \(effect.lock.sqlName) lock
            """),
        help: String(
          message: """
            Leave out DEFAULT NULL: the column is NULL in every row without it, and PostgreSQL then checks no row:
              ALTER TABLE \(table) ADD COLUMN \(definition) REFERENCES \(target);
            """))
    }
    if let value = column.defaultText { definition += " DEFAULT \(value)" }
    return context.diagnostic(
      description, range: command.range,
      message: String(
        message: """
          ADD COLUMN \(name) with a default and REFERENCES \(target) checks every row of \(table) under an \
          \(effect.lock.sqlName) lock
          """),
      help: String(
        message: """
          Add the column with its default but without REFERENCES (no row is checked):
            ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(definition);
          then the foreign key NOT VALID (instant):
            ALTER TABLE \(table) ADD CONSTRAINT \(constraint) FOREIGN KEY (\(name)) REFERENCES \(target) NOT VALID;
          and validate it in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes go on):
            ALTER TABLE \(table) VALIDATE CONSTRAINT \(constraint);
          """))
  }

  func missingNotValid(
    _ constraint: TableConstraint, command: AlterTableCommand, alter: AlterTable, _ context: RuleContext
  ) -> Diagnostic? {
    let effects = context.effects
    // The altered table comes first; silent when it is new (created earlier in this file).
    guard let effect = effects.relations.first, effect.existedBefore, effect.validates || effect.scan else {
      return nil
    }
    let table = alter.name.displayText
    // The statement's lock on the table, and on the table this foreign key references (other
    // commands of the same ALTER TABLE may lock more; they are not this constraint's doing).
    var names = [table]
    if let referenced = constraint.referencedTable.map({ context.schema.resolve($0, in: context.schema.tables) }),
      referenced != effect.relation, let other = effects.effect(on: referenced), other.existedBefore
    {
      names.append(Self.display(referenced))
    }
    let what =
      constraint.name.map { "ADD CONSTRAINT \(SQLName.quoteIfNeeded($0.value))" } ?? "ADD \(constraint.kind.rawValue)"
    let article = effect.lock == .accessExclusive ? "an" : "a"
    let on = names.count > 1 ? " on \(names.joined(separator: " and "))" : ""
    let message = String(
      message: """
        \(what) checks every row of \(table) under \(article) \(effect.lock.sqlName) lock\(on), blocking \
        \(effect.blocks.rawValue) until it ends
        """)
    // PostgreSQL before 18 refuses NOT VALID foreign keys on partitioned tables.
    if constraint.kind == .foreignKey && effect.kind == .partitionedTable && context.settings.postgresVersion < 18 {
      return context.diagnostic(
        description, range: command.range, message: message,
        help: String(
          message: """
            PostgreSQL \(context.settings.postgresVersion) refuses NOT VALID foreign keys on a partitioned \
            table (18 allows it): add the key while \(table) takes few writes, with a lock_timeout
            """))
    }
    let edit = TextEdit.insert(
      context.keyword(" NOT VALID", before: command.range.lowerBound + 1), at: constraint.range.upperBound)
    let validate =
      constraint.name.map {
        """
        Then, in a later migration, check the existing rows without blocking reads or writes:
          ALTER TABLE \(table) VALIDATE CONSTRAINT \(SQLName.quoteIfNeeded($0.value));
        """
      }
      ?? "Name the constraint (ADD CONSTRAINT name ...) so a later migration can VALIDATE CONSTRAINT it."
    return context.diagnostic(
      description, range: command.range, message: message,
      help: String(
        message: """
          Add it NOT VALID (instant; new rows are checked from now on):
            \(context.statementText(applying: edit));
          \(validate)
          """),
      // Only for a complete statement: in a cut-off one (an unclosed CHECK
      // parenthesis) the insertion lands inside the expression and no NOT VALID appears.
      fixes: context.statement.span.semicolon == nil
        ? [] : [Fix(title: "Insert NOT VALID", applicability: .suggestion, edits: [edit])])
  }

  func validateInSameTransaction(
    _ name: Identifier, command: AlterTableCommand, alter: AlterTable, _ context: RuleContext
  ) -> Diagnostic? {
    guard let table = context.schema.table(alter.name), !context.schema.isCreatedInCurrentFile(table.origin),
      let constraint = table.constraints.first(where: { $0.name == name.value }), let origin = constraint.origin,
      !constraint.validated, context.schema.isCreatedInCurrentTransaction(origin)
    else { return nil }
    let tableName = alter.name.displayText
    let quoted = SQLName.quoteIfNeeded(name.value)
    return context.diagnostic(
      description, range: context.statement.range,
      message: String(
        message: """
          VALIDATE CONSTRAINT \(quoted) runs in the transaction that added it NOT VALID, while that ADD's lock \
          on \(tableName) is still held: NOT VALID gains nothing
          """),
      help: String(
        message: """
          Move `ALTER TABLE \(tableName) VALIDATE CONSTRAINT \(quoted);` to a later migration (or after a COMMIT): \
          there it checks the rows under SHARE UPDATE EXCLUSIVE only, and reads and writes go on
          """))
  }

  static func display(_ key: ObjectKey) -> String {
    key.schema == "public" ? SQLName.quoteIfNeeded(key.name) : "\(key)"
  }
}
