import MigrationLint
import PostgresSyntax
import Testing

/// GRANT / REVOKE in the schema model, and the per-finding severity of
/// function-search-path-mutable.
@Suite("Privileges in the schema model")
struct PrivilegeModelTests {
  static func schema(_ sql: String) -> SchemaState {
    var schema = SchemaState()
    schema.beginFile(index: 0)
    schema.replay(SourceFile(path: "a.sql", text: sql))
    return schema
  }

  static let function = "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;\n"
  static let key = ObjectKey(schema: "public", name: "f")

  @Test(
    "anon executes a function until EXECUTE is revoked from both PUBLIC and anon",
    arguments: [
      ("", true),
      ("REVOKE EXECUTE ON FUNCTION public.f() FROM public;", true),
      ("REVOKE EXECUTE ON FUNCTION public.f() FROM anon;", true),
      ("REVOKE EXECUTE ON FUNCTION public.f() FROM public, anon;", false),
      ("REVOKE ALL ON FUNCTION f FROM PUBLIC, anon, authenticated;", false),
      ("REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM public, anon;", false),
      ("REVOKE EXECUTE ON FUNCTION public.f() FROM public, anon; GRANT EXECUTE ON FUNCTION public.f() TO anon;", true),
      ("REVOKE EXECUTE ON FUNCTION public.f() FROM public, anon; CREATE OR REPLACE " + function, false),
      ("REVOKE EXECUTE ON FUNCTION public.f() FROM public, anon; DROP FUNCTION public.f(); " + function, true),
    ])
  func anonExecutes(_ revoke: String, _ expected: Bool) {
    #expect(Self.schema(Self.function + revoke).canExecute("anon", function: Self.key) == expected)
  }

  @Test("relation privileges: Supabase defaults for anon, the last GRANT or REVOKE wins")
  func relationPrivileges() {
    let view = ObjectKey(schema: "public", name: "v")
    let create = "CREATE VIEW public.v AS SELECT 1;\n"
    #expect(Self.schema(create).hasRelationPrivilege("anon", "SELECT", on: view))
    #expect(
      !Self.schema(create + "REVOKE SELECT ON public.v FROM anon;").hasRelationPrivilege("anon", "SELECT", on: view))
    #expect(
      Self.schema(create + "REVOKE ALL ON public.v FROM anon; GRANT SELECT ON public.v TO anon;")
        .hasRelationPrivilege("anon", "SELECT", on: view))
    #expect(!Self.schema(create).hasRelationPrivilege("someone", "SELECT", on: view))
  }

  @Test("ALTER VIEW SET / RESET (security_invoker) is followed")
  func securityInvoker() {
    let create = "CREATE VIEW public.v AS SELECT 1;\n"
    let key = ObjectKey(schema: "public", name: "v")
    #expect(Self.schema(create).views[key]?.securityInvoker == false)
    #expect(
      Self.schema(create + "ALTER VIEW public.v SET (security_invoker = on);").views[key]?.securityInvoker == true)
    #expect(
      Self.schema(create + "ALTER VIEW v SET (security_invoker); ALTER VIEW v RESET (security_invoker);").views[key]?
        .securityInvoker == false)
  }

  @Test("security_invoker values as PostgreSQL reads booleans")
  func optionValues() {
    #expect(ViewOptions.securityInvoker(in: "security_invoker = 'true'") == true)
    #expect(ViewOptions.securityInvoker(in: "check_option = local, SECURITY_INVOKER=Off") == false)
    #expect(ViewOptions.securityInvoker(in: "security_barrier") == nil)
  }

  @Test("a SECURITY DEFINER function without search_path is an error, a plain one a warning")
  func definerSeverity() {
    let linter = Linter(settings: LintSettings(), selection: RuleSelection(only: ["function-search-path-mutable"]))
    let source = SourceFile(
      path: "supabase/migrations/20250101000000_a.sql",
      text: Self.function + "CREATE FUNCTION public.g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n")
    let severities = linter.lint(files: [source]).flatMap(\.diagnostics).map(\.severity)
    #expect(severities == [.error, .warning])
  }
}
