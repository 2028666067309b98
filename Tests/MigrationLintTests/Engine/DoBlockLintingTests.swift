import MigrationLint
import PostgresSyntax
import Testing

/// DDL inside `DO` blocks is linted like top-level DDL, where it runs.
@Suite("DO block linting")
struct DoBlockLintingTests {
  /// `rule line` of each finding for `sql`, linted after `before` (earlier migrations).
  static func findings(_ sql: String, before: [String] = [], runner: Runner = .supabase) -> [Diagnostic] {
    let files =
      before.enumerated().map { SourceFile(path: "m/\($0.offset)_before.sql", text: $0.element) }
      + [SourceFile(path: "m/9_file.sql", text: sql)]
    let results = Linter(settings: LintSettings(runner: runner)).lint(files: files)
    return results.last?.diagnostics ?? []
  }

  static func summary(_ diagnostics: [Diagnostic], in sql: String) -> [String] {
    let source = SourceFile(path: "m/9_file.sql", text: sql)
    return diagnostics.filter { !$0.ruleID.hasPrefix("require-lock-timeout") }.map {
      "\($0.ruleID) \(source.location(of: $0.range.lowerBound).line)"
    }
  }

  static let orders = "CREATE TABLE orders (id bigint PRIMARY KEY, status text);"

  @Test("a guarded ALTER TABLE inside DO is reported at its own line, without idempotency noise")
  func guardedAlter() {
    let sql = """
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'orders_status_check') THEN
          ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '');
        END IF;
      END $$;
      """
    let found = Self.findings(sql, before: [Self.orders])
    #expect(Self.summary(found, in: sql) == ["constraint-missing-not-valid 4"])
    #expect(found.allSatisfy { $0.fixes.isEmpty })
    #expect(found.allSatisfy { $0.help?.contains("inside the DO block at line 1") == true })
  }

  @Test("CONCURRENTLY inside DO is refused whatever the runner")
  func concurrentlyFromAFunction() {
    let sql = "DO $$ BEGIN CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status); END $$;"
    for runner in [Runner.none, .supabase, .flyway] {
      let found = Self.findings(sql, before: [Self.orders], runner: runner)
      let refused = found.filter { $0.ruleID == "concurrently-in-transaction" }
      #expect(refused.count == 1, "\(runner)")
      #expect(refused.first?.message.contains("cannot be executed from a function") == true)
    }
  }

  @Test("the schema model follows DDL inside DO: a table it creates is new, a later index on it is fine")
  func replayFollowsTheBlock() {
    let sql = """
      DO $$ BEGIN
        CREATE TABLE IF NOT EXISTS refunds (id bigint PRIMARY KEY, order_id bigint);
      END $$;
      CREATE INDEX IF NOT EXISTS refunds_order_idx ON refunds (order_id);
      """
    #expect(!Self.summary(Self.findings(sql), in: sql).contains("require-concurrent-index-creation 4"))
    // Without the block the table is unknown, so existing: the index is reported.
    let bare = "CREATE INDEX IF NOT EXISTS refunds_order_idx ON refunds (order_id);"
    #expect(Self.summary(Self.findings(bare), in: bare) == ["require-concurrent-index-creation 1"])
  }

  @Test("SQL built at run time is not guessed at")
  func dynamicSQLIsSilent() {
    let sql = """
      DO $$ BEGIN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT c CHECK (status <> %L)', 'orders', '');
      END $$;
      """
    #expect(Self.summary(Self.findings(sql, before: [Self.orders]), in: sql) == [])
  }
}
