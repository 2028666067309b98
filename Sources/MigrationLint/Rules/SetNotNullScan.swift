import PostgresSyntax

/// `ALTER COLUMN ... SET NOT NULL` that scans the table under ACCESS EXCLUSIVE.
public struct SetNotNullScan: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "set-not-null-scan",
    category: .locking,
    defaultSeverity: .warning,
    summary: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
    rationale: """
      `ALTER TABLE ... ALTER COLUMN ... SET NOT NULL` holds an ACCESS EXCLUSIVE lock (no reads, no \
      writes) while PostgreSQL scans every row to prove there is no NULL. Since PostgreSQL 12 the scan \
      is skipped when a validated `CHECK (column IS NOT NULL)` constraint already proves it, and that \
      constraint can be added `NOT VALID` (instant) and validated under a SHARE UPDATE EXCLUSIVE lock \
      that lets reads and writes continue.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all (the CHECK-constraint shortcut needs 12+)",
    fixAvailability: .none,
    useInstead: """
      ALTER TABLE profiles ADD CONSTRAINT profiles_username_not_null CHECK (username IS NOT NULL) NOT VALID;
      -- next migration:
      ALTER TABLE profiles VALIDATE CONSTRAINT profiles_username_not_null;
      -- next migration:
      ALTER TABLE profiles ALTER COLUMN username SET NOT NULL;
      ALTER TABLE profiles DROP CONSTRAINT profiles_username_not_null;
      """,
    triggering: [
      RuleExample("ALTER TABLE profiles ALTER COLUMN ↓username SET NOT NULL;"),
      // PostgreSQL 18 names NOT NULL constraints; dropping one makes the column nullable again,
      // and the name survives a column rename.
      RuleExample(
        """
        ALTER TABLE teams DROP CONSTRAINT teams_handle_not_null;
        ALTER TABLE teams ALTER COLUMN ↓slug SET NOT NULL;
        """,
        previousMigrations: [
          "CREATE TABLE teams (id bigint PRIMARY KEY, handle text NOT NULL);",
          "ALTER TABLE teams RENAME COLUMN handle TO slug;",
        ]),
      // Before PostgreSQL 12 a validated CHECK does not spare the scan.
      RuleExample(
        "ALTER TABLE profiles ALTER COLUMN ↓username SET NOT NULL;",
        previousMigrations: [
          "CREATE TABLE profiles (id bigint PRIMARY KEY, username text);",
          "ALTER TABLE profiles ADD CONSTRAINT profiles_username_not_null CHECK (username IS NOT NULL) NOT VALID;",
          "ALTER TABLE profiles VALIDATE CONSTRAINT profiles_username_not_null;",
        ], postgresVersion: 11,
        message:
          "SET NOT NULL on profiles.username scans the whole table while holding an ACCESS EXCLUSIVE lock"),
    ],
    nonTriggering: [
      RuleExample(
        "ALTER TABLE profiles ALTER COLUMN username SET NOT NULL;",
        previousMigrations: [
          "CREATE TABLE profiles (id bigint PRIMARY KEY, username text);",
          "ALTER TABLE profiles ADD CONSTRAINT profiles_username_not_null CHECK (username IS NOT NULL) NOT VALID;",
          "ALTER TABLE profiles VALIDATE CONSTRAINT profiles_username_not_null;",
        ]),
      RuleExample(
        """
        CREATE TABLE teams (id bigint PRIMARY KEY, name text);
        ALTER TABLE teams ALTER COLUMN name SET NOT NULL;
        """),
      // Validated earlier in the same file (the same transaction): the catalog already has it.
      RuleExample(
        """
        ALTER TABLE profiles VALIDATE CONSTRAINT profiles_username_not_null;
        ALTER TABLE profiles ALTER COLUMN username SET NOT NULL;
        """,
        previousMigrations: [
          "CREATE TABLE profiles (id bigint PRIMARY KEY, username text);",
          "ALTER TABLE profiles ADD CONSTRAINT profiles_username_not_null CHECK (username IS NOT NULL) NOT VALID;",
        ]),
      // A table no migration created (made in the dashboard): the constraint is still known.
      RuleExample(
        """
        ALTER TABLE accounts ADD CONSTRAINT accounts_email_not_null CHECK (email IS NOT NULL) NOT VALID;
        ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_not_null;
        ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
        """),
      // A constraint cslint never saw created may prove the column: say nothing.
      RuleExample(
        """
        ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_present;
        ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
        """),
    ],
    elsewhere: ["squawk: adding-not-nullable-field", "strong_migrations: change_column_null"])

  public var statementKinds: StatementKinds { .alterTable }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterTable(let alter) = context.statement.node, alter.objectType == .table else { return [] }
    guard
      alter.commands.contains(where: {
        if case .setNotNull = $0.action { return true }
        return false
      })
    else { return [] }
    // A table created in this file is empty: the scan costs nothing.
    guard let effect = context.effects.relations.first, effect.existedBefore else { return [] }
    var diagnostics: [Diagnostic] = []
    for command in alter.commands {
      guard case .setNotNull(let column) = command.action else { continue }
      let proof = context.schema.notNullProof(alter.name, column: column.value)
      switch proof {
      case .alreadyNotNull, .unknownValidatedConstraint: continue
      case .validatedCheck where context.settings.postgresVersion >= 12: continue
      case .validatedCheck, .none: break
      }
      let tableName = alter.name.displayText
      let columnName = SQLName.quoteIfNeeded(column.value)
      let message =
        "SET NOT NULL on \(tableName).\(columnName) scans the whole table while holding an ACCESS EXCLUSIVE lock"
      if proof == .validatedCheck {
        // The CHECK is there; only the server version keeps it from counting.
        diagnostics.append(
          context.diagnostic(
            description, range: column.range, message: message,
            help: String(
              message: """
                A validated CHECK (\(columnName) IS NOT NULL) already proves it, but only PostgreSQL 12+ uses \
                it to skip the scan (postgres_version is \(context.settings.postgresVersion)). Keep the CHECK, which \
                enforces the same rule without the scan, or run this when the table is quiet.
                """)))
        continue
      }
      let constraint = SQLName.quoteIfNeeded(String("\(alter.name.name)_\(column.value)_not_null".prefix(63)))
      diagnostics.append(
        context.diagnostic(
          description, range: column.range, message: message,
          help: String(
            message: """
              Prove it with a CHECK constraint first (PostgreSQL 12+ then skips the scan):
                ALTER TABLE \(tableName) ADD CONSTRAINT \(constraint) CHECK (\(columnName) IS NOT NULL) NOT VALID;
              then, in a separate migration (SHARE UPDATE EXCLUSIVE: reads and writes continue):
                ALTER TABLE \(tableName) VALIDATE CONSTRAINT \(constraint);
              then, in a later migration:
                ALTER TABLE \(tableName) ALTER COLUMN \(columnName) SET NOT NULL;
                ALTER TABLE \(tableName) DROP CONSTRAINT \(constraint);
              """)))
    }
    return diagnostics
  }
}
