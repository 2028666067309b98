import PostgresSyntax
import Testing

@Suite("Parser: types, domains, schemas, extensions, sequences, comments, grants")
struct TypeAndObjectParserTests {
  static let cases: [(String, String, String)] = [
    (
      "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'it''s fine')", "CreateEnumStmt",
      "CreateType(public.mood, enum, values: [sad, ok, it's fine])"
    ),
    ("CREATE TYPE status AS ENUM ()", "CreateEnumStmt", "CreateType(status, enum, values: [])"),
    (
      "CREATE TYPE address AS (street text, city text)", "CompositeTypeStmt",
      "CreateType(address, composite, values: [])"
    ),
    (
      "CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi)", "CreateRangeStmt",
      "CreateType(floatrange, range, values: [])"
    ),
    (
      "ALTER TYPE mood ADD VALUE 'happy'", "AlterEnumStmt",
      "AlterEnum(mood, add: happy, ifNotExists: false, renameFrom: nil)"
    ),
    (
      "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok'", "AlterEnumStmt",
      "AlterEnum(public.mood, add: meh, ifNotExists: true, renameFrom: nil, before: ok)"
    ),
    (
      "ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy'", "AlterEnumStmt",
      "AlterEnum(mood, add: ecstatic, ifNotExists: false, renameFrom: nil, after: happy)"
    ),
    (
      "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", "AlterEnumStmt",
      "AlterEnum(mood, add: blue, ifNotExists: false, renameFrom: sad)"
    ),
    (
      "CREATE DOMAIN email AS text CHECK (VALUE ~ '@')", "CreateDomainStmt",
      "CreateDOMAIN(email, ifNotExists: false, schema: nil)"
    ),
    (
      "CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION app_owner", "CreateSchemaStmt",
      "CreateSCHEMA(app, ifNotExists: true, schema: nil)"
    ),
    (
      "CREATE SCHEMA AUTHORIZATION joe", "CreateSchemaStmt",
      "CreateSCHEMA(joe, ifNotExists: false, schema: nil)"
    ),
    (
      "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA extensions", "CreateExtensionStmt",
      "CreateEXTENSION(\"uuid-ossp\", ifNotExists: true, schema: extensions)"
    ),
    (
      "CREATE EXTENSION pgcrypto SCHEMA extensions VERSION '1.3'", "CreateExtensionStmt",
      "CreateEXTENSION(pgcrypto, ifNotExists: false, schema: extensions)"
    ),
    (
      "CREATE EXTENSION vector", "CreateExtensionStmt",
      "CreateEXTENSION(vector, ifNotExists: false, schema: nil)"
    ),
    (
      "CREATE SEQUENCE IF NOT EXISTS public.invoice_seq START WITH 1000 INCREMENT BY 1", "CreateSeqStmt",
      "CreateSEQUENCE(public.invoice_seq, ifNotExists: true, schema: nil)"
    ),
    (
      "COMMENT ON TABLE public.users IS 'People'", "CommentStmt", "Comment(TABLE public.users)"
    ),
    (
      "COMMENT ON COLUMN public.users.email IS NULL", "CommentStmt", "Comment(COLUMN public.users.email)"
    ),
    (
      "COMMENT ON FUNCTION f(int) IS 'adds'", "CommentStmt", "Comment(FUNCTION f)"
    ),
    (
      "COMMENT ON MATERIALIZED VIEW stats IS 'x'", "CommentStmt", "Comment(MATERIALIZED VIEW stats)"
    ),
    (
      "GRANT SELECT, INSERT ON TABLE public.users TO authenticated, anon", "GrantStmt",
      "Grant([SELECT, INSERT] on TABLE [public.users] to [authenticated, anon])"
    ),
    (
      "GRANT ALL ON ALL TABLES IN SCHEMA public TO service_role WITH GRANT OPTION", "GrantStmt",
      "Grant([ALL] on ALL TABLES IN SCHEMA [public] to [service_role])"
    ),
    (
      "GRANT USAGE ON SCHEMA app TO \"Reporting\"", "GrantStmt",
      "Grant([USAGE] on SCHEMA [app] to [Reporting])"
    ),
    (
      "GRANT UPDATE (name, email) ON users TO authenticated", "GrantStmt",
      "Grant([UPDATE] on TABLE [users] to [authenticated])"
    ),
    (
      "REVOKE EXECUTE ON FUNCTION public.f(int) FROM public, anon CASCADE", "GrantStmt",
      "Revoke([EXECUTE] on FUNCTION [public.f] from [public, anon])"
    ),
    (
      "REVOKE ALL PRIVILEGES ON users FROM anon", "GrantStmt",
      "Revoke([ALL, PRIVILEGES] on TABLE [users] from [anon])"
    ),
    ("GRANT admin TO joe", "GrantRoleStmt", "Other"),
  ]

  @Test("types, objects, comments, grants", arguments: cases)
  func object(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }
}
