import PostgresSyntax

/// `DROP SCHEMA` of a schema that existed before the file.
public struct DropSchema: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "drop-schema",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "Dropping a schema breaks the application code still running, and with CASCADE deletes everything in it",
    rationale: """
      During a deploy the old release keeps serving requests after the migration ran: every query \
      of it that names an object of the schema fails with "schema ... does not exist". Without \
      `CASCADE` the drop fails unless the schema is empty; with `CASCADE` it silently drops every \
      table (and its rows), view, function, type, sequence and extension in it, and every object \
      elsewhere that depends on them (foreign keys, views, column defaults). Re-creating the schema \
      in the same migration does not bring the data back. Move or drop what is inside in earlier \
      releases, once no code uses it, and drop the then empty schema without `CASCADE`. Silent for \
      schemas created earlier in the same file, for `DROP SCHEMA IF EXISTS` of a schema no migration \
      created and no object known to the migrations lives in, and in down migrations (`down.sql`, \
      `*.down.sql`, goose Down sections), which exist to undo.
      """,
    lock: nil,
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      -- Earlier releases: deploy code that no longer uses anything in analytics,
      -- then drop its objects one by one (drop-table and drop-object review each).
      -- Last, a later migration: without CASCADE it fails if anything is left.
      DROP SCHEMA IF EXISTS analytics;
      """,
    triggering: [
      RuleExample(
        "↓DROP SCHEMA analytics CASCADE;",
        previousMigrations: [
          """
          CREATE SCHEMA analytics;
          CREATE TABLE analytics.events (id bigint PRIMARY KEY, payload jsonb);
          CREATE VIEW analytics.daily AS SELECT id FROM analytics.events;
          """
        ],
        message:
          "Dropping schema analytics CASCADE deletes everything in it (table analytics.events, view analytics.daily) and breaks running code that uses it"
      ),
      RuleExample(
        "↓DROP SCHEMA IF EXISTS reporting;",
        previousMigrations: ["CREATE SCHEMA reporting;"],
        message: "Dropping schema reporting breaks running code that uses it"),
      RuleExample("↓DROP SCHEMA legacy CASCADE;"),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE SCHEMA scratch;
        CREATE TABLE scratch.rows (id bigint);
        DROP SCHEMA scratch CASCADE;
        """),
      RuleExample("DROP SCHEMA IF EXISTS never_created CASCADE;"),
      RuleExample(
        """
        -- +goose Up
        CREATE SCHEMA billing;
        -- +goose Down
        DROP SCHEMA billing CASCADE;
        """),
    ],
    elsewhere: ["squawk: ban-drop-schema", "Atlas: DS101"])

  public var statementKinds: StatementKinds { .drop }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .drop(let drop) = context.statement.node, drop.objectType == .schema else { return [] }
    if context.isDownMigration { return [] }
    let schema = context.schema
    let existing = drop.names.filter { name in
      if context.introducedEarlier(.schema, name) { return false }
      // `IF EXISTS` of a schema no migration created or put anything in: a no-op cleanup.
      return !(drop.ifExists && schema.knows(.schema, name) == false)
    }
    return existing.map { name in
      let display = SQLName.quoteIfNeeded(name.name)
      let contents = schema.contents(ofSchema: name.name)
      let listed = Self.list(contents)
      let message: String
      var help =
        contents.isEmpty
        ? """
        Drop a schema in steps: deploy code that no longer uses anything in \(display); drop or move its \
        objects in earlier migrations; then drop the empty schema without CASCADE, so the drop fails \
        instead of deleting something still there:
          DROP SCHEMA IF EXISTS \(display);
        """
        : """
        Drop a schema in steps: deploy code that no longer uses anything in \(display); drop or move \
        its objects (\(listed)) in earlier migrations, in releases after the code stopped using them; \
        then drop the empty schema without CASCADE (DROP SCHEMA IF EXISTS \(display);), so the drop \
        fails instead of deleting something still there.
        """
      if drop.cascade {
        message =
          contents.isEmpty
          ? "Dropping schema \(display) CASCADE deletes everything in it and breaks running code that uses it"
          : "Dropping schema \(display) CASCADE deletes everything in it (\(listed)) and breaks running code that uses it"
      } else {
        message = String(message: "Dropping schema \(display) breaks running code that uses it")
        if !contents.isEmpty { help += "\nWithout CASCADE this drop fails: the schema still holds \(listed)." }
      }
      return context.diagnostic(description, range: context.statement.range, message: message, help: help)
    }
  }

  /// The first few items, and how many more.
  static func list(_ items: [String]) -> String {
    let shown = items.prefix(5).joined(separator: ", ")
    return items.count > 5 ? "\(shown) and \(items.count - 5) more" : shown
  }
}
