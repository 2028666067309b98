import PostgresSyntax
import Testing

@Suite("Parser: DROP, TRUNCATE, RENAME, SET SCHEMA")
struct DropRenameParserTests {
  /// Every DROP object type migrations use, with PostgreSQL's ObjectType.
  static let drops: [(String, String, String)] = [
    ("DROP TABLE users", "DropStmt:OBJECT_TABLE", "Drop(OBJECT_TABLE [users])"),
    (
      "DROP TABLE IF EXISTS public.a, b CASCADE", "DropStmt:OBJECT_TABLE",
      "Drop(OBJECT_TABLE [public.a, b] IF EXISTS CASCADE)"
    ),
    ("DROP TABLE a RESTRICT", "DropStmt:OBJECT_TABLE", "Drop(OBJECT_TABLE [a])"),
    (
      "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx", "DropStmt:OBJECT_INDEX",
      "Drop(OBJECT_INDEX [users_email_idx] CONCURRENTLY IF EXISTS)"
    ),
    ("DROP INDEX a_idx, b_idx", "DropStmt:OBJECT_INDEX", "Drop(OBJECT_INDEX [a_idx, b_idx])"),
    ("DROP VIEW IF EXISTS v", "DropStmt:OBJECT_VIEW", "Drop(OBJECT_VIEW [v] IF EXISTS)"),
    ("DROP MATERIALIZED VIEW mv CASCADE", "DropStmt:OBJECT_MATVIEW", "Drop(OBJECT_MATVIEW [mv] CASCADE)"),
    ("DROP SEQUENCE IF EXISTS s", "DropStmt:OBJECT_SEQUENCE", "Drop(OBJECT_SEQUENCE [s] IF EXISTS)"),
    (
      "DROP FUNCTION IF EXISTS public.f(int, text), g()", "DropStmt:OBJECT_FUNCTION",
      "Drop(OBJECT_FUNCTION [public.f, g] IF EXISTS)"
    ),
    ("DROP PROCEDURE p(int)", "DropStmt:OBJECT_PROCEDURE", "Drop(OBJECT_PROCEDURE [p])"),
    ("DROP ROUTINE r", "DropStmt:OBJECT_ROUTINE", "Drop(OBJECT_ROUTINE [r])"),
    (
      "DROP TRIGGER IF EXISTS on_signup ON auth.users", "DropStmt:OBJECT_TRIGGER",
      "Drop(OBJECT_TRIGGER [on_signup] IF EXISTS ON auth.users)"
    ),
    (
      "DROP POLICY \"Users can read\" ON public.profiles", "DropStmt:OBJECT_POLICY",
      "Drop(OBJECT_POLICY [\"Users can read\"] ON public.profiles)"
    ),
    ("DROP RULE r ON t", "DropStmt:OBJECT_RULE", "Drop(OBJECT_RULE [r] ON t)"),
    ("DROP TYPE IF EXISTS mood CASCADE", "DropStmt:OBJECT_TYPE", "Drop(OBJECT_TYPE [mood] IF EXISTS CASCADE)"),
    ("DROP DOMAIN email", "DropStmt:OBJECT_DOMAIN", "Drop(OBJECT_DOMAIN [email])"),
    ("DROP SCHEMA app CASCADE", "DropStmt:OBJECT_SCHEMA", "Drop(OBJECT_SCHEMA [app] CASCADE)"),
    (
      "DROP EXTENSION IF EXISTS \"uuid-ossp\"", "DropStmt:OBJECT_EXTENSION",
      "Drop(OBJECT_EXTENSION [\"uuid-ossp\"] IF EXISTS)"
    ),
    ("DROP FOREIGN TABLE ft", "DropStmt:OBJECT_FOREIGN_TABLE", "Drop(OBJECT_FOREIGN_TABLE [ft])"),
    ("DROP AGGREGATE agg(int)", "DropStmt:OBJECT_AGGREGATE", "Drop(OBJECT_AGGREGATE [agg])"),
    ("DROP COLLATION c", "DropStmt:OBJECT_COLLATION", "Drop(OBJECT_COLLATION [c])"),
    ("DROP PUBLICATION pub", "DropStmt:OBJECT_PUBLICATION", "Drop(OBJECT_PUBLICATION [pub])"),
    ("DROP SERVER s", "DropStmt:OBJECT_FOREIGN_SERVER", "Drop(OBJECT_FOREIGN_SERVER [s])"),
    ("DROP EVENT TRIGGER et", "DropStmt:OBJECT_EVENT_TRIGGER", "Drop(OBJECT_EVENT_TRIGGER [et])"),
    ("DROP STATISTICS st", "DropStmt:OBJECT_STATISTIC_EXT", "Drop(OBJECT_STATISTIC_EXT [st])"),
    ("DROP TEXT SEARCH CONFIGURATION cfg", "DropStmt:OBJECT_TSCONFIGURATION", "Drop(OBJECT_TSCONFIGURATION [cfg])"),
    ("DROP ROLE r", "DropRoleStmt", "Other"),
    ("DROP OWNED BY r", "DropOwnedStmt", "Other"),
    ("DROP DATABASE d", "DropdbStmt", "Other"),
    ("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE", "TruncateStmt", "Truncate([a, b], cascade: true)"),
    ("TRUNCATE ONLY a", "TruncateStmt", "Truncate([a], cascade: false)"),
  ]

