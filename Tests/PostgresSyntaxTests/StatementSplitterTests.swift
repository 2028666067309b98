import PostgresSyntax
import Testing

/// One row of the splitter table: SQL and the text of each statement, in
/// order. An expected text starting with `\` is a psql meta-command item.
struct SplitRow: Sendable, CustomTestStringConvertible {
  let sql: String
  let expected: [String]
  let location: RowLocation

  init(
    _ sql: String, _ expected: [String],
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.sql = sql
    self.expected = expected
    self.location = rowLocation(fileID: fileID, filePath: filePath, line: line, column: column)
  }

  var testDescription: String { sql.debugDescription }
}

let splitRows: [SplitRow] = [
  SplitRow("", []),
  SplitRow("  \n\t\r\n", []),
  SplitRow("-- only a comment\n/* and another */\n", []),
  SplitRow(";;\n;", []),
  SplitRow("select 1", ["select 1"]),
  SplitRow("select 1;", ["select 1"]),
  SplitRow("select 1;select 2;", ["select 1", "select 2"]),
  SplitRow("select 1;;  ; select 2", ["select 1", "select 2"]),
  SplitRow("select 1;\nselect 2\n\n", ["select 1", "select 2"]),
  // Leading comments belong to no statement; comments before the `;` do.
  SplitRow("-- header\n/* x */ select 1;", ["select 1"]),
  SplitRow("select 1 /* why */ ;", ["select 1 /* why */"]),
  SplitRow("select 1 -- why\n;", ["select 1 -- why"]),
  SplitRow("select 1; -- after\nselect 2;", ["select 1", "select 2"]),
  SplitRow("select 1 -- no semicolon at the end", ["select 1 -- no semicolon at the end"]),
  // CRLF line endings.
  SplitRow("select 1;\r\nselect\r\n  2\r\n;\r\n", ["select 1", "select\r\n  2"]),
  // `;` inside literals, identifiers, comments and parentheses.
  SplitRow("select ';', \";\", $$;$$ /* ; */;", ["select ';', \";\", $$;$$ /* ; */"]),
  SplitRow(
    "create rule r as on insert to t do also (insert into a values (1); delete from b);select 1",
    ["create rule r as on insert to t do also (insert into a values (1); delete from b)", "select 1"]),
  SplitRow(
    "do $outer$ begin execute $inner$ select 1; $inner$; end $outer$;select 2",
    ["do $outer$ begin execute $inner$ select 1; $inner$; end $outer$", "select 2"]),
  // SQL-standard function bodies: `;` inside BEGIN ATOMIC ... END does not split.
  SplitRow(
    """
    create function f() returns int language sql
    begin atomic
      select 1;
      select case when true then 2 else 3 end;
    end;
    select 4;
    """,
    [
      """
      create function f() returns int language sql
      begin atomic
        select 1;
        select case when true then 2 else 3 end;
      end
      """,
      "select 4",
    ]),
  SplitRow(
    "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;CALL p()",
    ["CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END", "CALL p()"]),
  SplitRow(
    "create function g(x int) returns int begin atomic select case x when 1 then case when x > 0 then 1 end end; end;",
    ["create function g(x int) returns int begin atomic select case x when 1 then case when x > 0 then 1 end end; end"]),
  // Nesting: a `)` or `]` too many is ignored, an unclosed `(` or `[`
  // swallows the rest of the input.
  SplitRow("select 1)); select (2)", ["select 1))", "select (2)"]),
  SplitRow("select ) (1; 2); select 3", ["select ) (1; 2)", "select 3"]),
  SplitRow("select a[1], (b)[2:3]; select 4", ["select a[1], (b)[2:3]", "select 4"]),
  SplitRow("select ((1; select 2", ["select ((1; select 2"]),
  SplitRow("select [1; select 2); select 3", ["select [1; select 2)", "select 3"]),
  // Only CREATE [OR REPLACE] FUNCTION|PROCEDURE opens BEGIN blocks, decided
  // by the leading words whatever comes between them.
  SplitRow(
    "create or replace view v as select 1; begin; end;", ["create or replace view v as select 1", "begin", "end"]),
  SplitRow("create table begin (x int); select 1", ["create table begin (x int)", "select 1"]),
  SplitRow("create or begin; select 1", ["create or begin", "select 1"]),
  SplitRow(
    "create /* c */ or (replace) function f() begin atomic select 1; end; select 2",
    ["create /* c */ or (replace) function f() begin atomic select 1; end", "select 2"]),
  SplitRow(
    "create function f(begin int) begin atomic select (case when true then 1 end); end; select 2",
    ["create function f(begin int) begin atomic select (case when true then 1 end); end", "select 2"]),
  // BEGIN outside a routine definition is a transaction start.
  SplitRow("begin;\nselect 1;\ncommit;", ["begin", "select 1", "commit"]),
  SplitRow("select case when a then 1 end; select 2", ["select case when a then 1 end", "select 2"]),
  SplitRow(
    "create function f() returns int as $$ begin return 1; end $$ language plpgsql; select 1",
    ["create function f() returns int as $$ begin return 1; end $$ language plpgsql", "select 1"]),
  // psql meta-command lines are items of their own.
  SplitRow("\\set x 1\nselect :x;", ["\\set x 1", "select :x"]),
  SplitRow("select 1 as n \\gset\nselect :n;", ["select 1 as n", "\\gset", "select :n"]),
  SplitRow("\\if :flag\nselect 1;\n\\endif\n", ["\\if :flag", "select 1", "\\endif"]),
  SplitRow("\\echo done  \r\n", ["\\echo done"]),
  // Errors do not stop splitting.
  SplitRow("select 'unterminated; select 2", ["select 'unterminated; select 2"]),
  SplitRow("select 1x; select 2", ["select 1x", "select 2"]),
]

