import PostgresSyntax

/// `DROP` of a view, function, type, sequence, extension, trigger or policy,
/// and `DROP CONSTRAINT` / `DROP DEFAULT`, on objects that existed before the
/// file and that the file does not re-create.
public struct DropObject: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "drop-object",
    category: .compatibility,
    defaultSeverity: .warning,
    summary:
      "Dropping a view, function, type, trigger, policy, constraint or default breaks running code that relies on it",
    rationale: """
      During a deploy the old release keeps serving requests after the migration ran, and it may \
      depend on more than tables and columns: a view it selects from, a function it calls (with \
      Supabase, `rpc()`), a type it casts to, a sequence it calls `nextval` on, an extension's \
      functions, a policy that grants it access (without it, row level security returns no rows), \
      a trigger whose side effects it relies on, a unique constraint or primary key its \
      `ON CONFLICT` upserts name, the default its `INSERT`s leave a NOT NULL column to. Remove such \
      objects in two releases: first ship code that no longer relies on them, then drop them. \
      Replacing one is not removing it, so these are silent: a drop followed in the same file by a \
      re-create under the same name (`DROP FUNCTION f ...; CREATE FUNCTION f ...`, \
      `DROP CONSTRAINT c, ADD CONSTRAINT c ...`, also inside a later `DO` block), by a new policy or \
      trigger on the same table, by a primary key or unique constraint or index on the same columns, \
      by `SET DEFAULT`, `DROP NOT NULL` or a type change of the column, or by a trigger on the table. \
      Also silent: objects created (or renamed to that name) earlier in the same file; triggers, \
      policies, constraints and defaults of tables created or dropped in the same file; `IF EXISTS` \
      drops of objects no migration created (extensions excepted: the platform installs them); \
      trigger functions (only triggers call them), and triggers dropped with a trigger function in \
      the same file; restrictive policies (dropping one widens access); `CHECK` constraints and \
      foreign keys (dropping them breaks no query); unique constraints whose columns the file \
      drops, or that another unique index still covers; defaults of nullable columns (`INSERT`s \
      store NULL, which is what dropping the default usually means); and down migrations. \
      `DROP TABLE`, `DROP COLUMN`, `DROP INDEX` and `DROP SCHEMA` are drop-table's, drop-column's, \
      require-concurrent-index-deletion's and drop-schema's.
      """,
    lock: nil,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- To change a view or function, replace it in place (same columns / signature):
      CREATE OR REPLACE VIEW active_members AS SELECT id, email FROM members WHERE active;
      -- To remove it: release 1 deploys code that no longer uses it; release 2 drops it.
      DROP FUNCTION IF EXISTS archive_member(bigint);
      """,
    triggering: [
      RuleExample(
        "↓DROP VIEW active_members;",
        previousMigrations: [
          """
          CREATE TABLE members (id bigint PRIMARY KEY, email text, active boolean);
          CREATE VIEW active_members AS SELECT id, email FROM members WHERE active;
          """
        ],
        message: "Dropping view active_members breaks running code that still selects from it"),
      RuleExample(
        "↓DROP FUNCTION IF EXISTS public.archive_member(bigint);",
        previousMigrations: [
          "CREATE FUNCTION archive_member(member_id bigint) RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;"
        ]),
      RuleExample(
        "↓DROP POLICY \"members read own row\" ON members;",
        previousMigrations: [
          """
          CREATE TABLE members (id uuid PRIMARY KEY, email text);
          ALTER TABLE members ENABLE ROW LEVEL SECURITY;
          CREATE POLICY "members read own row" ON members FOR SELECT USING (id = auth.uid());
          """
        ],
        message:
          "Dropping policy \"members read own row\" on members takes away the access it granted: running code that relied on it gets no rows or permission errors"
      ),
      RuleExample(
        "ALTER TABLE members ↓DROP CONSTRAINT members_email_key;",
        previousMigrations: ["CREATE TABLE members (id bigint PRIMARY KEY, email text UNIQUE);"]),
      RuleExample(
        "ALTER TABLE members ↓ALTER COLUMN created_at DROP DEFAULT;",
        previousMigrations: [
          "CREATE TABLE members (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());"
        ],
        message:
          "Dropping the default of members.created_at makes running code's INSERTs that leave it out fail (the column is NOT NULL)"
      ),
    ],
    nonTriggering: [
      RuleExample(
        """
        DROP FUNCTION IF EXISTS archive_member(bigint);
        CREATE FUNCTION archive_member(member_id bigint, reason text DEFAULT NULL) RETURNS void
          LANGUAGE sql AS $$ SELECT 1 $$;
        """),
      RuleExample(
        """
        DROP POLICY IF EXISTS "members read own row" ON members;
        CREATE POLICY "members read own row" ON members FOR SELECT USING (id = (SELECT auth.uid()));
        """),
      RuleExample(
        "ALTER TABLE members DROP CONSTRAINT members_email_key, ADD CONSTRAINT members_email_key UNIQUE (email, org_id);"
      ),
      RuleExample(
        """
        CREATE VIEW staging_members AS SELECT 1 AS id;
        DROP VIEW staging_members;
        """),
      // Re-created later in the same DO block.
      RuleExample(
        """
        DO $$
        BEGIN
          DROP VIEW IF EXISTS active_members;
          CREATE VIEW active_members AS SELECT id FROM members WHERE active;
        END $$;
        """,
        previousMigrations: [
          """
          CREATE TABLE members (id bigint PRIMARY KEY, active boolean);
          CREATE VIEW active_members AS SELECT id FROM members WHERE active;
          """
        ]),
      RuleExample("DROP TRIGGER IF EXISTS never_created ON members;"),
      RuleExample(
        "ALTER TABLE members DROP CONSTRAINT members_email_check;",
        previousMigrations: [
          "CREATE TABLE members (id bigint PRIMARY KEY, email text CONSTRAINT members_email_check CHECK (email <> ''));"
        ]),
      RuleExample(
        """
        -- +goose Down
        DROP VIEW active_members;
        """),
    ],
    elsewhere: [
      "squawk: ban-drop-view", "squawk: ban-drop-function", "squawk: ban-drop-type", "squawk: ban-drop-sequence",
      "squawk: ban-drop-domain", "squawk: ban-drop-extension", "squawk: ban-drop-policy",
      "squawk: ban-drop-constraint (primary keys and unique constraints)",
    ])

  /// DROP kinds this rule reviews (tables, columns, indexes and schemas are other rules').
  static let kinds: Set<ObjectKind> = [
    .type, .domain, .view, .matview, .function, .procedure, .routine, .aggregate, .sequence, .extension,
    .trigger, .policy,
  ]

  public var statementKinds: StatementKinds { [.drop, .alterTable] }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    switch context.statement.node {
    case .drop(let drop) where Self.kinds.contains(drop.objectType):
      if context.isDownMigration { return [] }
      return checkDrop(drop, context)
    case .alterTable(let alter) where alter.objectType == .table:
      guard
        alter.commands.contains(where: {
          switch $0.action {
          case .dropConstraint, .dropDefault: return true
          default: return false
          }
        })
      else { return [] }
      if context.isDownMigration || context.isNewTable(alter.name) || context.tableDroppedLater(alter.name) {
        return []
      }
      return alter.commands.compactMap { command in
        switch command.action {
        case .dropConstraint(let name, let ifExists, _):
          return checkDropConstraint(name, ifExists: ifExists, alter: alter, command: command, context)
        case .dropDefault(let column):
          return checkDropDefault(column, alter: alter, command: command, context)
        default:
          return nil
        }
      }
    default:
      return []
    }
  }

  // MARK: DROP <object>

  func checkDrop(_ drop: DropStatement, _ context: RuleContext) -> [Diagnostic] {
    let family = ObjectFamily(drop.objectType)
    if let table = drop.onTable, context.isNewTable(table) || context.tableDroppedLater(table) { return [] }
    let schema = context.schema
    let dropped = drop.names.filter { name in
      if context.introducedEarlier(family, name, on: drop.onTable) { return false }
      if context.reintroducedLater(family, name, on: drop.onTable) { return false }
      if drop.ifExists && schema.knows(drop.objectType, name, on: drop.onTable) != true
        && !Self.existsOutsideMigrations(drop.objectType)
      {
        return false
      }
      // Only triggers call a trigger function; dropping one breaks no application code.
      if family == .routine, schema.functions[schema.resolve(name, in: schema.functions)]?.returnsTrigger == true {
        return false
      }
      if let table = drop.onTable, family == .trigger || family == .policy {
        if Self.replacedLater(family, on: table, context) { return false }
        if family == .trigger && Self.dropsTriggerFunction(context) { return false }
        if family == .policy, Self.isRestrictive(name, on: table, schema) { return false }
      }
      return !context.doBlockMayRecreateLater(name.name)
    }
    guard !dropped.isEmpty else { return [] }
    return [
      context.diagnostic(
        description, range: context.statement.range, message: Self.message(drop, dropped),
        help: Self.help(drop, dropped))
    ]
  }

  /// Kinds whose `IF EXISTS` drop is reported even when no migration created
  /// the object: extensions come with the platform (Supabase enables several
  /// outside the migrations), and code uses them all the same.
  static func existsOutsideMigrations(_ kind: ObjectKind) -> Bool { kind == .extension }

  /// A later statement of the file creates another trigger or policy on the
  /// same table: the behaviour or access is replaced, not removed.
  static func replacedLater(_ family: ObjectFamily, on table: QualifiedName, _ context: RuleContext) -> Bool {
    context.introducesName(later: true) { $0.family == family && $0.table?.mayDenote(table) == true }
  }

  /// The file also drops a trigger function: the trigger is retired with
  /// what it maintained (a column or view the same release removes).
  static func dropsTriggerFunction(_ context: RuleContext) -> Bool {
    let schema = context.schema
    return context.positions.drops.contains { index in
      guard case .drop(let drop) = context.statements[index].node, ObjectFamily(drop.objectType) == .routine else {
        return false
      }
      return drop.names.contains { schema.functions[schema.resolve($0, in: schema.functions)]?.returnsTrigger == true }
    }
  }

  /// A restrictive policy only narrows access: dropping it breaks no query.
  static func isRestrictive(_ name: QualifiedName, on table: QualifiedName, _ schema: SchemaState) -> Bool {
    schema.table(table)?.policies.first { $0.name == name.name }?.permissive == false
  }

  static func message(_ drop: DropStatement, _ names: [QualifiedName]) -> String {
    let display = names.map(\.displayText).joined(separator: ", ")
    let plural = names.count > 1
    let it = plural ? "them" : "it"
    let kind = drop.objectType.sqlName.lowercased() + (plural ? "s" : "")
    switch drop.objectType {
    case .view, .matview:
      return "Dropping \(kind) \(display) breaks running code that still selects from \(it)"
    case .function, .procedure, .routine, .aggregate:
      return "Dropping \(kind) \(display) breaks running code that still calls \(it)"
    case .type, .domain:
      return
        "Dropping \(kind) \(display) breaks running code that still uses \(it)\(drop.cascade ? ", and CASCADE drops the columns of \(plural ? "those types" : "that type")" : "")"
    case .sequence:
      return
        "Dropping \(kind) \(display) breaks running code that still calls nextval on \(it)\(drop.cascade ? ", and CASCADE drops the column defaults that use \(it)" : "")"
    case .extension:
      return
        "Dropping \(kind) \(display) breaks running code that still uses \(plural ? "their" : "its") functions or types"
    case .trigger:
      let table = drop.onTable.map { " on \($0.displayText)" } ?? ""
      return "Dropping trigger \(display)\(table) stops what it did for running code that relies on it"
    case .policy:
      let table = drop.onTable.map { " on \($0.displayText)" } ?? ""
      return
        "Dropping policy \(display)\(table) takes away the access it granted: running code that relied on it gets no rows or permission errors"
    default:
      return "Dropping \(kind) \(display) breaks running code that still uses \(it)"
    }
  }

  static func help(_ drop: DropStatement, _ names: [QualifiedName]) -> String {
    let kind = drop.objectType.sqlName
    let on = drop.onTable.map { " ON \($0.displayText)" } ?? ""
    let display = names.map(\.displayText).joined(separator: ", ")
    let it = names.count > 1 ? "them" : "it"
    let later = """
      Remove \(it) in two releases: deploy code that no longer relies on \(display); then, in a later \
      release, drop \(it):
        DROP \(kind) IF EXISTS \(display)\(on)\(drop.cascade ? " CASCADE" : "");
      """
    switch drop.objectType {
    case .view:
      return
        "To change the view, replace it in place (CREATE OR REPLACE VIEW keeps its columns and may add new ones at the end).\n"
        + later
    case .function, .procedure:
      return
        "To change the \(kind.lowercased()), replace it in place with CREATE OR REPLACE (same argument types), or create the new one beside it.\n"
        + later
    case .policy:
      return
        "To change the policy, use ALTER POLICY, or create the new policy before dropping the old one in the same migration.\n"
        + later
    case .trigger:
      return
        "To change the trigger, re-create it in the same migration (CREATE OR REPLACE TRIGGER on PostgreSQL 14+).\n"
        + later
    default:
      return later
    }
  }

  // MARK: ALTER TABLE ... DROP CONSTRAINT

  func checkDropConstraint(
    _ name: Identifier, ifExists: Bool, alter: AlterTable, command: AlterTableCommand, _ context: RuleContext
  ) -> Diagnostic? {
    let table = alter.name
    if MissingIfExists.addedEarlier(constraint: name.value, table: table, context)
      || context.introducedEarlier(.constraint, QualifiedName(parts: [name]), on: table)
    {
      return nil
    }
    let info = context.schema.table(table)
    let known = info?.constraints.first { $0.name == name.value }
    if ifExists, known == nil, info.map({ !$0.isUncertain }) ?? true { return nil }
    guard let kind = known?.kind ?? Self.kind(fromName: name.value) else { return nil }
    let reason: String
    switch kind {
    case .primaryKey, .unique, .exclude:
      reason = "running code whose ON CONFLICT upserts rely on it fails, and duplicates become possible"
    default:
      return nil
    }
    let columns = known?.columns ?? []
    if Self.constraintReplaced(name.value, kind: kind, columns: columns, alter: alter, context)
      || Self.columnsDroppedInFile(columns, alter: alter, context)
      || Self.uniquenessRemains(columns, except: name.value, table: table, context.schema)
    {
      return nil
    }
    let display = SQLName.quoteIfNeeded(name.value)
    return context.diagnostic(
      description, range: command.range,
      message: String(message: "Dropping constraint \(display) of \(table.displayText): \(reason)"),
      help: String(
        message: """
          Replace the constraint before dropping it (add the new one, with NOT VALID and VALIDATE where it \
          applies, in the same or an earlier migration), or drop it in a later release, once no running code \
          relies on it:
            ALTER TABLE \(table.displayText) DROP CONSTRAINT IF EXISTS \(display);
          """))
  }

  /// The kind PostgreSQL's default constraint names imply, for constraints
  /// the migrations never showed being created.
  static func kind(fromName name: String) -> ConstraintKind? {
    if name.hasSuffix("_pkey") { return .primaryKey }
    if name.hasSuffix("_key") { return .unique }
    if name.hasSuffix("_excl") { return .exclude }
    if name.hasSuffix("_fkey") { return .foreignKey }
    if name.hasSuffix("_check") { return .check }
    return nil
  }

  /// The same statement, or a later one of the file, adds a constraint with
  /// the same name, or one that takes its place: a primary key for a primary
  /// key, a unique constraint or index on the same columns (in any order) for
  /// a unique one.
  static func constraintReplaced(
    _ name: String, kind: ConstraintKind, columns: [String], alter: AlterTable, _ context: RuleContext
  ) -> Bool {
    let columnSet = Set(columns)
    func replaces(_ added: TableConstraint) -> Bool {
      if added.name?.value == name { return true }
      switch kind {
      case .primaryKey: return added.kind == .primaryKey
      default:
        return [.unique, .primaryKey, .exclude].contains(added.kind)
          && (columnSet.isEmpty || Set(added.columns) == columnSet)
      }
    }
    if laterAlters(of: alter, context).contains(where: {
      if case .addConstraint(let added) = $0 { return replaces(added) }
      return false
    }) {
      return true
    }
    if context.reintroducedLater(
      .constraint, QualifiedName(parts: [Identifier(value: name, range: 0..<0)]), on: alter.name)
    {
      return true
    }
    guard kind == .unique || kind == .primaryKey else { return false }
    for index in context.positions.creates where index > context.statementIndex {
      guard case .createIndex(let created) = context.statements[index].node, created.unique,
        created.table.mayDenote(alter.name)
      else { continue }
      if columnSet.isEmpty || Set(created.columns.compactMap(\.column)) == columnSet { return true }
    }
    return false
  }

  /// The actions of this statement and of the file's later `ALTER TABLE`s of the same table.
  static func laterAlters(of alter: AlterTable, _ context: RuleContext) -> [AlterTableAction] {
    var actions = alter.commands.map(\.action)
    for index in context.positions.alterTables where index > context.statementIndex {
      guard case .alterTable(let later) = context.statements[index].node, later.name.mayDenote(alter.name) else {
        continue
      }
      actions += later.commands.map(\.action)
    }
    return actions
  }

  /// The file drops one of the constraint's columns (drop-column reports that).
  static func columnsDroppedInFile(_ columns: [String], alter: AlterTable, _ context: RuleContext) -> Bool {
    guard !columns.isEmpty else { return false }
    return laterAlters(of: alter, context).contains {
      if case .dropColumn(let column, _, _, _) = $0 { return columns.contains(column.value) }
      return false
    }
  }

  /// Another unique constraint or unique index on the same columns stays:
  /// `ON CONFLICT` on them still works and duplicates are still refused.
  static func uniquenessRemains(
    _ columns: [String], except name: String, table: QualifiedName, _ schema: SchemaState
  ) -> Bool {
    guard !columns.isEmpty, let info = schema.table(table) else { return false }
    let columnSet = Set(columns)
    if info.constraints.contains(where: {
      $0.name != name && [.unique, .primaryKey].contains($0.kind) && Set($0.columns) == columnSet
    }) {
      return true
    }
    return schema.indexes.values.contains {
      $0.table == info.key && $0.unique && !$0.partial && $0.key.name != name
        && Set($0.columns.compactMap { $0 }) == columnSet && !$0.columns.contains(nil)
    }
  }

  // MARK: ALTER COLUMN ... DROP DEFAULT

  func checkDropDefault(
    _ column: Identifier, alter: AlterTable, command: AlterTableCommand, _ context: RuleContext
  ) -> Diagnostic? {
    let table = alter.name
    if MissingIfExists.addedEarlier(column: column.value, table: table, context) { return nil }
    // Only a NOT NULL column breaks INSERTs that leave it out; on a nullable
    // one they store NULL, which is what dropping the default usually means.
    guard let info = context.schema.table(table), !info.isUncertain, let known = info.column(column.value),
      known.notNull, known.defaultExpression != nil || known.isIdentity
    else { return nil }
    if Self.defaultRestored(column.value, alter: alter, context) { return nil }
    let display = "\(table.displayText).\(SQLName.quoteIfNeeded(column.value))"
    let effect = "fail (the column is NOT NULL)"
    let value = known.defaultExpression.map { " (\($0))" } ?? ""
    return context.diagnostic(
      description, range: command.range,
      message: String(
        message: "Dropping the default of \(display) makes running code's INSERTs that leave it out \(effect)"),
      help: String(
        message: """
          Drop the default in a later release, once all running code sets \(SQLName.quoteIfNeeded(column.value)) \
          itself\(value.isEmpty ? "" : "; until then keep it\(value)"):
            ALTER TABLE \(table.displayText) ALTER COLUMN \(SQLName.quoteIfNeeded(column.value)) DROP DEFAULT;
          """))
  }

  /// The same statement or a later one of the file sets a default (or an
  /// identity) on the column again, or drops its NOT NULL (then INSERTs that
  /// leave it out store NULL), or the file creates a trigger on the table
  /// (which may fill the column in).
  static func defaultRestored(_ column: String, alter: AlterTable, _ context: RuleContext) -> Bool {
    let restores = laterAlters(of: alter, context).contains { action in
      switch action {
      case .setDefault(let name, _), .addIdentity(let name), .dropNotNull(let name): return name.value == column
      // Dropping the default first is how a column's type is changed (the
      // old default may not cast); changing-column-type reviews the change.
      case .alterColumnType(let name, _, _, _): return name.value == column
      case .addColumn(let definition, _, _): return definition.name.value == column
      default: return false
      }
    }
    if restores { return true }
    func isTrigger(_ name: FileObjectName) -> Bool {
      name.family == .trigger && name.table?.mayDenote(alter.name) == true
    }
    return context.introducesName(later: false, where: isTrigger)
      || context.introducesName(later: true, where: isTrigger)
  }
}
