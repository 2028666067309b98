import MigrationLint
import PostgresSyntax
import Testing

/// Effects of the last statement of `sql`, after `history` (earlier migrations).
func lastEffects(
  _ sql: String, history: [String] = [], runner: Runner = .none, postgresVersion: Int = 15
) -> StatementEffects? {
  let files = history.enumerated().map { SourceFile(path: "h\($0.offset).sql", text: $0.element) }
  return LockAnalysis.analyze(
    SourceFile(path: "x.sql", text: sql), history: files,
    settings: LintSettings(postgresVersion: postgresVersion, runner: runner)
  ).last?.effects
}

@Suite("Engine: statement effects")
struct StatementEffectsTests {
  static let existing = "CREATE TABLE t (id bigint PRIMARY KEY, a int, v varchar(10), s text);"

  /// (statement, relation, mode, rewrite, scan)
  static let locks: [(String, String, LockMode, Bool, Bool)] = [
    ("CREATE INDEX t_a_idx ON t (a);", "t", .share, false, true),
    ("CREATE INDEX CONCURRENTLY t_a_idx ON t (a);", "t", .shareUpdateExclusive, false, true),
    ("ALTER TABLE t ADD COLUMN b int;", "t", .accessExclusive, false, false),
    ("ALTER TABLE t ADD COLUMN b int DEFAULT 0;", "t", .accessExclusive, false, false),
    ("ALTER TABLE t ADD COLUMN b uuid DEFAULT gen_random_uuid();", "t", .accessExclusive, true, true),
    ("ALTER TABLE t ADD COLUMN b bigserial;", "t", .accessExclusive, true, true),
    ("ALTER TABLE t ALTER COLUMN a TYPE bigint;", "t", .accessExclusive, true, true),
    ("ALTER TABLE t ALTER COLUMN v TYPE varchar(20);", "t", .accessExclusive, false, false),
    ("ALTER TABLE t ALTER COLUMN v TYPE text;", "t", .accessExclusive, false, false),
    ("ALTER TABLE t ALTER COLUMN s TYPE varchar(5);", "t", .accessExclusive, true, true),
    ("ALTER TABLE t ALTER COLUMN a SET NOT NULL;", "t", .accessExclusive, false, true),
    ("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;", "t", .accessExclusive, false, false),
    ("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", "t", .accessExclusive, false, true),
    ("ALTER TABLE t VALIDATE CONSTRAINT c;", "t", .shareUpdateExclusive, false, true),
    ("ALTER TABLE t SET (fillfactor = 70);", "t", .shareUpdateExclusive, false, false),
    ("ALTER TABLE t ALTER COLUMN a SET STATISTICS 500;", "t", .shareUpdateExclusive, false, false),
    ("ALTER TABLE t DISABLE TRIGGER ALL;", "t", .shareRowExclusive, false, false),
    ("ALTER TABLE t SET UNLOGGED;", "t", .accessExclusive, true, true),
    ("DROP INDEX t_a_idx;", "t", .accessExclusive, false, false),
    ("DROP INDEX CONCURRENTLY t_a_idx;", "t", .shareUpdateExclusive, false, false),
    ("REINDEX INDEX t_a_idx;", "t", .share, false, true),
    ("REINDEX TABLE t;", "t", .share, false, true),
    ("TRUNCATE t;", "t", .accessExclusive, false, false),
    ("VACUUM FULL t;", "t", .accessExclusive, true, true),
    ("CLUSTER t USING t_pkey;", "t", .accessExclusive, true, true),
    ("LOCK TABLE t IN SHARE MODE;", "t", .share, false, false),
    ("CREATE POLICY p ON t FOR SELECT USING (true);", "t", .accessExclusive, false, false),
    ("COMMENT ON TABLE t IS 'x';", "t", .shareUpdateExclusive, false, false),
    ("COMMENT ON COLUMN t.a IS 'x';", "t", .shareUpdateExclusive, false, false),
    ("UPDATE t SET a = 1;", "t", .rowExclusive, false, true),
    ("ALTER TABLE t RENAME COLUMN a TO b;", "t", .accessExclusive, false, false),
  ]

  @Test("lock, rewrite and scan per statement", arguments: locks)
  func lock(statement: String, relation: String, mode: LockMode, rewrite: Bool, scan: Bool) throws {
    let history = [Self.existing, "CREATE INDEX t_a_idx ON t (a);"]
    let effects = try #require(lastEffects(statement, history: history))
    let effect = try #require(effects.effect(on: ObjectKey(schema: "public", name: relation)))
    #expect(effect.lock == mode)
    #expect(effect.rewrite == rewrite)
    #expect(effect.scan == scan)
    #expect(effect.existedBefore)
  }