@Suite("Statement splitter")
struct StatementSplitterTests {
  @Test("statements are split like PostgreSQL splits them", arguments: splitRows)
  func split(_ row: SplitRow) {
    let bytes = Array(row.sql.utf8)
    let scanned = ScannedFile(source: SourceFile(path: "t.sql", bytes: bytes))
    let texts = scanned.statements.map { String(decoding: bytes[$0.range], as: UTF8.self) }
    #expect(texts == row.expected, sourceLocation: row.location)
    #expect(
      scanned.statements.map(\.isMetaCommand) == row.expected.map { $0.hasPrefix("\\") }, sourceLocation: row.location)
    #expect(
      statementInvariantViolations(bytes, scanned.tokens, scanned.statements) == [], sourceLocation: row.location)
  }

  @Test("ranges are byte offsets; the terminating semicolon is recorded but excluded")
  func offsets() {
    let bytes = Array("select 1 ;\n  select 'é';".utf8)
    let statements = ScannedFile(source: SourceFile(path: "t.sql", bytes: bytes)).statements
    #expect(statements.map(\.range) == [0..<8, 13..<24])
    #expect(statements.map(\.semicolon) == [9, 24])
  }

  @Test("a statement without a final semicolon runs to the end of input, trimmed")
  func missingFinalSemicolon() {
    let bytes = Array("select 1;\nselect 2 \n\n".utf8)
    let statements = ScannedFile(source: SourceFile(path: "t.sql", bytes: bytes)).statements
    #expect(statements.map(\.range) == [0..<8, 10..<18])
    #expect(statements.last?.semicolon == nil)
  }

  @Test("a file with a byte order mark starts its first statement after the mark")
  func byteOrderMark() {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("select 1;".utf8)
    let scanned = ScannedFile(source: SourceFile(path: "t.sql", bytes: bytes))
    #expect(scanned.statements.map(\.range) == [3..<11])
    #expect(scanned.errors.map(\.kind) == [.byteOrderMark])
  }

  @Test("statement token ranges cover the statement's tokens, comments before the semicolon included")
  func tokenRanges() {
    let bytes = Array("-- lead\nselect 1 /* c */; select 2".utf8)
    let scanned = ScannedFile(source: SourceFile(path: "t.sql", bytes: bytes))
    let kinds = scanned.statements.map { span in span.tokens.map { scanned.tokens[$0].kind } }
    #expect(kinds == [[.identifier, .integer, .blockComment], [.identifier, .integer]])
  }
}
