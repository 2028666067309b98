import MigrationLint
import PostgresSyntax
import Testing

/// The cross-check's own pieces, without a server.
@Suite("Schema cross-check: normalisation and comparison")
struct SchemaCheckUnitTests {
  @Test(
    "type names are spelled as format_type prints them",
    arguments: [
      ("int4", "integer"), ("int", "integer"), ("serial", "integer"), ("bigserial", "bigint"), ("int8", "bigint"),
      ("bool", "boolean"), ("varchar(255)", "character varying(255)"), ("varchar", "character varying"),
      ("character varying(20)", "character varying(20)"), ("timestamptz", "timestamp with time zone"),
      ("timestamp", "timestamp without time zone"), ("timestamptz(3)", "timestamp(3) with time zone"),
      ("timestamp(3) with time zone", "timestamp(3) with time zone"), ("text[]", "text[]"),
      ("int4 [ ]", "integer[]"), ("integer[3]", "integer[]"), ("numeric(10, 2)", "numeric(10,2)"),
      ("decimal", "numeric"), ("float", "double precision"), ("float(10)", "real"), ("float4", "real"),
      ("char(2)", "character(2)"), ("char", "character(1)"), ("public.mood", "mood"),
      ("extensions.citext", "citext"), ("auth.thing", "auth.thing"), ("double precision", "double precision"),
      ("TEXT", "text"), ("jsonb", "jsonb"), ("uuid", "uuid"),
    ])
  func typeSpelling(written: String, expected: String) {
    #expect(TypeSpelling.normalize(written) == expected)
  }

  @Test("differences name the table, the object and both sides")
  func differences() {
    var server = CatalogSnapshot()
    var table = CatalogSnapshot.Table(rowSecurity: true)
    table.columns["id"] = .init(type: "bigint", notNull: true, hasDefault: false)
    table.columns["name"] = .init(type: "text", notNull: true, hasDefault: false)
    table.constraints["t_pkey"] = .init(kind: "PRIMARY KEY", validated: true)
    table.policies["read"] = "SELECT"
    server.tables["public.t"] = table
    server.indexes["public.t_name_idx"] = .init(table: "public.t", unique: false, partial: false)
    #expect(server.differences(from: server).isEmpty)

    var model = server
    model.tables["public.t"]?.columns["name"]?.notNull = false
    model.tables["public.t"]?.columns["id"]?.type = "integer"
    model.tables["public.t"]?.constraints["t_pkey"] = nil
    model.tables["public.t"]?.rowSecurity = false
    model.tables["public.t"]?.policies["read"] = "ALL"
    model.indexes["public.t_name_idx"]?.unique = true
    model.tables["public.extra"] = CatalogSnapshot.Table()
    #expect(
      server.differences(from: model) == [
        "public.extra: table only in cslint's model",
        "public.t.id: type: server bigint, cslint integer",
        "public.t.name: NOT NULL: server yes, cslint no",
        "public.t: constraint t_pkey (PRIMARY KEY): only on the server",
        "public.t: row level security: server yes, cslint no",
        "public.t: policy \"read\": command: server SELECT, cslint ALL",
        "index public.t_name_idx: unique: server no, cslint yes",
      ])
  }

  @Test(
    "the model names constraints as PostgreSQL does",
    arguments: [
      (
        "CREATE TABLE t (id bigint PRIMARY KEY, p bigint REFERENCES parent, e text UNIQUE);",
        ["t_e_key", "t_p_fkey", "t_pkey"]
      ),
      (
        "CREATE TABLE t (a int, b int, UNIQUE (a, b), FOREIGN KEY (a, b) REFERENCES parent (x, y));",
        ["t_a_b_fkey", "t_a_b_key"]
      ),
      (
        "CREATE TABLE t (a int, b int, CHECK (a > 0), CHECK (a < b), c int CHECK (c > 0));",
        ["t_a_check", "t_c_check", "t_check"]
      ),
      ("CREATE TABLE t (id uuid UNIQUE NOT NULL, PRIMARY KEY (id));", ["t_pkey"]),
      (
        "CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN p int REFERENCES parent, ADD COLUMN c int CHECK (c > 1);",
        ["t_c_check", "t_p_fkey"]
      ),
      // Expected name read from PostgreSQL 15 for the same statement.
      (
        "CREATE TABLE a_table_name_that_is_rather_long_for_postgres (a_column_name_that_is_long_too int UNIQUE);",
        ["a_table_name_that_is_rather_l_a_column_name_that_is_long_to_key"]
      ),
    ])
  func constraintNames(sql: String, expected: [String]) {
    let schema = ModelSnapshot.replay([SourceFile(path: "m.sql", text: sql)])
    let table = schema.tables.values.first { $0.key.name.hasPrefix("t") || $0.key.name.hasPrefix("a_") }
    #expect(table?.constraints.map(\.name).sorted() == expected)
  }

  @Test("DEFAULT NULL is no default, in CREATE TABLE and in SET DEFAULT")
  func nullDefault() {
    let schema = ModelSnapshot.replay([
      SourceFile(
        path: "m.sql",
        text: """
          CREATE TABLE t (a int DEFAULT NULL, b int DEFAULT 1, c text DEFAULT NULL::text);
          ALTER TABLE t ALTER COLUMN b SET DEFAULT NULL;
          """)
    ])
    let table = schema.tables[ObjectKey(schema: "public", name: "t")]
    #expect(table?.columns.map(\.defaultExpression) == [nil, nil, nil])
  }
}
