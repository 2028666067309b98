import PostgresSyntax

/// `CREATE TRIGGER` binding a PL/pgSQL function that reads or assigns
/// `NEW.<col>` / `OLD.<col>` to a table that has no such column.
public struct TriggerReferencesUnknownColumn: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "trigger-references-unknown-column",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "A trigger's function reads or assigns a NEW/OLD column the table does not have",
    rationale: """
      PostgreSQL does not check a PL/pgSQL function's body against the table when the trigger is \
      created: `CREATE TRIGGER` succeeds, the migration passes, and the first `INSERT` (or `UPDATE`, \
      `DELETE`) that fires the trigger fails with `record "new" has no field "..."`, in production, \
      for every row, until a fix is deployed. cslint compares the function's `NEW.<col>` and \
      `OLD.<col>` references with the columns the migrations gave the table, and stays silent when it \
      cannot be sure of them (a table created outside the migrations, or changed by statements it \
      cannot follow), and for functions that adapt to the table they fire for (`TG_TABLE_NAME`, \
      `TG_ARGV`).
      """,
    postgresVersions: "all",
    useInstead: """
      CREATE TABLE public.tickets (id bigint PRIMARY KEY, title text, search text);
      CREATE OR REPLACE FUNCTION public.tickets_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search := lower(coalesce(NEW.title, ''));  -- columns tickets has
        RETURN NEW;
      END $$;
      CREATE TRIGGER tickets_search BEFORE INSERT OR UPDATE ON public.tickets
        FOR EACH ROW EXECUTE FUNCTION public.tickets_search();
      """,
    triggering: [
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION tickets_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search := lower(coalesce(NEW.subject, ''));
          RETURN NEW;
        END $$;
        ↓CREATE TRIGGER tickets_search BEFORE INSERT ON tickets
          FOR EACH ROW EXECUTE FUNCTION tickets_search();
        """,
        previousMigrations: ["CREATE TABLE tickets (id bigint PRIMARY KEY, title text, search text);"],
        message: """
          Trigger tickets_search runs tickets_search(), which uses NEW.subject, but tickets has no column \
          subject: the first INSERT it fires for fails with record "new" has no field "subject"
          """),
      RuleExample(
        """
        ↓CREATE TRIGGER tickets_audit AFTER UPDATE OR DELETE ON public.tickets
          FOR EACH ROW EXECUTE PROCEDURE public.tickets_audit();
        """,
        previousMigrations: [
          "CREATE TABLE public.tickets (id bigint PRIMARY KEY, title text);",
          """
          CREATE FUNCTION public.tickets_audit() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            INSERT INTO public.ticket_log (ticket_id, old_title, old_owner) VALUES (OLD.id, OLD.title, OLD.owner_id);
            RETURN OLD;
          END $$;
          """,
        ]),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION tickets_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search := lower(coalesce(NEW.title, ''));
          RETURN NEW;
        END $$;
        CREATE TRIGGER tickets_search BEFORE INSERT ON tickets
          FOR EACH ROW EXECUTE FUNCTION tickets_search();
        """,
        previousMigrations: ["CREATE TABLE tickets (id bigint PRIMARY KEY, title text, search text);"]),
      // The table was made outside the migrations: its columns are unknown.
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION tickets_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.search := lower(NEW.subject); RETURN NEW; END $$;
        CREATE TRIGGER tickets_search BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_search();
        """),
      // A generic function for several tables.
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_TABLE_NAME = 'orders' THEN NEW.shipped_at := now(); END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER tickets_stamp BEFORE UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION stamp();
        """,
        previousMigrations: ["CREATE TABLE tickets (id bigint PRIMARY KEY, title text);"]),
      // The column is added later in the same migration, before any row can fire the trigger.
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION tickets_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.search := lower(NEW.title); RETURN NEW; END $$;
        CREATE TRIGGER tickets_search BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_search();
        ALTER TABLE tickets ADD COLUMN search text;
        """,
        previousMigrations: ["CREATE TABLE tickets (id bigint PRIMARY KEY, title text);"]),
    ],
    elsewhere: [])

  public var statementKinds: StatementKinds { .createTrigger }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createTrigger(let trigger) = context.statement.node, let functionName = trigger.function
    else { return [] }
    let schema = context.schema
    guard let function = schema.functions[schema.resolve(functionName, in: schema.functions)],
      let references = function.rowReferences, !references.isEmpty,
      let table = schema.table(trigger.table), !table.isUncertain
    else { return [] }
    let events = Self.events(context)
    // A statement-level trigger has no NEW / OLD rows.
    if events.isEmpty { return [] }
    let addedLater = Self.columnsAddedLater(to: trigger.table, context)
    var reported: Set<String> = []
    var missing: [RowReference] = []
    for reference in references
    where table.column(reference.column) == nil && !addedLater.contains(reference.column)
      && reported.insert(reference.column).inserted
    {
      missing.append(reference)
    }
    let known = table.columns.prefix(12).map(\.name).joined(separator: ", ")
    return missing.map { reference in
      let event =
        reference.record == "old"
        ? (events.first { $0 != "INSERT" } ?? events[0]) : (events.first { $0 != "DELETE" } ?? events[0])
      let column = SQLName.quoteIfNeeded(reference.column)
      let written = "\(reference.record.uppercased()).\(column)"
      var help = String(
        message: """
          Use a column \(table.key.name) has (\(known)\(table.columns.count > 12 ? ", ..." : "")), or add \
          \(column) in a migration before this trigger.
          """)
      if function.rowReferencesFile == schema.fileIndex {
        let line = context.source.location(of: reference.range.lowerBound).line
        help = String(message: "The function uses \(written) at line \(line). ") + help
      }
      var diagnostic = context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            Trigger \(SQLName.quoteIfNeeded(trigger.name.value)) runs \(functionName.displayText)(), which uses \
            \(written), but \(trigger.table.displayText) has no column \(column): the first \(event) it fires for \
            fails with record "\(reference.record)" has no field "\(reference.column)"
            """),
        help: help)
      diagnostic.subject = Self.subject(
        table.key, column: reference.column, function: schema.resolve(functionName, in: schema.functions))
      return diagnostic
    }
  }

  /// `schema.table`, the column and `schema.function`, separated by a unit
  /// separator (names may hold dots), so the settle step finds them again.
  static func subject(_ table: ObjectKey, column: String, function: ObjectKey) -> String {
    [table.schema, table.name, column, function.schema, function.name].joined(separator: "\u{1F}")
  }

  /// A later migration of the folder may add the column, or replace the
  /// function: the finding stands only while, at the end, the table still
  /// lacks the column and the function still uses it.
  public var settlesAtFolderEnd: Bool { true }

  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.filter { diagnostic in
      let parts = (diagnostic.subject ?? "").split(separator: "\u{1F}", omittingEmptySubsequences: false).map(
        String.init)
      guard parts.count == 5 else { return true }
      let column = parts[2]
      guard let table = finalSchema.tables[ObjectKey(schema: parts[0], name: parts[1])], !table.isUncertain,
        table.column(column) == nil,
        let function = finalSchema.functions[ObjectKey(schema: parts[3], name: parts[4])],
        let references = function.rowReferences
      else { return false }
      return references.contains { $0.column == column }
    }
  }

  /// The row-level events of the trigger (`INSERT`, `UPDATE`, `DELETE`), in
  /// the order written; empty for a `FOR EACH STATEMENT` trigger.
  static func events(_ context: RuleContext) -> [String] {
    let bytes = context.source.bytes
    var events: [String] = []
    var seenOn = false
    var previousWasEach = false
    var forEachRow = false
    for token in context.statementCodeTokens where token.kind == .identifier {
      if token.isKeyword("on", in: bytes) { seenOn = true }
      if !seenOn {
        if token.isKeyword("insert", in: bytes) { events.append("INSERT") }
        if token.isKeyword("update", in: bytes) { events.append("UPDATE") }
        if token.isKeyword("delete", in: bytes) { events.append("DELETE") }
      }
      if previousWasEach && token.isKeyword("row", in: bytes) { forEachRow = true }
      previousWasEach = token.isKeyword("each", in: bytes)
    }
    return forEachRow ? events : []
  }

  /// Columns that later statements of the file add to `table`.
  static func columnsAddedLater(to table: QualifiedName, _ context: RuleContext) -> Set<String> {
    var added: Set<String> = []
    for position in context.positions.alterTables where position > context.statementIndex {
      guard case .alterTable(let alter) = context.statements[position].node, alter.name.mayDenote(table) else {
        continue
      }
      for command in alter.commands {
        if case .addColumn(let column, _, _) = command.action { added.insert(column.name.value) }
      }
    }
    return added
  }
}
