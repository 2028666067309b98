import PostgresSyntax
import Testing

@Suite("Parser: policies, functions, triggers, views")
struct RoutineAndPolicyParserTests {
  static let policies: [(String, String, String)] = [
    (
      "CREATE POLICY \"Users read own\" ON public.profiles FOR SELECT TO authenticated USING (auth.uid() = id)",
      "CreatePolicyStmt",
      "CreatePolicy(Users read own on public.profiles, permissive, for: SELECT, to: [authenticated], "
        + "using: \"auth.uid() = id\", withCheck: nil)"
    ),
    (
      "create policy only_staff on docs as restrictive for all to staff, \"Admins\" using (true) "
        + "with check (owner = current_user)",
      "CreatePolicyStmt",
      "CreatePolicy(only_staff on docs, restrictive, for: ALL, to: [staff, Admins], using: \"true\", "
        + "withCheck: \"owner = current_user\")"
    ),
    (
      "CREATE POLICY p ON t AS PERMISSIVE FOR INSERT WITH CHECK ((select auth.uid()) = user_id)",
      "CreatePolicyStmt",
      "CreatePolicy(p on t, permissive, for: INSERT, to: [], using: nil, "
        + "withCheck: \"(select auth.uid()) = user_id\")"
    ),
    (
      "CREATE POLICY p ON t FOR UPDATE TO public USING (a) WITH CHECK (b)",
      "CreatePolicyStmt",
      "CreatePolicy(p on t, permissive, for: UPDATE, to: [public], using: \"a\", withCheck: \"b\")"
    ),
    (
      "CREATE POLICY p ON t FOR DELETE USING (false)",
      "CreatePolicyStmt",
      "CreatePolicy(p on t, permissive, for: DELETE, to: [], using: \"false\", withCheck: nil)"
    ),
    (
      "ALTER POLICY p ON t TO authenticated USING (owner = auth.uid())",
      "AlterPolicyStmt",
      "AlterPolicy(p on t, permissive, for: ALL, to: [authenticated], using: \"owner = auth.uid()\", "
        + "withCheck: nil)"
    ),
  ]

  @Test("CREATE/ALTER POLICY", arguments: policies)
  func policy(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }

  static let functions: [(String, String)] = [
    (
      """
      CREATE OR REPLACE FUNCTION public.handle_new_user()
      RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
      AS $$ begin insert into profiles (id) values (new.id); return new; end; $$
      """,
      "CreateFunction(public.handle_new_user, orReplace, args: \"\", returns: trigger, language: plpgsql, "
        + "volatility: nil, securityDefiner: true, searchPath: '', "
        + "body: \"$$ begin insert into profiles (id) values (new.id); return new; end; $$\")"
    ),
    (
      "CREATE FUNCTION add(a integer, b integer DEFAULT 1) RETURNS integer AS 'select a + b' "
        + "LANGUAGE sql IMMUTABLE STRICT",
      "CreateFunction(add, args: \"a integer, b integer DEFAULT 1\", returns: integer, language: sql, "
        + "volatility: immutable, securityDefiner: false, searchPath: unset, body: \"'select a + b'\")"
    ),
    (
      "CREATE FUNCTION f() RETURNS SETOF users STABLE SECURITY INVOKER SET search_path TO public, pg_temp "
        + "LANGUAGE 'sql' AS $body$ select * from users $body$",
      "CreateFunction(f, args: \"\", returns: setof users, language: sql, volatility: stable, "
        + "securityDefiner: false, searchPath: public, pg_temp, body: \"$body$ select * from users $body$\")"
    ),
    (
      "CREATE FUNCTION g(x int) RETURNS TABLE (id int, name text) LANGUAGE sql "
        + "SET search_path FROM CURRENT AS $$ select 1, 'a' $$",
      "CreateFunction(g, args: \"x int\", returns: table(id int, name text), language: sql, volatility: nil, "
        + "securityDefiner: false, searchPath: FROM CURRENT, body: \"$$ select 1, 'a' $$\")"
    ),
    (
      "CREATE FUNCTION h(a int) RETURNS int LANGUAGE sql VOLATILE BEGIN ATOMIC SELECT a + 1; END",
      "CreateFunction(h, args: \"a int\", returns: int, language: sql, volatility: volatile, "
        + "securityDefiner: false, searchPath: unset, body: \"BEGIN ATOMIC SELECT a + 1; END\")"
    ),
    (
      "CREATE PROCEDURE archive(days int) LANGUAGE plpgsql AS $$ begin delete from t; end $$",
      "CreateProcedure(archive, args: \"days int\", returns: nil, language: plpgsql, volatility: nil, "
        + "securityDefiner: false, searchPath: unset, body: \"$$ begin delete from t; end $$\")"
    ),
  ]

