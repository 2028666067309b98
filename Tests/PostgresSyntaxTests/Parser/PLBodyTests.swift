import PostgresSyntax
import Testing

/// What `EmbeddedSQL` / `PLBody` read from a PL/pgSQL body besides its
/// statements: its loops (keyword and extent) and a trigger function's
/// `NEW.col` / `OLD.col` references, all with offsets in the file.
@Suite("PL/pgSQL bodies: loops and row references")
struct PLBodyTests {
  /// The body of the file's first `DO` block.
  static func doBody(_ sql: String) -> (PLBody, [Token], SourceFile)? {
    let source = SourceFile(path: "test.sql", text: sql)
    let scanned = ScannedFile(source: source)
    let statements = StatementParser.parse(scanned)
    let parsed = StatementParser.parseBodies(scanned, statements: statements)
    guard let first = parsed.bodies.keys.min(), let body = parsed.bodies[first] else { return nil }
    return (body, parsed.tokens, source)
  }

  static let loopCases: [(sql: String, loops: [String])] = [
    (
      """
      DO $$
      DECLARE n int;
      BEGIN
        LOOP
          UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t LIMIT 10);
          GET DIAGNOSTICS n = ROW_COUNT;
          EXIT WHEN n = 0;
        END LOOP;
      END $$;
      """,
      ["LOOP … END LOOP;"]
    ),
    // WHILE and FOR headers up to their LOOP (a CASE expression's THEN inside),
    // a labelled loop, nested loops outer first, IF blocks are not loops.
    (
      """
      DO $$
      DECLARE r record;
      BEGIN
        WHILE (CASE WHEN true THEN 1 ELSE 0 END) = 1 LOOP
          EXIT;
        END LOOP;
        <<outer>>
        FOR r IN SELECT id FROM t LOOP
          IF r.id > 1 THEN
            FOREACH x IN ARRAY ARRAY[1, 2] LOOP NULL; END LOOP;
          END IF;
        END LOOP outer;
      END $$;
      """,
      ["WHILE … END LOOP;", "FOR … END LOOP outer;", "FOREACH … FOREACH x IN ARRAY ARRAY[1, 2] LOOP NULL; END LOOP;"]
    ),
    // A loop never closed runs to the end of the body.
    ("DO $$ BEGIN LOOP UPDATE t SET a = 1; $$;", ["LOOP … LOOP UPDATE t SET a = 1;"]),
    ("DO $$ BEGIN IF true THEN UPDATE t SET a = 1; END IF; END $$;", []),
  ]

  @Test("loops: keyword and extent", arguments: loopCases)
  func loops(_ example: (sql: String, loops: [String])) throws {
    let (body, tokens, source) = try #require(Self.doBody(example.sql))
    #expect(body.tokens.upperBound <= tokens.count)
    let found = body.loops.map { loop -> String in
      let text = source.text(loop.range)
      // The keyword starts the range, and the token range covers the same bytes.
      let keyword = source.text(loop.keyword)
      let covered = loop.tokens.map { tokens[$0] }.filter { !$0.kind.isTrivia }
      let same = covered.first?.start == loop.range.lowerBound && covered.last?.end == loop.range.upperBound
      // The keyword, then the loop's last line (its only line for a one-line loop).
      let lastLine = text.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      return same && text.hasPrefix(keyword) ? "\(keyword) … \(lastLine)" : "mismatch: \(text)"
    }
    #expect(found == example.loops)
  }

  static let referenceCases: [(body: String, references: [String]?)] = [
    (
      "$$ BEGIN NEW.search := lower(coalesce(new.\"Title\", '') || OLD.body); RETURN NEW; END $$",
      ["new.search", "new.Title", "old.body"]
    ),
    // Strings and comments are not code; `x.new.col` is someone else's field.
    ("$$ BEGIN -- NEW.a\n RAISE NOTICE 'NEW.b'; PERFORM r.new.c; RETURN NEW; END $$", []),
    // A function that adapts to its table: nothing is certain.
    ("$$ BEGIN IF TG_TABLE_NAME = 'a' THEN NEW.x := 1; END IF; RETURN NEW; END $$", nil),
    ("'BEGIN NEW.a := 1; RETURN NEW; END'", ["new.a"]),
  ]

  @Test("NEW/OLD references of a trigger function's body", arguments: referenceCases)
  func rowReferences(_ example: (body: String, references: [String]?)) throws {
    let sql = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS \(example.body);"
    let bytes = Array(sql.utf8)
    // The body literal sits just before the final `;`.
    let start = sql.utf8.count - example.body.utf8.count - 1
    let literal = try #require(PLBody.literal(at: start..<(start + example.body.utf8.count), bytes: bytes))
    let (body, tokens) = try #require(PLBody.read(literal: literal, bytes: bytes))
    let references = body.rowReferences(tokens, bytes: bytes)
    #expect(references?.map { "\($0.record).\($0.column)" } == example.references)
    for reference in references ?? [] {
      let text = String(decoding: bytes[reference.range], as: UTF8.self).lowercased()
      #expect(text.hasPrefix(reference.record + "."), "range covers \(text)")
    }
  }

  @Test("literal(at:) accepts only string literals")
  func literal() {
    let bytes = Array("x $$a$$ 'b'".utf8)
    #expect(PLBody.literal(at: 2..<7, bytes: bytes)?.kind == .dollarString)
    #expect(PLBody.literal(at: 8..<11, bytes: bytes)?.kind == .string)
    #expect(PLBody.literal(at: 0..<1, bytes: bytes) == nil)
    #expect(PLBody.literal(at: 8..<40, bytes: bytes) == nil)
  }
}
