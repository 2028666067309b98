import PostgresSyntax

/// DROP statements that fail when the object is already gone.
public struct MissingIfExists: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "missing-if-exists",
    category: .idempotency,
    defaultSeverity: .warning,
    summary: "DROP without IF EXISTS fails when the object is already gone",
    rationale: """
      A `DROP` of something that does not exist fails the migration, and with it every later one. \
      Environments drift (a hotfix applied by hand, a migration re-run after a partial failure), so \
      drops should be written to succeed whether or not the object is there.
      """,
    lock: nil,
    postgresVersions: "all",
    fixAvailability: .always,
    fixNotes: "Inserts `IF EXISTS` (safe: the statement does the same when the object exists).",
    useInstead: """
      DROP TABLE IF EXISTS public.legacy_events;
      ALTER TABLE public.notes DROP COLUMN IF EXISTS legacy_flag;
      """,
    triggering: [
      RuleExample("↓DROP TABLE legacy_events;"),
      RuleExample("ALTER TABLE notes ↓DROP COLUMN legacy_flag;"),
      RuleExample("↓DROP POLICY \"owner reads\" ON notes;"),
    ],
    nonTriggering: [
      RuleExample("DROP TABLE IF EXISTS legacy_events;"),
      RuleExample("ALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_title_check;"),
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION backfill_slugs() RETURNS void LANGUAGE sql AS $$ UPDATE notes SET slug = id $$;
        SELECT backfill_slugs();
        DROP FUNCTION backfill_slugs();
        """),
    ],
    fixes: [
      FixExample(before: "DROP TABLE legacy_events;", after: "DROP TABLE IF EXISTS legacy_events;"),
      FixExample(
        before: "ALTER TABLE notes DROP COLUMN legacy_flag;",
        after: "ALTER TABLE notes DROP COLUMN IF EXISTS legacy_flag;"),
      FixExample(
        before: "ALTER TABLE notes DROP CONSTRAINT notes_title_check;",
        after: "ALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_title_check;"),
      FixExample(
        before: "DROP INDEX CONCURRENTLY notes_title_idx;",
        after: "DROP INDEX CONCURRENTLY IF EXISTS notes_title_idx;"),
    ],
    elsewhere: ["squawk: prefer-robust-stmts"])

  /// DROP kinds that accept IF EXISTS.
  static let supported: Set<ObjectKind> = [
    .table, .index, .view, .matview, .sequence, .function,
    .procedure, .routine, .trigger, .policy, .rule, .type,
    .domain, .schema, .extension, .aggregate, .operator, .collation,
    .conversion, .foreignTable, .foreignServer, .foreignDataWrapper, .publication,
    .eventTrigger, .statistics, .textSearchConfiguration, .textSearchDictionary,
    .textSearchParser, .textSearchTemplate, .language, .operatorClass, .operatorFamily,
    .accessMethod, .cast, .transform,
  ]

  public var statementKinds: StatementKinds { [.drop, .alterTable] }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    let fix = { (offset: Int) in
      [
        Fix(
          title: "Insert IF EXISTS", applicability: .safe,
          edits: [.insert(context.isLowercase(before: offset) ? " if exists" : " IF EXISTS", at: offset)])
      ]
    }
    switch context.statement.node {
    case .drop(let drop) where !drop.ifExists && Self.supported.contains(drop.objectType):
      if Self.createdEarlier(drop, context) { return [] }
      // `DROP <type> <names, joined by ", "> fails ...` into one buffer (no
      // array of names, no joined String, no appends; saves ~2 M
      // instructions on the corpus run).
      var message: [UInt8] = []
      message.reserveCapacity(96)
      message.append(contentsOf: "DROP ".utf8)
      message.append(contentsOf: drop.objectType.sqlName.utf8)
      for (index, name) in drop.names.enumerated() {
        message.append(contentsOf: (index == 0 ? " " : ", ").utf8)
        message.append(contentsOf: name.displayText.utf8)
      }
      message.append(contentsOf: " fails if it does not exist; use IF EXISTS".utf8)
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(decoding: message, as: UTF8.self),
          help: "Insert IF EXISTS so the migration succeeds whether or not the object is there.",
          fixes: fix(drop.insertionPoint))
      ]
    case .alterTable(let alter):
      return alter.commands.compactMap { command in
        switch command.action {
        case .dropColumn(let name, false, _, let offset):
          if Self.addedEarlier(column: name.value, table: alter.name, context) { return nil }
          let quoted = SQLName.quoteIfNeeded(name.value)
          return context.diagnostic(
            description, range: command.range,
            message: String(message: "DROP COLUMN \(quoted) fails if the column does not exist; use IF EXISTS"),
            help: String(message: "Use DROP COLUMN IF EXISTS \(quoted)."), fixes: fix(offset)
          )
        case .dropConstraint(let name, false, let offset):
          if Self.addedEarlier(constraint: name.value, table: alter.name, context) { return nil }
          let quoted = SQLName.quoteIfNeeded(name.value)
          return context.diagnostic(
            description, range: command.range,
            message: String(message: "DROP CONSTRAINT \(quoted) fails if the constraint does not exist; use IF EXISTS"),
            help: String(message: "Use DROP CONSTRAINT IF EXISTS \(quoted)."),
            fixes: fix(offset))
        default:
          return nil
        }
      }
    default:
      return []
    }
  }

  /// Every object the DROP names is created by an earlier statement of this
  /// file, so the DROP always finds it (a re-run creates it again first).
  static func createdEarlier(_ drop: DropStatement, _ context: RuleContext) -> Bool {
    guard !drop.names.isEmpty else { return false }
    // Scans the earlier CREATEs in place for each name, with no array of
    // their `MissingIfNotExists.DropTarget`s (saves ~3 M instructions on the
    // corpus run).
    let statements = context.statements
    let creates = context.positions.creates.lazy.prefix { $0 < context.statementIndex }
    return drop.names.allSatisfy { name in
      creates.contains { MissingIfNotExists.creates(statements[$0].node, dropping: drop, name: name) }
    }
  }

  static func addedEarlier(column: String, table: QualifiedName, _ context: RuleContext) -> Bool {
    addedEarlier(table: table, context) {
      if case .addColumn(let definition, _, _) = $0 { return definition.name.value == column }
      return false
    }
  }

  static func addedEarlier(constraint: String, table: QualifiedName, _ context: RuleContext) -> Bool {
    addedEarlier(table: table, context) {
      if case .addConstraint(let added) = $0 { return added.name?.value == constraint }
      return false
    }
  }

  /// An earlier `ALTER TABLE` of the same table in this file has a matching action.
  static func addedEarlier(
    table: QualifiedName, _ context: RuleContext, matching: (AlterTableAction) -> Bool
  ) -> Bool {
    context.earlier(context.positions.alterTables).contains { earlier in
      guard case .alterTable(let alter) = earlier.node, alter.name.mayDenote(table) else { return false }
      return alter.commands.contains { matching($0.action) }
    }
  }
}
