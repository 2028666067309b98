import PostgresSyntax
import Testing

@testable import MigrationLint

/// `StatementPositions` lists statements by kind in one pass; `creates` must
/// be exactly the statements `MissingIfNotExists.dropTarget` gives a target.
@Suite struct StatementPositionsTests {
  static let sql = """
    CREATE TABLE t (id int);
    CREATE TEMP TABLE scratch (id int);
    CREATE INDEX t_id_idx ON t (id);
    CREATE INDEX ON t (id);
    CREATE SEQUENCE s;
    CREATE EXTENSION IF NOT EXISTS pgcrypto;
    CREATE VIEW v AS SELECT 1;
    CREATE MATERIALIZED VIEW mv AS SELECT 1;
    CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
    CREATE TYPE mood AS ENUM ('ok');
    CREATE POLICY p ON t USING (true);
    ALTER TABLE t ADD COLUMN c text;
    ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';
    ALTER TYPE mood ADD VALUE 'sad';
    ALTER TABLE t RENAME TO u;
    ALTER TABLE u SET SCHEMA other;
    DROP TABLE IF EXISTS t, u;
    DROP INDEX t_id_idx;
    INSERT INTO t VALUES (1);
    DO $$ BEGIN PERFORM 1; END $$;
    """

  @Test func kindsMatchTheirDefinitions() {
    let statements = StatementParser.parse(ScannedFile(source: SourceFile(path: "x.sql", text: Self.sql)))
    #expect(statements.count == 21)
    let positions = StatementPositions(statements)
    let indices = Array(statements.indices)
    #expect(positions.creates == indices.filter { MissingIfNotExists.dropTarget(of: statements[$0].node) != nil })
    #expect(positions.creates == [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11])
    #expect(positions.functions == [8])
    #expect(positions.alterTables == [12])
    #expect(positions.renames == [13, 15])
    #expect(positions.drops == [17, 18])
    #expect(positions.byChangedName["t"] == [12, 15, 17])
    #expect(positions.byChangedName["u"] == [16, 17])
    #expect(positions.byChangedName["t_id_idx"] == [18])
  }
}