  @Test("foreign keys lock both tables")
  func foreignKey() throws {
    let history = [Self.existing, "CREATE TABLE u (id bigint PRIMARY KEY);"]
    let effects = try #require(
      lastEffects("ALTER TABLE t ADD CONSTRAINT t_u FOREIGN KEY (a) REFERENCES u (id);", history: history))
    #expect(effects.effect(on: ObjectKey(schema: "public", name: "t"))?.lock == .shareRowExclusive)
    #expect(effects.effect(on: ObjectKey(schema: "public", name: "u"))?.lock == .shareRowExclusive)
    let created = try #require(
      lastEffects("CREATE TABLE w (id bigint PRIMARY KEY, u_id bigint REFERENCES u (id));", history: history))
    #expect(created.effect(on: ObjectKey(schema: "public", name: "w"))?.isNew == true)
    #expect(created.effect(on: ObjectKey(schema: "public", name: "u"))?.lock == .shareRowExclusive)
    #expect(created.effect(on: ObjectKey(schema: "public", name: "u"))?.isNew == false)
  }

  @Test("a table created earlier in the file is new")
  func newTable() throws {
    let effects = try #require(lastEffects("CREATE TABLE n (id int);\nCREATE INDEX ON n (id);"))
    #expect(effects.relations.first?.isNew == true)
    #expect(effects.locksExisting(atLeast: .share) == false)
  }

  @Test("REINDEX SCHEMA names a schema, not a relation")
  func reindexSchema() throws {
    let effects = try #require(lastEffects("REINDEX SCHEMA public;", history: [Self.existing]))
    #expect(effects.relations.isEmpty)
  }

  @Test("constant defaults rewrite only before PostgreSQL 11")
  func constantDefault() throws {
    let statement = "ALTER TABLE t ADD COLUMN b int DEFAULT 0;"
    let old = try #require(lastEffects(statement, history: [Self.existing], postgresVersion: 10))
    #expect(old.relations.first?.rewrite == true)
    let new = try #require(lastEffects(statement, history: [Self.existing], postgresVersion: 11))
    #expect(new.relations.first?.rewrite == false)
    #expect(new.relations.first?.versionNote != nil)
  }

  @Test("SET NOT NULL skips its scan after a validated CHECK from PostgreSQL 12")
  func setNotNullProof() throws {
    let history = [
      Self.existing, "ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK (a IS NOT NULL) NOT VALID;",
    ]
    let file = "ALTER TABLE t VALIDATE CONSTRAINT t_a_nn;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;"
    #expect(lastEffects(file, history: history, postgresVersion: 12)?.relations.first?.scan == false)
    #expect(lastEffects(file, history: history, postgresVersion: 11)?.relations.first?.scan == true)
  }

  @Test("lock modes: conflicts and what they block")
  func lockModeTable() {
    #expect(LockMode.accessExclusive.blocks == .readsAndWrites)
    #expect(LockMode.share.blocks == .writes)
    #expect(LockMode.shareRowExclusive.blocks == .writes)
    #expect(LockMode.exclusive.blocks == .writes)
    #expect(LockMode.shareUpdateExclusive.blocks == .otherDDL)
    #expect(LockMode.rowExclusive.blocks == .otherDDL)
    // The table is symmetric, as the manual's is.
    for a in LockMode.allCases {
      for b in LockMode.allCases { #expect(a.conflicts(with: b) == b.conflicts(with: a), "\(a) vs \(b)") }
    }
    #expect(!LockMode.share.conflicts(with: .share))
    #expect(LockMode.shareUpdateExclusive.conflicts(with: .shareUpdateExclusive))
    #expect(LockMode(catalogName: "ShareRowExclusiveLock") == .shareRowExclusive)
    #expect(LockMode(sqlName: "share update exclusive lock") == .shareUpdateExclusive)
  }
}

