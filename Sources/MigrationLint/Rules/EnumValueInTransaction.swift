import PostgresSyntax

/// `ALTER TYPE ... ADD VALUE` where PostgreSQL refuses it (a transaction
/// block before 12) or where the new value is used before it commits.
public struct EnumValueInTransaction: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "enum-value-in-transaction",
    category: .compatibility,
    defaultSeverity: .error,
    summary:
      "ALTER TYPE ... ADD VALUE in a transaction that uses the new value, or in any transaction before PostgreSQL 12",
    rationale: """
      A value added to an enum cannot be used until the transaction that added it commits: PostgreSQL \
      refuses `'shipped'::order_status` in a `DEFAULT`, `CHECK`, `UPDATE` or `INSERT` of the same \
      transaction with "unsafe use of new value". Before PostgreSQL 12 `ALTER TYPE ... ADD VALUE` cannot \
      run inside a transaction block at all. Whether two statements share a transaction depends on the \
      runner: the Supabase CLI and golang-migrate send a file as one transaction, Flyway, dbmate, \
      diesel and goose wrap it in `BEGIN` ... `COMMIT`, so an `ADD VALUE` followed by a statement using \
      the value fails the whole migration there. The use is found conservatively: the new label as a \
      string literal in a later statement of the same transaction that names the type or works on a \
      table with a column of that type. Up to PostgreSQL 16 this holds even for an enum created in the \
      same transaction (checked on PostgreSQL 15; before 12 that is the one case where `ADD VALUE` may \
      run in a transaction block); from 17 that transaction may use the values it added (checked on 18).
      """,
    postgresVersions: "all (in any transaction block before 12)",
    fixAvailability: .none,
    fixNotes: """
      When the new value is used later in the same file, `cslint fix --split` moves \
      the statements after the `ALTER TYPE` into a new migration right after this one.
      """,
    useInstead: """
      -- One migration (file) adds the value and commits:
      ALTER TYPE order_status ADD VALUE 'shipped';
      -- The next migration uses it:
      UPDATE orders SET status = 'shipped' WHERE shipped_at IS NOT NULL;
      """,
    triggering: [
      // Even for a type created in the same transaction, up to PostgreSQL 16 (checked live on 15).
      RuleExample(
        """
        CREATE TYPE ticket_state AS ENUM ('open');
        ↓ALTER TYPE ticket_state ADD VALUE 'closed';
        CREATE TABLE tickets (id bigint PRIMARY KEY, state ticket_state DEFAULT 'closed');
        """, postgresVersion: 16),
      RuleExample(
        """
        ↓ALTER TYPE order_status ADD VALUE 'shipped';
        UPDATE orders SET status = 'shipped' WHERE shipped_at IS NOT NULL;
        """,
        previousMigrations: [
          """
          CREATE TYPE order_status AS ENUM ('open', 'paid');
          CREATE TABLE orders (id bigint PRIMARY KEY, status order_status, shipped_at timestamptz);
          """
        ],
        message: """
          ALTER TYPE adds 'shipped' to order_status and the UPDATE after it uses it in the same \
          transaction: PostgreSQL refuses it (unsafe use of new value) until the ALTER TYPE commits
          """),
      RuleExample(
        """
        BEGIN;
        ↓ALTER TYPE order_status ADD VALUE 'refunded';
        ALTER TABLE orders ADD CONSTRAINT orders_not_refunded CHECK (status <> 'refunded'::order_status);
        COMMIT;
        """,
        runner: Runner.none),
      RuleExample(
        "↓ALTER TYPE order_status ADD VALUE 'shipped';", postgresVersion: 11, runner: .flyway,
        message: """
          ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12, and \
          the runner's BEGIN/COMMIT wraps this file in one
          """),
    ],
    nonTriggering: [
      // From PostgreSQL 17 the transaction that created the type may use its new values.
      RuleExample(
        """
        CREATE TYPE ticket_state AS ENUM ('open');
        ALTER TYPE ticket_state ADD VALUE 'closed';
        CREATE TABLE tickets (id bigint PRIMARY KEY, state ticket_state DEFAULT 'closed');
        """, postgresVersion: 17),
      // Added, not used: fine from PostgreSQL 12.
      RuleExample(
        """
        ALTER TYPE order_status ADD VALUE 'shipped';
        CREATE INDEX orders_status_idx ON orders (status);
        """),
      // The value is used only after a COMMIT.
      RuleExample(
        """
        BEGIN;
        ALTER TYPE order_status ADD VALUE 'shipped';
        COMMIT;
        UPDATE orders SET status = 'shipped' WHERE shipped_at IS NOT NULL;
        """,
        runner: Runner.none),
      // Each statement commits on its own.
      RuleExample(
        """
        ALTER TYPE order_status ADD VALUE 'shipped';
        UPDATE orders SET status = 'shipped' WHERE shipped_at IS NOT NULL;
        """,
        runner: Runner.none),
    ],
    elsewhere: [])

  public var statementKinds: StatementKinds { .alterEnum }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .alterEnum(let alter) = context.statement.node, alter.renameFrom == nil,
      let value = alter.newValue
    else { return [] }
    let transaction = context.effects.transaction
    guard transaction.holdsLocksToEnd else { return [] }
    let schema = context.schema
    let type = alter.name.displayText
    // Before 12 ADD VALUE may run in the transaction that created the type.
    let typeIsNew = schema.enums[schema.resolve(alter.name, in: schema.enums)].map {
      schema.isCreatedInCurrentTransaction($0.origin)
    }
    if context.settings.postgresVersion < 12, transaction.refusal != nil, typeIsNew != true {
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12, and \
              \(Self.wrapper(transaction.opener)) wraps this file in one
              """),
          help: """
            Run it outside a transaction: in a migration of its own that the runner does not wrap \
            (e.g. goose `-- +goose NO TRANSACTION`, dbmate `transaction:false`), or upgrade to \
            PostgreSQL 12 or later.
            """)
      ]
    }
    // PostgreSQL 17 lets the transaction that created the type use its new values.
    if typeIsNew == true && context.settings.postgresVersion >= 17 { return [] }
    guard let use = firstUse(of: value, type: alter.name, context) else { return [] }
    let user = context.statements[use]
    let distance = context.statementCount(in: (context.statementIndex + 1)..<(use + 1))
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            ALTER TYPE adds \(Self.literal(value)) to \(type) and the \(StatementTitle.of(user)) \
            \(distance == 1 ? "after it" : "\(distance) statements later") uses it in the same transaction: \
            PostgreSQL refuses it (unsafe use of new value) until the ALTER TYPE commits
            """),
        help: String(
          message: """
            Commit the new value before using it: keep the ALTER TYPE in a migration of its own and use \
            \(Self.literal(value)) in the next one\(transaction.opener == .explicit ? " (or COMMIT right after it)" : "").
            """))
    ]
  }

  static func wrapper(_ opener: TransactionOpener) -> String {
    switch opener {
    case .explicit: return "the BEGIN before it"
    case .runner: return "the runner's BEGIN/COMMIT"
    case .implicitBlock: return "the runner's multi-statement query"
    case .pipeline: return "the runner's pipeline"
    case .none: return "nothing"
    }
  }

  /// `'value'` as SQL writes it.
  static func literal(_ value: String) -> String {
    "'" + value.utf8Replacing(UInt8(ascii: "'"), with: "''") + "'"
  }

  /// The index of the first later statement of the transaction that uses
  /// `value`: the literal appears in it, and it names the type or works on a
  /// table with a column of the type.
  func firstUse(of value: String, type: QualifiedName, _ context: RuleContext) -> Int? {
    let literal = Array(Self.literal(value).utf8)
    let bytes = context.source.bytes
    let end = context.transactionEnd
    var index = context.statementIndex + 1
    while index < end {
      defer { index += 1 }
      let statement = context.statements[index]
      switch statement.node {
      case .alterEnum, .comment, .createFunction, .doBlock, .psqlMetaCommand: continue
      default: break
      }
      let range = statement.span.tokens
      guard range.lowerBound >= 0, range.upperBound <= context.fileTokens.count else { continue }
      let tokens = context.fileTokens[range]
      let hasLiteral = tokens.contains { token in
        token.kind == .string && token.end - token.start == literal.count
          && bytes[token.start..<token.end].elementsEqual(literal)
      }
      guard hasLiteral else { continue }
      let namesType = tokens.contains { token in
        (token.kind == .identifier || token.kind == .quotedIdentifier)
          && Self.identifier(token, in: context) == type.name
      }
      if namesType || usesTypeColumn(statement, type: type.name, context) { return index }
    }
    return nil
  }

  /// The identifier a token spells, as PostgreSQL folds it.
  static func identifier(_ token: Token, in context: RuleContext) -> String {
    let text = context.text(of: token)
    if token.kind == .quotedIdentifier { return String(text.dropFirst().dropLast()) }
    return text.lowercased()
  }

  /// The statement works on a table that has a column of the enum type.
  func usesTypeColumn(_ statement: Statement, type: String, _ context: RuleContext) -> Bool {
    let table: QualifiedName?
    switch statement.node {
    case .dml(let dml): table = dml.table
    case .alterTable(let alter): table = alter.name
    case .createIndex(let index): table = index.table
    case .createPolicy(let policy), .alterPolicy(let policy): table = policy.table
    default: table = nil
    }
    guard let table, let info = context.schema.table(table) else { return false }
    return info.columns.contains { column in
      var name = Substring(column.typeName)
      if name.hasSuffix("[]") { name = name.dropLast(2) }
      if let dot = name.lastIndex(of: ".") { name = name[name.index(after: dot)...] }
      return String(name).trimming("\"") == type
    }
  }
}