  @Test("DROP for every object type", arguments: drops)
  func drop(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }

  static let renames: [(String, String, String)] = [
    (
      "ALTER TABLE users RENAME TO members", "RenameStmt:OBJECT_TABLE",
      "Rename(OBJECT_TABLE users: users -> members)"
    ),
    (
      "ALTER TABLE IF EXISTS public.users RENAME COLUMN name TO full_name", "RenameStmt:OBJECT_COLUMN",
      "Rename(OBJECT_COLUMN public.users: name -> full_name)"
    ),
    (
      "ALTER TABLE users RENAME email TO email_address", "RenameStmt:OBJECT_COLUMN",
      "Rename(OBJECT_COLUMN users: email -> email_address)"
    ),
    (
      "ALTER TABLE users RENAME CONSTRAINT users_check TO users_age_check", "RenameStmt:OBJECT_TABCONSTRAINT",
      "Rename(OBJECT_TABCONSTRAINT users: users_check -> users_age_check)"
    ),
    (
      "ALTER INDEX users_email_idx RENAME TO users_email_key", "RenameStmt:OBJECT_INDEX",
      "Rename(OBJECT_INDEX users_email_idx: users_email_idx -> users_email_key)"
    ),
    (
      "ALTER VIEW v RENAME TO w", "RenameStmt:OBJECT_VIEW", "Rename(OBJECT_VIEW v: v -> w)"
    ),
    (
      "ALTER MATERIALIZED VIEW mv RENAME TO mv2", "RenameStmt:OBJECT_MATVIEW",
      "Rename(OBJECT_MATVIEW mv: mv -> mv2)"
    ),
    (
      "ALTER SEQUENCE s RENAME TO s2", "RenameStmt:OBJECT_SEQUENCE", "Rename(OBJECT_SEQUENCE s: s -> s2)"
    ),
    (
      "ALTER SCHEMA app RENAME TO application", "RenameStmt:OBJECT_SCHEMA",
      "Rename(OBJECT_SCHEMA app: app -> application)"
    ),
    (
      "ALTER TYPE mood RENAME TO feeling", "RenameStmt:OBJECT_TYPE", "Rename(OBJECT_TYPE mood: mood -> feeling)"
    ),
    (
      "ALTER FUNCTION f(int) RENAME TO g", "RenameStmt:OBJECT_FUNCTION", "Rename(OBJECT_FUNCTION f: f -> g)"
    ),
    (
      "ALTER POLICY p ON t RENAME TO q", "RenameStmt:OBJECT_POLICY", "Rename(OBJECT_POLICY t on t: p -> q)"
    ),
    (
      "ALTER TABLE users SET SCHEMA archive", "AlterObjectSchemaStmt",
      "SetSchema(OBJECT_TABLE users -> archive)"
    ),
    (
      "ALTER TYPE mood SET SCHEMA app", "AlterObjectSchemaStmt", "SetSchema(OBJECT_TYPE mood -> app)"
    ),
    (
      "ALTER FUNCTION f(int) SET SCHEMA app", "AlterObjectSchemaStmt", "SetSchema(OBJECT_FUNCTION f -> app)"
    ),
  ]

  @Test("RENAME and SET SCHEMA forms", arguments: renames)
  func rename(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }
}