  @Test("CREATE FUNCTION/PROCEDURE", arguments: functions)
  func function(sql: String, expected: String) {
    #expect(kinds(sql) == ["CreateFunctionStmt"])
    #expect(summary(sql) == expected)
  }

  static let alterFunctions: [(String, String, String)] = [
    (
      "ALTER FUNCTION public.f(int) SET search_path = ''", "AlterFunctionStmt",
      "AlterFunction(public.f, securityDefiner: nil, setsSearchPath: true)"
    ),
    (
      "ALTER FUNCTION f EXTERNAL SECURITY DEFINER RESET ALL", "AlterFunctionStmt",
      "AlterFunction(f, securityDefiner: true, setsSearchPath: false)"
    ),
    (
      "ALTER PROCEDURE p() SECURITY INVOKER", "AlterFunctionStmt",
      "AlterFunction(p, securityDefiner: false, setsSearchPath: nil)"
    ),
    ("ALTER FUNCTION f() OWNER TO postgres", "AlterOwnerStmt", "Other"),
  ]

  @Test("ALTER FUNCTION options", arguments: alterFunctions)
  func alterFunction(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }

  static let triggersAndViews: [(String, String, String)] = [
    (
      "CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW "
        + "EXECUTE FUNCTION public.handle_new_user()",
      "CreateTrigStmt",
      "CreateTrigger(on_auth_user_created on auth.users, orReplace: false, constraint: false, "
        + "function: public.handle_new_user)"
    ),
    (
      "CREATE OR REPLACE TRIGGER touch BEFORE UPDATE OF name, email ON users FOR EACH ROW "
        + "WHEN (old.* IS DISTINCT FROM new.*) EXECUTE PROCEDURE set_updated_at()",
      "CreateTrigStmt",
      "CreateTrigger(touch on users, orReplace: true, constraint: false, function: set_updated_at)"
    ),
    (
      "CREATE CONSTRAINT TRIGGER check_balance AFTER INSERT ON ledger DEFERRABLE INITIALLY DEFERRED "
        + "FOR EACH ROW EXECUTE FUNCTION check_balance()",
      "CreateTrigStmt",
      "CreateTrigger(check_balance on ledger, orReplace: false, constraint: true, function: check_balance)"
    ),
    (
      "CREATE VIEW active_users WITH (security_invoker = true) AS SELECT * FROM users WHERE active",
      "ViewStmt",
      "CreateView(active_users, security_invoker, query: \"SELECT * FROM users WHERE active\")"
    ),
    (
      "CREATE OR REPLACE VIEW public.v WITH (security_invoker) AS SELECT 1",
      "ViewStmt",
      "CreateView(public.v, orReplace, security_invoker, query: \"SELECT 1\")"
    ),
    (
      "CREATE VIEW v WITH (security_barrier, security_invoker = off) AS SELECT 1",
      "ViewStmt",
      "CreateView(v, query: \"SELECT 1\")"
    ),
    (
      "CREATE VIEW v (a, b) AS SELECT 1, 2",
      "ViewStmt",
      "CreateView(v, query: \"SELECT 1, 2\")"
    ),
    (
      "CREATE MATERIALIZED VIEW IF NOT EXISTS stats AS SELECT count(*) FROM users WITH NO DATA",
      "CreateTableAsStmt",
      "CreateMaterializedView(stats, IF NOT EXISTS, WITH NO DATA, query: \"SELECT count(*) FROM users WITH NO DATA\")"
    ),
    (
      "REFRESH MATERIALIZED VIEW CONCURRENTLY public.stats",
      "RefreshMatViewStmt",
      "Refresh(public.stats, concurrently: true)"
    ),
    (
      "REFRESH MATERIALIZED VIEW stats WITH DATA",
      "RefreshMatViewStmt",
      "Refresh(stats, concurrently: false)"
    ),
  ]

  @Test("triggers, views, materialized views", arguments: triggersAndViews)
  func triggerOrView(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }
}