@Suite("Engine: session model per runner")
struct SessionModelTests {
  /// (runner, file, version, index of the statement, opener, refused)
  static let cases: [(Runner, String, Int, Int, TransactionOpener, Bool)] = [
    (.supabase, "CREATE INDEX CONCURRENTLY i ON t (a);\nSELECT 1;", 15, 0, .pipeline, false),
    (.supabase, "SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 1, .pipeline, true),
    (.supabase, "SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);", 13, 1, .pipeline, false),
    (.supabase, "SELECT 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 2, .pipeline, false),
    (.supabase, "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;", 15, 1, .explicit, true),
    (.supabase, "SET statement_timeout = 0;\nCREATE INDEX CONCURRENTLY i ON t (a);", 18, 1, .pipeline, true),
    (.supabase, "CREATE INDEX CONCURRENTLY i ON t (a);\nCREATE INDEX CONCURRENTLY j ON t (a);", 15, 1, .pipeline, true),
    (.supabase, "BEGIN;\nSELECT 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 3, .pipeline, false),
    (.golangMigrate, "CREATE INDEX CONCURRENTLY i ON t (a);", 15, 0, .none, false),
    (.golangMigrate, "CREATE INDEX CONCURRENTLY i ON t (a);\nSELECT 1;", 15, 0, .implicitBlock, true),
    (.none, "SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 1, .none, false),
    (.none, "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 1, .explicit, true),
    (.dbmate, "CREATE INDEX CONCURRENTLY i ON t (a);", 15, 0, .runner, true),
    (.diesel, "CREATE INDEX CONCURRENTLY i ON t (a);", 15, 0, .runner, true),
    (.flyway, "CREATE INDEX CONCURRENTLY i ON t (a);", 15, 0, .none, false),
    (
      .supabase, "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 1,
      .none, false
    ),
    (.supabase, "-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 0, .runner, true),
    (.dbmate, "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 0, .none, false),
    (.flyway, "SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);", 15, 1, .runner, true),
  ]

  @Test("who opened the transaction, and whether CONCURRENTLY is refused", arguments: cases)
  func transaction(
    runner: Runner, file: String, version: Int, index: Int, opener: TransactionOpener, refused: Bool
  ) throws {
    let analyzed = LockAnalysis.analyze(
      SourceFile(path: "x.sql", text: file),
      history: ["CREATE TABLE t (a int);"].map { SourceFile(path: "h.sql", text: $0) },
      settings: LintSettings(postgresVersion: version, runner: runner))
    let statement = try #require(analyzed.count > index ? analyzed[index] : nil)
    #expect(statement.effects.transaction.opener == opener)
    #expect((statement.effects.transaction.refusal != nil) == refused)
  }

  @Test("locks are held to the transaction's end, except in autocommit and for CONCURRENTLY")
  func lockHold() throws {
    let history = ["CREATE TABLE t (a int);"]
    #expect(
      lastEffects("ALTER TABLE t ADD COLUMN b int;", history: history, runner: .none)?.relations.first?.heldUntil
        == .statement)
    #expect(
      lastEffects("ALTER TABLE t ADD COLUMN b int;", history: history, runner: .supabase)?.relations.first?.heldUntil
        == .transaction)
    #expect(
      lastEffects("CREATE INDEX CONCURRENTLY i ON t (a);", history: history, runner: .supabase)?.relations.first?
        .heldUntil == .statement)
  }

  @Test("lock_timeout in force: SET, SET LOCAL, RESET")
  func lockTimeout() throws {
    let history = ["CREATE TABLE t (a int);"]
    #expect(
      lastEffects("SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN b int;", history: history)?.lockTimeout == "5s")
    #expect(
      lastEffects("SET lock_timeout = '5s';\nRESET lock_timeout;\nALTER TABLE t ADD COLUMN b int;", history: history)?
        .lockTimeout == nil)
    #expect(
      lastEffects("BEGIN;\nSET LOCAL lock_timeout = '1s';\nCOMMIT;\nALTER TABLE t ADD COLUMN b int;", history: history)?
        .lockTimeout == nil)
  }
}

@Suite("set-not-null-scan follows the schema facts and the version")
struct SetNotNullVersionTests {
  static let history = [
    "CREATE TABLE profiles (id bigint PRIMARY KEY, username text);",
    "ALTER TABLE profiles ADD CONSTRAINT profiles_username_nn CHECK (username IS NOT NULL) NOT VALID;",
  ]
  static let file = """
    ALTER TABLE profiles VALIDATE CONSTRAINT profiles_username_nn;
    ALTER TABLE profiles ALTER COLUMN username SET NOT NULL;
    """

  /// (postgres version, reported)
  @Test("validated CHECK earlier in the file", arguments: [(11, true), (12, false), (15, false), (18, false)])
  func versions(version: Int, reported: Bool) {
    let linter = Linter(
      rules: RuleRegistry.statementRules, settings: LintSettings(postgresVersion: version),
      selection: RuleSelection(only: ["set-not-null-scan"]))
    let files = Self.history.enumerated().map {
      SourceFile(path: "supabase/migrations/2024010100000\($0.offset)_h.sql", text: $0.element)
    }
    let result = linter.lint(
      files: [SourceFile(path: "supabase/migrations/20250101000000_x.sql", text: Self.file)], history: files)
    #expect((result.last?.diagnostics.contains { $0.ruleID == "set-not-null-scan" } ?? false) == reported)
  }
}
