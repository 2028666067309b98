import PostgresSyntax
import Testing

/// SQL statements found inside `DO` blocks: which ones, and the exact text
/// each covers (their ranges point into the file).
@Suite("Embedded SQL in DO blocks")
struct EmbeddedSQLTests {
  /// The text and kind of every embedded statement of `sql`, in order.
  static func embedded(_ sql: String) -> [String] {
    let source = SourceFile(path: "test.sql", text: sql)
    let scanned = ScannedFile(source: source)
    let statements = StatementParser.parse(scanned)
    let (tokens, embedded) = StatementParser.parseEmbedded(scanned, statements: statements)
    return embedded.keys.sorted().flatMap { index in
      embedded[index, default: []].map { statement in
        // The token range must cover the same text as the byte range.
        let covered = statement.span.tokens.map { tokens[$0] }.filter { !$0.kind.isTrivia }
        let fromTokens = covered.first.map { source.text($0.start..<(covered.last?.end ?? $0.end)) } ?? ""
        let text = source.text(statement.range)
        return text == fromTokens ? "\(statement.kind): \(text)" : "token/byte mismatch: \(text) | \(fromTokens)"
      }
    }
  }

  static let cases: [(sql: String, expected: [String])] = [
    (
      """
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'status') THEN
          ALTER TABLE orders ADD COLUMN status text;
        END IF;
      END $$;
      """,
      ["AlterTableStmt:AT_AddColumn: ALTER TABLE orders ADD COLUMN status text"]
    ),
    // Exception handlers, ELSE branches, labels, loops and nested blocks.
    (
      """
      DO $body$
      DECLARE
        n int := 0;
      BEGIN
        <<outer>>
        LOOP
          UPDATE orders SET archived = true WHERE id IN (SELECT id FROM orders LIMIT 100);
          EXIT outer WHEN NOT FOUND;
        END LOOP;
        IF n > 0 THEN RAISE NOTICE 'x'; ELSE DROP INDEX orders_old_idx; END IF;
        BEGIN
          CREATE TYPE order_state AS ENUM ('open');
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
      END
      $body$ LANGUAGE plpgsql;
      """,
      [
        "UpdateStmt: UPDATE orders SET archived = true WHERE id IN (SELECT id FROM orders LIMIT 100)",
        "DropStmt:OBJECT_INDEX: DROP INDEX orders_old_idx",
        "CreateEnumStmt: CREATE TYPE order_state AS ENUM ('open')",
      ]
    ),
    // EXECUTE of a constant is read; SQL built at run time is not guessed at.
    (
      """
      DO $$ BEGIN
        EXECUTE 'CREATE INDEX orders_status_idx ON orders (status)';
        EXECUTE format('DROP TABLE %I', 'x');
        EXECUTE 'DROP TABLE ' || quote_ident('y');
        PERFORM pg_sleep(1);
        SELECT count(*) INTO n FROM orders;
      END $$;
      """,
      ["IndexStmt: CREATE INDEX orders_status_idx ON orders (status)"]
    ),
    // A CASE expression inside an IF condition has THENs of its own.
    (
      """
      DO $$ BEGIN
        IF (CASE WHEN current_setting('x') = '1' THEN true ELSE false END) THEN
          TRUNCATE audit_log;
        END IF;
      END $$;
      """,
      ["TruncateStmt: TRUNCATE audit_log"]
    ),
    // A single-quoted body holding no quotes is read as written.
    ("DO 'BEGIN DROP TABLE legacy; END';", ["DropStmt:OBJECT_TABLE: DROP TABLE legacy"]),
    // Bodies that are not PL/pgSQL, or whose text differs from the bytes, are left alone.
    ("DO LANGUAGE plperl $$ DROP TABLE legacy; $$;", []),
    ("DO 'BEGIN DROP TABLE ''legacy''; END';", []),
    ("DO E'BEGIN DROP TABLE legacy; END';", []),
    // Unterminated and empty bodies yield nothing, and no trap.
    ("DO $$ BEGIN DROP TABLE legacy;", []),
    ("DO $$$$;", []),
    ("DO;", []),
  ]

  @Test("DO bodies give exactly the SQL statements written in them", arguments: cases)
  func statements(_ example: (sql: String, expected: [String])) {
    #expect(Self.embedded(example.sql) == example.expected)
  }
}
