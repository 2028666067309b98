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
    guard let first = missing.first else { return [] }
    let event =
      first.record == "old"
      ? (events.first { $0 != "INSERT" } ?? events[0]) : (events.first { $0 != "DELETE" } ?? events[0])
    let record = first.record.uppercased()
    let others = missing.dropFirst().map { "\($0.record.uppercased()).\(SQLName.quoteIfNeeded($0.column))" }
    let known = table.columns.prefix(12).map(\.name).joined(separator: ", ")
    var help = """
      Use a column \(table.key.name) has (\(known)\(table.columns.count > 12 ? ", ..." : "")), or add the \
      column in a migration before this trigger.
      """
    if function.rowReferencesFile == schema.fileIndex {
      let line = context.source.location(of: first.range.lowerBound).line
      help = "The function reads \(record).\(SQLName.quoteIfNeeded(first.column)) at line \(line). " + help
    }
    if !others.isEmpty { help += " Also missing: \(others.joined(separator: ", "))." }
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: """
          Trigger \(SQLName.quoteIfNeeded(trigger.name.value)) runs \(functionName.displayText)(), which uses \
          \(record).\(SQLName.quoteIfNeeded(first.column)), but \(trigger.table.displayText) has no column \
          \(SQLName.quoteIfNeeded(first.column)): the first \(event) it fires for fails with record \
          "\(first.record)" has no field "\(first.column)"
          """,
        help: help)
    ]
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
