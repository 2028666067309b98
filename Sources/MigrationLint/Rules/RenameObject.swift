import PostgresSyntax

/// `ALTER ... RENAME` of a schema, view, function, type, sequence or unique
/// constraint, and `ALTER TYPE ... RENAME VALUE`, on objects that existed
/// before the file.
public struct RenameObject: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "rename-object",
    category: .compatibility,
    defaultSeverity: .warning,
    summary:
      "Renaming a view, function, type, schema, sequence or enum value breaks running code that uses the old name",
    rationale: """
      The rename is instant, but the old release keeps serving requests during the deploy, and \
      every query of it that names the old view, function (with Supabase, `rpc('old_name')`), \
      type (casts like `::old_type`), schema, sequence (`nextval('old_seq')`) or enum value fails \
      until the new release is out. Column defaults and other database objects follow a rename; \
      code does not. Rename in steps (expand/contract): create the object under the new name beside \
      the old one, switch the code, and drop the old one in a later release. Not reported: indexes, \
      triggers and policies (queries never name them), foreign key, `CHECK` and `NOT NULL` \
      constraints (nothing names them but error handlers), constraint renames that follow a table \
      renamed in the same file, objects created (or renamed to that name) earlier in the same \
      file, renames whose old name the same file creates again (the swap `ALTER TYPE status \
      RENAME TO status_old; CREATE TYPE status ...`), `ALTER ... IF EXISTS` of objects no \
      migration created, and down migrations. Tables and columns are rename-table's and rename-column's.
      """,
    lock: nil,
    postgresVersions: "all (`ALTER TYPE ... RENAME VALUE` needs 10+)",
    fixAvailability: .none,
    useInstead: """
      -- Migration 1: the new name beside the old one; deploy code that uses it.
      CREATE VIEW active_members AS SELECT id, email FROM members WHERE active;
      -- Migration 2, a later release, once nothing selects from the old name:
      DROP VIEW IF EXISTS active_users;
      """,
    triggering: [
      RuleExample(
        "↓ALTER VIEW active_users RENAME TO active_members;",
        previousMigrations: [
          """
          CREATE TABLE members (id bigint PRIMARY KEY, email text, active boolean);
          CREATE VIEW active_users AS SELECT id, email FROM members WHERE active;
          """
        ],
        message: "Renaming view active_users to active_members breaks running code that still uses active_users"),
      RuleExample(
        "↓ALTER FUNCTION public.archive_user(bigint) RENAME TO archive_member;",
        previousMigrations: [
          "CREATE FUNCTION archive_user(user_id bigint) RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;"
        ]
      ),
      RuleExample(
        "↓ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';",
        previousMigrations: ["CREATE TYPE order_status AS ENUM ('open', 'canceled', 'shipped');"],
        message:
          "Renaming value 'canceled' of enum order_status to 'cancelled' breaks running code that still writes or compares 'canceled'"
      ),
      RuleExample("↓ALTER SCHEMA reporting RENAME TO analytics;"),
      RuleExample(
        "↓ALTER TABLE members RENAME CONSTRAINT members_email_key TO members_email_unique;",
        previousMigrations: ["CREATE TABLE members (id bigint PRIMARY KEY, email text UNIQUE);"]),
    ],
    nonTriggering: [
      RuleExample(
        """
        ALTER TYPE order_status RENAME TO order_status_old;
        CREATE TYPE order_status AS ENUM ('open', 'shipped', 'cancelled');
        """,
        previousMigrations: ["CREATE TYPE order_status AS ENUM ('open', 'canceled', 'shipped');"]),
      RuleExample(
        """
        CREATE VIEW members_draft AS SELECT 1 AS id;
        ALTER VIEW members_draft RENAME TO members_preview;
        """),
      RuleExample("ALTER INDEX members_email_idx RENAME TO members_email_lower_idx;"),
      RuleExample("ALTER TRIGGER set_updated_at ON members RENAME TO members_set_updated_at;"),
      RuleExample(
        "ALTER TABLE members RENAME CONSTRAINT members_org_id_fkey TO members_organization_fkey;",
        previousMigrations: [
          """
          CREATE TABLE orgs (id bigint PRIMARY KEY);
          CREATE TABLE members (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));
          """
        ]),
      RuleExample(
        """
        -- +goose Down
        ALTER VIEW active_members RENAME TO active_users;
        """),
    ],
    elsewhere: ["squawk: renaming-object"])

  /// RENAME kinds this rule reviews.
  static let kinds: Set<ObjectKind> = [
    .schema, .view, .matview, .function, .procedure, .routine, .aggregate, .type, .domain, .sequence,
    .tableConstraint,
  ]

  public var statementKinds: StatementKinds { [.rename, .alterEnum] }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    switch context.statement.node {
    case .rename(let rename) where Self.kinds.contains(rename.objectType):
      if context.isDownMigration { return [] }
      guard let old = rename.oldName, let new = rename.newName else { return [] }
      if rename.objectType == .tableConstraint {
        return checkConstraint(rename, old: old, new: new, context).map { [$0] } ?? []
      }
      return checkObject(rename, new: new, context).map { [$0] } ?? []
    case .alterEnum(let alter):
      guard let old = alter.renameFrom, let new = alter.newValue, !context.isDownMigration else { return [] }
      return checkEnumValue(alter, old: old, new: new, context).map { [$0] } ?? []
    default:
      return []
    }
  }

  func checkObject(_ rename: RenameStatement, new: Identifier, _ context: RuleContext) -> Diagnostic? {
    let family = ObjectFamily(rename.objectType)
    // `ALTER SCHEMA s RENAME`: the target is the schema's own name.
    let target = rename.target
    guard !target.parts.isEmpty else { return nil }
    if context.introducedEarlier(family, target) || context.reintroducedLater(family, target) { return nil }
    if context.hasLeadingIfExists && context.schema.knows(rename.objectType, target) != true { return nil }
    let schema = context.schema
    // Only triggers call a trigger function.
    if family == .routine, schema.functions[schema.resolve(target, in: schema.functions)]?.returnsTrigger == true {
      return nil
    }
    if rename.objectType == .sequence, Self.alignsWithRenamedTable(old: target.name, new: new.value, schema) {
      return nil
    }
    let kind = rename.objectType.sqlName.lowercased()
    let oldName = SQLName.quoteIfNeeded(target.name)
    let newName = SQLName.quoteIfNeeded(new.value)
    var renamed = target
    renamed.parts[renamed.parts.count - 1] = new
    return context.diagnostic(
      description, range: context.statement.range,
      message: String(
        message: "Renaming \(kind) \(target.displayText) to \(newName) breaks running code that still uses \(oldName)"),
      help: Self.help(rename.objectType, old: target, new: renamed, context))
  }

  static func help(_ kind: ObjectKind, old: QualifiedName, new: QualifiedName, _ context: RuleContext) -> String {
    let oldText = old.displayText
    let newText = new.displayText
    let steps: String
    switch kind {
    case .view, .matview:
      steps = """
        rename, and keep the old name as a view over the renamed one in the same migration (a simple view \
        is updatable):
          ALTER \(kind.sqlName) \(oldText) RENAME TO \(SQLName.quoteIfNeeded(new.name));
          CREATE VIEW \(oldText) AS SELECT * FROM \(newText);
        then, in a later release once nothing uses \(SQLName.quoteIfNeeded(old.name)), drop that view:
          DROP VIEW \(oldText);
        """
    case .function, .procedure, .routine, .aggregate:
      steps = """
        create the \(kind.sqlName.lowercased()) under the new name beside the old one (or keep the old name \
        as a wrapper that calls the new one, with the same arguments), deploy code that calls \
        \(SQLName.quoteIfNeeded(new.name)), and drop \(oldText) in a later release.
        """
    case .schema:
      steps = """
        create the new schema and move objects into it one by one (ALTER ... SET SCHEMA), deploying code \
        that finds them in either (search_path with both schemas) first; drop the old schema once it is \
        empty and nothing uses it.
        """
    case .sequence:
      steps = """
        column defaults follow the rename, code that calls nextval('\(old.name)') does not: deploy code \
        that no longer names the sequence (or uses the new name) first, then rename it.
        """
    default:
      steps = """
        create the \(kind.sqlName.lowercased()) under the new name, deploy code that uses it, and drop \
        \(oldText) in a later release (for a type used by columns: add columns of the new type, backfill, \
        switch code, drop the old columns and type).
        """
    }
    var help = "Rename in steps so running code keeps working (expand/contract): " + steps
    if context.settings.runner == .supabase && kind != .sequence {
      help += "\nPostgREST (supabase-js) clients that use \(SQLName.quoteIfNeeded(old.name)) get errors after a rename."
    }
    return help
  }

  // MARK: Constraints

  func checkConstraint(
    _ rename: RenameStatement, old: Identifier, new: Identifier, _ context: RuleContext
  ) -> Diagnostic? {
    let table = rename.target
    if context.isNewTable(table) { return nil }
    if MissingIfExists.addedEarlier(constraint: old.value, table: table, context)
      || context.introducedEarlier(.constraint, QualifiedName(parts: [old]), on: table)
    {
      return nil
    }
    // Housekeeping after a table or column rename (rename-table and
    // rename-column report the rename itself).
    if context.introducedEarlier(.relation, table)
      || Self.alignsWithRenamedTable(old: old.value, new: new.value, context.schema)
      || Self.renamesColumnInFile(of: table, context)
    {
      return nil
    }
    let kind =
      context.schema.table(table)?.constraints.first { $0.name == old.value }?.kind
      ?? DropObject.kind(fromName: old.value)
    guard let kind, [.primaryKey, .unique, .exclude].contains(kind) else { return nil }
    let oldName = SQLName.quoteIfNeeded(old.value)
    let newName = SQLName.quoteIfNeeded(new.value)
    return context.diagnostic(
      description, range: context.statement.range,
      message:
        "Renaming constraint \(oldName) of \(table.displayText) to \(newName) breaks running code that names it (ON CONFLICT ON CONSTRAINT \(oldName), error handling by constraint name)",
      help: """
        Deploy code that names the columns instead (ON CONFLICT (<columns>)) or the new name only after \
        the rename; or leave the constraint's name as it is.
        """)
  }

  /// The new name follows PostgreSQL's naming after a table's name
  /// (`<table>_...`) and the old one does not: the object is renamed to
  /// match a table renamed before (`user__id_seq` to `person_id_seq`, `Item_pkey`
  /// to `Asset_pkey`), which rename-table reported. Nothing running names
  /// such generated names.
  static func alignsWithRenamedTable(old: String, new: String, _ schema: SchemaState) -> Bool {
    schema.tables.keys.contains { key in
      let prefix = key.name + "_"
      return new.hasPrefix(prefix) && !old.hasPrefix(prefix)
    }
  }

  /// The file renames a column of the table (constraint names follow column names).
  static func renamesColumnInFile(of table: QualifiedName, _ context: RuleContext) -> Bool {
    context.positions.renames.contains { index in
      guard case .rename(let rename) = context.statements[index].node, rename.objectType == .column else {
        return false
      }
      return rename.target.mayDenote(table)
    }
  }

  // MARK: Enum values

  /// A string literal of `value` (quotes doubled).
  static func literal(_ value: String) -> String {
    "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
  }

  func checkEnumValue(_ alter: AlterEnum, old: String, new: String, _ context: RuleContext) -> Diagnostic? {
    let schema = context.schema
    let key = schema.resolve(alter.name, in: schema.enums)
    if let type = schema.enums[key] {
      if schema.isCreatedInCurrentFile(type.origin) { return nil }
      if let added = type.addedValues[old], schema.isCreatedInCurrentFile(added) { return nil }
    } else if context.introducedEarlier(.type, alter.name) {
      return nil
    }
    let typeName = alter.name.displayText
    let oldValue = Self.literal(old)
    let newValue = Self.literal(new)
    return context.diagnostic(
      description, range: context.statement.range,
      message:
        "Renaming value \(oldValue) of enum \(typeName) to \(newValue) breaks running code that still writes or compares \(oldValue)",
      help: String(
        message: """
          Rename in steps so running code keeps working (expand/contract): add the new value (in its own \
          migration: a new enum value cannot be used in the transaction that adds it):
            ALTER TYPE \(typeName) ADD VALUE IF NOT EXISTS \(newValue) AFTER \(oldValue);
          deploy code that accepts both and writes \(newValue); then move the rows that hold \(oldValue) \
          to \(newValue) with an UPDATE (in batches on a large table). An enum value cannot be dropped: \
          leave \(oldValue) unused, or later replace the type.
          """))
  }
}
