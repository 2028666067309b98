import PostgresSyntax

/// An existence check in a `DO` block on `information_schema.tables` /
/// `columns` (or `pg_class`) that filters by table name only.
public struct InformationSchemaWithoutSchema: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "information-schema-without-schema",
    category: .idempotency,
    defaultSeverity: .warning,
    summary: "An existence check on information_schema or pg_class filters by table name without the schema",
    rationale: """
      `information_schema.tables` and `information_schema.columns` list the tables of every schema, and \
      `pg_class` every relation of every schema. A check such as `WHERE table_name = 'orders'` is true \
      when any schema has an `orders` table: a backup copy in another schema, Supabase's own schemas, a \
      test schema. The guarded statement is then skipped (or run) for the wrong reason, and the \
      migration succeeds without doing its work. Filter by `table_schema` (or `relnamespace`), or \
      use `to_regclass('public.orders')`, or an `IF NOT EXISTS` clause where the statement has one.
      """,
    postgresVersions: "all",
    useInstead: """
      DO $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'orders' AND column_name = 'note'
        ) THEN
          ALTER TABLE public.orders ADD COLUMN note text;
        END IF;
      END $$;
      """,
    triggering: [
      RuleExample(
        """
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM ↓information_schema.tables WHERE table_name = 'orders') THEN
            CREATE TABLE public.orders (id bigint PRIMARY KEY);
          END IF;
        END $$;
        """,
        message: """
          information_schema.tables is filtered by table_name but not by table_schema: a same-named table \
          in any schema matches
          """),
      RuleExample(
        """
        DO $$
        BEGIN
          IF EXISTS (
            SELECT 1 FROM ↓information_schema.columns
            WHERE table_name = 'orders' AND column_name = 'legacy_code'
          ) THEN
            ALTER TABLE public.orders DROP COLUMN legacy_code;
          END IF;
        END $$;
        """),
      RuleExample(
        """
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT FROM ↓pg_class WHERE relname = 'orders_archive') THEN
            CREATE TABLE public.orders_archive (id bigint PRIMARY KEY);
          END IF;
        END $$;
        """,
        message: """
          pg_class is filtered by relname but not by relnamespace: a same-named relation in any schema \
          matches
          """),
    ],
    nonTriggering: [
      RuleExample(
        """
        DO $$
        BEGIN
          IF NOT EXISTS (
            SELECT 1 FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'orders' AND column_name = 'note'
          ) THEN
            ALTER TABLE public.orders ADD COLUMN note text;
          END IF;
        END $$;
        """),
      RuleExample(
        """
        DO $$
        BEGIN
          IF NOT EXISTS (
            SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relname = 'orders_archive'
          ) THEN
            CREATE TABLE public.orders_archive (id bigint PRIMARY KEY);
          END IF;
        END $$;
        """),
      RuleExample(
        """
        DO $$
        BEGIN
          IF to_regclass('public.orders_archive') IS NULL THEN
            CREATE TABLE public.orders_archive (id bigint PRIMARY KEY);
          END IF;
        END $$;
        """),
    ],
    elsewhere: [])

  /// A catalog a check may read, the column naming the table, and the
  /// words any of which shows the schema is filtered too.
  struct Catalog {
    var display: String
    var nameColumn: StaticString
    var schemaColumn: String
    var schemaWords: [StaticString]
  }

  static let infoSchemaCatalog = Catalog(
    display: "", nameColumn: "table_name", schemaColumn: "table_schema", schemaWords: ["table_schema"])
  static let pgClass = Catalog(
    display: "pg_class", nameColumn: "relname", schemaColumn: "relnamespace",
    schemaWords: ["relnamespace", "nspname", "pg_namespace", "pg_table_is_visible"])

  public var statementKinds: StatementKinds { .doBlock }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .doBlock = context.statement.node, let code = context.bodyCodeTokens else { return [] }
    let bytes = context.source.bytes
    var diagnostics: [Diagnostic] = []
    var reportedScopes: [Range<Int>] = []
    for index in code.indices where code[index].kind == .identifier {
      let token = code[index]
      var catalog: Catalog
      var range = token.range
      if token.isKeyword("information_schema", in: bytes), index + 2 < code.count, code[index + 1].kind == .dot {
        let table = code[index + 2]
        guard table.isKeyword("tables", in: bytes) || table.isKeyword("columns", in: bytes) else { continue }
        catalog = Self.infoSchemaCatalog
        catalog.display = "information_schema." + table.identifierText(in: bytes)
        range = token.start..<table.end
      } else if token.isKeyword("pg_class", in: bytes), index + 1 >= code.count || code[index + 1].kind != .dot {
        // (`pg_class.oid` qualifies a column; the FROM item is elsewhere.)
        catalog = Self.pgClass
        if index >= 2, code[index - 1].kind == .dot { range = code[index - 2].start..<token.end }
      } else {
        continue
      }
      let scope = Self.scope(around: index, in: code, bytes: bytes)
      // One finding per query, however many catalogs it joins.
      if reportedScopes.contains(scope) { continue }
      let words = Array(code[scope])
      guard PLBody.mentions([catalog.nameColumn], in: words, bytes: bytes),
        !PLBody.mentions(catalog.schemaWords, in: words, bytes: bytes)
      else { continue }
      reportedScopes.append(scope)
      diagnostics.append(
        context.diagnostic(
          description, range: range,
          message: String(
            message: """
              \(catalog.display) is filtered by \(catalog.nameColumn) but not by \(catalog.schemaColumn): a \
              same-named \(catalog.display == "pg_class" ? "relation" : "table") in any schema matches
              """),
          help: String(
            message: """
              Filter by the schema too (e.g. AND \(catalog.schemaColumn == "relnamespace" ? "relnamespace = 'public'::regnamespace" : "table_schema = 'public'")), \
              or test to_regclass('public.<table>') IS NULL; for a column or table that the statement can \
              create with IF NOT EXISTS, drop the check and use that.
              """)))
    }
    return diagnostics
  }

  /// The code token indices of the query around `index`: the innermost
  /// parentheses enclosing it, or else the PL/pgSQL statement or condition
  /// it is in (up to `;`, `THEN` or `LOOP`).
  static func scope(around index: Int, in code: [Token], bytes: [UInt8]) -> Range<Int> {
    var depth = 0
    var open: Int?
    var position = index - 1
    while position >= 0 {
      switch code[position].kind {
      case .rightParen: depth += 1
      case .leftParen:
        if depth == 0 { open = position } else { depth -= 1 }
      case .semicolon: position = 0
      default: break
      }
      if open != nil { break }
      position -= 1
    }
    var end = index
    depth = 0
    while end < code.count {
      let token = code[end]
      if let open, open >= 0 {
        if token.kind == .leftParen { depth += 1 }
        if token.kind == .rightParen {
          if depth == 0 { return open..<(end + 1) }
          depth -= 1
        }
      } else if token.kind == .semicolon
        || (token.kind == .identifier && (token.isKeyword("then", in: bytes) || token.isKeyword("loop", in: bytes)))
      {
        break
      }
      end += 1
    }
    var start = open ?? index
    if open == nil {
      while start > 0 && code[start - 1].kind != .semicolon { start -= 1 }
    }
    return start..<min(code.count, end + 1)
  }
}
