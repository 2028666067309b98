import PostgresSyntax

/// A foreign key whose columns no index leads with.
public struct UnindexedForeignKey: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "unindexed-foreign-key",
    category: .performance,
    defaultSeverity: .warning,
    summary: "Foreign keys need an index on their columns",
    rationale: """
      PostgreSQL indexes the referenced side of a foreign key (its primary key or unique \
      constraint), never the referencing columns. Each `DELETE` of a referenced row, and each update \
      of its key, then looks for referencing rows with a sequential scan of the referencing table, \
      under its lock, and so does every join along the key: slow deletes and lock waits that grow \
      with the table. An index whose leading columns are the key's columns (in any order) serves \
      these lookups; a primary key or unique constraint on them counts, and so does a unique index or \
      constraint on only some of a composite key's columns (`handle UNIQUE` for a key on \
      `(handle, kind)`: each lookup finds at most one row). Judged on the schema at the end of the \
      linted migrations: an index created by a later migration of the same run settles the finding. Tables in the schemas Supabase and extensions manage are left out.
      """,
    postgresVersions: "all",
    useInstead: """
      CREATE TABLE public.orders (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES public.customers (id)
      );
      CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
      """,
    triggering: [
      RuleExample(
        """
        CREATE TABLE public.orders (
          id bigint PRIMARY KEY,
          ↓customer_id bigint NOT NULL REFERENCES public.customers (id)
        );
        """,
        message:
          "Foreign key public.orders (customer_id) has no index on its columns: each delete or key change in public.customers scans public.orders to check it"
      ),
      RuleExample(
        """
        alter table line_items add ↓constraint line_items_order_fkey
          foreign key (order_id, shop_id) references orders (id, shop_id);
        create index line_items_order_idx on line_items (order_id);
        """,
        previousMigrations: ["create table line_items (id bigint primary key, order_id bigint, shop_id bigint);"]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES public.customers (id));
        CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
        """),
      RuleExample(
        "CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id), display_name text);"),
      RuleExample(
        """
        CREATE TABLE public.teams (
          id bigint PRIMARY KEY,
          handle text NOT NULL UNIQUE,
          kind text NOT NULL DEFAULT 'team',
          FOREIGN KEY (handle, kind) REFERENCES public.handles (handle, kind)
        );
        """),
      RuleExample(
        """
        ALTER TABLE line_items ADD CONSTRAINT line_items_order_fkey
          FOREIGN KEY (order_id, shop_id) REFERENCES orders (id, shop_id);
        """,
        previousMigrations: [
          """
          CREATE TABLE line_items (id bigint PRIMARY KEY, order_id bigint, shop_id bigint);
          CREATE INDEX line_items_shop_order_idx ON line_items (shop_id, order_id, id);
          """
        ]),
    ],
    elsewhere: [
      "splinter (Supabase database linter): unindexed_foreign_keys (0001)",
      "eugene: E15 (missing index on foreign key)",
    ])

  public var statementKinds: StatementKinds { .columnTypes }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    var keys: [(range: Range<Int>, columns: [String], target: QualifiedName)] = []
    let table: QualifiedName
    let key: ObjectKey
    switch context.statement.node {
    case .createTable(let create) where !create.isTemporary:
      table = create.name
      key = context.schema.keyForCreation(create.name)
      for column in create.columns {
        if let target = column.references { keys.append((column.range, [column.name.value], target)) }
      }
      for constraint in create.constraints where constraint.kind == .foreignKey && !constraint.columns.isEmpty {
        if let target = constraint.referencedTable { keys.append((constraint.range, constraint.columns, target)) }
      }
    case .alterTable(let alter) where alter.objectType == .table:
      table = alter.name
      key = context.schema.resolve(alter.name, in: context.schema.tables)
      for command in alter.commands {
        switch command.action {
        case .addColumn(let column, _, _):
          if let target = column.references { keys.append((column.range, [column.name.value], target)) }
        case .addConstraint(let constraint) where constraint.kind == .foreignKey && !constraint.columns.isEmpty:
          if let target = constraint.referencedTable { keys.append((constraint.range, constraint.columns, target)) }
        default: continue
        }
      }
    default:
      return []
    }
    guard !keys.isEmpty, !SupabaseSchemas.system.contains(key.schema) else { return [] }
    let name = table.displayText
    return keys.map { range, columns, target in
      let list = columns.map(SQLName.quoteIfNeeded).joined(separator: ", ")
      let index = SQLName.quoteIfNeeded(ConstraintNaming.name(table: key.name, columns: columns, label: "idx"))
      var diagnostic = context.diagnostic(
        description, range: range,
        message: String(
          message:
            "Foreign key \(name) (\(list)) has no index on its columns: each delete or key change in \(target.displayText) scans \(name) to check it"
        ),
        help: String(
          message: """
            Index the key's columns, in a migration file of its own (CONCURRENTLY cannot run in a transaction):
              CREATE INDEX CONCURRENTLY IF NOT EXISTS \(index) ON \(name) (\(list));
            (For a table this migration creates, a plain CREATE INDEX in the same file is enough.)
            """))
      diagnostic.subject = String(message: "\(key.schema).\(key.name)\u{0}\(columns.joined(separator: "\u{0}"))")
      return diagnostic
    }
  }

  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings whose foreign key still exists, unindexed, at the end
  /// of the linted migrations.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    // A key dropped and added again later is reported once, where it was last added.
    // The final indexes by table, grouped once: a folder can end with
    // thousands of indexes and hundreds of foreign keys.
    let indexesByTable = Dictionary(grouping: finalSchema.indexes.values, by: \.table)
    return findings.keepingLastPerSubject().filter { diagnostic in
      guard let parts = diagnostic.subject?.subjectFields(separator: 0), parts.count >= 2,
        let key = ObjectKey(subject: parts[0])
      else { return true }
      let columns = Array(parts.dropFirst())
      guard let table = finalSchema.tables[key], !table.isUncertain else { return false }
      guard table.constraints.contains(where: { $0.kind == .foreignKey && $0.columns == columns }) else { return false }
      return !Self.isCovered(columns, table: table, indexesByTable: indexesByTable)
    }
  }

  /// True when an index (or a primary key / unique constraint) of the table,
  /// or of the partitioned table it belongs to, leads with `columns`, or a
  /// unique one is on some of `columns` only (each lookup finds one row).
  static func isCovered(_ columns: [String], table: TableInfo, indexesByTable: [ObjectKey: [IndexInfo]]) -> Bool {
    // The key's columns as a set, compared by scans of these short arrays
    // (no set built per index: 6 M instructions on the corpus run).
    func isKeyColumn(_ column: String?) -> Bool { column.map(columns.contains) ?? false }
    func leads(_ indexColumns: [String?]) -> Bool {
      guard indexColumns.count >= columns.count else { return false }
      let prefix = indexColumns.prefix(columns.count)
      return prefix.allSatisfy(isKeyColumn) && columns.allSatisfy { prefix.contains($0) }
    }
    // A unique index on some of the key's columns finds at most one row per
    // key value: the check is a single index probe, whatever the order.
    func pinsOneRow(_ indexColumns: [String?]) -> Bool {
      !indexColumns.isEmpty && indexColumns.allSatisfy(isKeyColumn)
    }
    let owners = [table.key] + (table.partitionParent.map { [$0] } ?? [])
    for owner in owners
    where (indexesByTable[owner] ?? []).contains(where: { index in
      !index.partial && (leads(index.columns) || index.unique && pinsOneRow(index.columns))
    }) {
      return true
    }
    return table.constraints.contains { constraint in
      (constraint.kind == .primaryKey || constraint.kind == .unique)
        && (leads(constraint.columns) || pinsOneRow(constraint.columns))
    }
  }
}
