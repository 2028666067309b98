import PostgresSyntax

/// A policy filtering on `col = auth.uid()` where `col` has no index.
public struct PolicyColumnUnindexed: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "policy-column-unindexed",
    category: .performance,
    defaultSeverity: .info,
    summary: "A policy filters on <column> = (select auth.uid()) and no index starts with that column",
    rationale: """
      A policy's condition is added to every query on the table. `owner = (select auth.uid())` is \
      cheap to evaluate but, without an index that starts with `owner`, finding a user's rows means \
      reading the whole table: every request of every user scans it, and the cost grows with the \
      table, not with what each user owns. An index on the column lets PostgreSQL go straight to the \
      user's rows. Only `USING` counts (it filters the rows a query reads; `WITH CHECK` tests new \
      rows), and only comparisons outside subqueries (inside one, the column is another table's). \
      The rule judges the schema the linted migrations leave (an index created by a \
      later migration of the same run is fine); a primary key or unique constraint that starts with \
      the column counts as an index. Supabase's performance advisor recommends the same index.
      """,
    postgresVersions: "9.5+ (row level security)",
    useInstead: """
      CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
      CREATE INDEX IF NOT EXISTS notes_owner_idx ON public.notes (owner);
      ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
        USING (owner = (SELECT auth.uid()));
      """,
    triggering: [
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
        ↓CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO authenticated
          USING (owner = (SELECT auth.uid()));
        """,
        message:
          "Policy \"owners read their notes\" on public.notes filters on owner = auth.uid(), and no index starts with owner: each request reads the whole table"
      ),
      RuleExample(
        """
        ↓create policy own_rows on todos using ((select auth.uid()) = todos.user_id);
        """,
        previousMigrations: [
          "create table todos (id bigint primary key, user_id uuid, task text);",
          "create index todos_task_user_idx on todos (task, user_id);",
        ]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
        CREATE POLICY "owners read their notes" ON public.notes FOR SELECT USING (owner = (SELECT auth.uid()));
        CREATE INDEX IF NOT EXISTS notes_owner_idx ON public.notes (owner);
        """),
      RuleExample(
        """
        CREATE TABLE IF NOT EXISTS public.profiles (id uuid PRIMARY KEY, name text);
        CREATE POLICY "users read their profile" ON public.profiles FOR SELECT USING (id = (SELECT auth.uid()));
        """),
      RuleExample(
        // WITH CHECK tests the new row; an index does not help an INSERT.
        """
        CREATE POLICY "users add notes" ON public.notes FOR INSERT WITH CHECK (owner = (SELECT auth.uid()));
        """,
        previousMigrations: ["CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);"]),
      RuleExample(
        // user_id is a column of members, inside the subquery, not of audit_logs.
        """
        CREATE POLICY "admins read the log" ON public.audit_logs FOR SELECT USING (EXISTS (
          SELECT 1 FROM public.members m WHERE m.org_id = audit_logs.org_id AND m.user_id = (SELECT auth.uid())));
        """,
        previousMigrations: [
          "CREATE TABLE public.members (org_id bigint, user_id uuid, PRIMARY KEY (user_id, org_id));",
          "CREATE TABLE public.audit_logs (id bigint PRIMARY KEY, org_id bigint, user_id uuid);",
          "CREATE INDEX audit_logs_org_id_idx ON public.audit_logs (org_id);",
        ]),
      RuleExample(
        """
        CREATE POLICY "members" ON public.teams FOR SELECT USING (is_member(id, (SELECT auth.uid())));
        """,
        previousMigrations: ["CREATE TABLE public.teams (id bigint PRIMARY KEY, name text);"]),
    ],
    elsewhere: ["Supabase performance advisor: index columns used in RLS policies"])

  public var statementKinds: StatementKinds { .policies }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard let (policy, key, _) = context.writtenPolicy else { return [] }
    // Only USING filters the rows a query reads; WITH CHECK tests new rows.
    guard let using = policy.using else { return [] }
    let columns = PolicyExpression(source: context.source, range: using).ownerColumns
    guard !columns.isEmpty, let table = context.schema.tables[key], !table.isUncertain,
      let column = Self.unindexed(columns, table: table, schema: context.schema)
    else { return [] }
    let name = policy.table.displayText
    let index = SQLName.quoteIfNeeded("\(key.name)_\(column)_idx")
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message: String(
        message: """
          Policy \(SQLName.quoteIfNeeded(policy.name.value)) on \(name) filters on \(SQLName.quoteIfNeeded(column)) \
          = auth.uid(), and no index starts with \(SQLName.quoteIfNeeded(column)): each request reads the whole table
          """),
      help: String(
        message: """
          Index the column (CONCURRENTLY, in a migration of its own, if the table already has rows):
            CREATE INDEX CONCURRENTLY IF NOT EXISTS \(index) ON \(name) (\(SQLName.quoteIfNeeded(column)));
          """))
    diagnostic.subject = PolicySubject.make(table: key, policy: policy.name.value)
    return [diagnostic]
  }

  /// The first of `columns` that is a column of `table` and leads no index,
  /// primary key or unique constraint.
  static func unindexed(_ columns: [String], table: TableInfo, schema: SchemaState) -> String? {
    columns.first { column in
      guard table.column(column) != nil else { return false }
      let leadsIndex = schema.indexes.values.contains { $0.table == table.key && $0.columns.first == column }
      let leadsConstraint = table.constraints.contains {
        ($0.kind == .primaryKey || $0.kind == .unique) && $0.columns.first == column
      }
      return !leadsIndex && !leadsConstraint
    }
  }

  /// A later migration of the folder may add the index, or change the policy.
  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings whose policy, at the end, still filters on a column no index starts with.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      guard let (key, name) = PolicySubject.parse(diagnostic.subject), let name else { return true }
      guard let policy = finalSchema.policy(named: name, on: key), let table = finalSchema.tables[key],
        !table.isUncertain
      else { return false }
      let columns = policy.using.map { PolicyExpression(text: $0).ownerColumns } ?? []
      return Self.unindexed(columns, table: table, schema: finalSchema) != nil
    }
  }
}
