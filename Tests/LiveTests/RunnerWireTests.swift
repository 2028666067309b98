import Foundation
import MigrationLint
import Testing

@Suite("Runner wire harness")
struct RunnerWireTests {
  typealias Reply = RunnerWire.StepReply
  typealias Result = RunnerWire.StepResult

  static func ok(_ tag: String) -> Result { Result(tag: tag) }
  static func error(_ message: String) -> Result { Result(error: message, code: "25001") }

  @Test("statements are split and trimmed as the Supabase CLI's SplitAndTrim leaves them")
  func splitting() {
    let sql = "-- a comment\nCREATE TABLE a ();\n\n  SELECT ';' ;\nCOMMIT;"
    #expect(RunnerWire.statements(of: sql) == ["CREATE TABLE a ()", "SELECT ';'", "COMMIT"])
  }

  @Test(
    "replies map back to the file's statements",
    arguments: [
      // Supabase: table batch, RESET ALL, then the file + history insert.
      (
        RunnerProtocol.supabasePipeline,
        [
          Reply(results: [ok("SET")], notices: [], status: "I"),
          Reply(results: [ok("RESET")], notices: [], status: "I"),
          Reply(
            results: [ok("CREATE TABLE"), error("x cannot be executed within a pipeline")], notices: [], status: "I"),
        ], 2,
        RunnerOutcome(
          completed: 1, failure: .init(statement: 1, message: "x cannot be executed within a pipeline", code: "25001"),
          notices: [], historyInserted: false)
      ),
      (
        .supabasePipeline,
        [
          Reply(results: [], notices: [], status: "I"), Reply(results: [ok("RESET")], notices: [], status: "I"),
          Reply(results: [ok("CREATE INDEX"), ok("INSERT 0 1")], notices: ["WARNING: w"], status: "I"),
        ], 1, RunnerOutcome(completed: 1, failure: nil, notices: ["WARNING: w"], historyInserted: true)
      ),
      // psql-like: one step per statement, stopped at the first error.
      (
        .statementByStatement,
        [
          Reply(results: [ok("BEGIN")], notices: [], status: "T"),
          Reply(results: [error("e")], notices: [], status: "E"),
        ],
        3,
        RunnerOutcome(
          completed: 1, failure: .init(statement: 1, message: "e", code: "25001"), notices: [], historyInserted: false)
      ),
      // BEGIN, the file, ROLLBACK.
      (
        .wrappedInTransaction,
        [
          Reply(results: [ok("BEGIN")], notices: [], status: "T"),
          Reply(results: [error("e")], notices: [], status: "E"),
          Reply(results: [ok("ROLLBACK")], notices: [], status: "I"),
        ], 2,
        RunnerOutcome(
          completed: 0, failure: .init(statement: 0, message: "e", code: "25001"), notices: [], historyInserted: false)
      ),
    ])
  func outcomeMapping(runner: RunnerProtocol, replies: [Reply], statements: Int, expected: RunnerOutcome) {
    #expect(RunnerWire.outcome(of: replies, runner: runner, statementCount: statements) == expected)
  }

  @Test("each runner maps to the protocol it uses")
  func runnerMapping() {
    #expect(RunnerProtocol(.supabase) == .supabasePipeline)
    #expect(RunnerProtocol(.golangMigrate) == .oneSimpleQuery)
    #expect(RunnerProtocol(.none) == .statementByStatement)
    #expect(RunnerProtocol(.dbmate) == .wrappedInTransaction)
    #expect(RunnerProtocol(.diesel) == .wrappedInTransaction)
    #expect(RunnerProtocol(.flyway) == nil)
  }

  /// The facts the simulation must reproduce on a live server: a pipeline
  /// accepts CONCURRENTLY first and refuses it after another statement (PG 14-16
  /// say "within a pipeline", later versions "inside a transaction block");
  /// the history row is inserted in the same pipeline.
  @Test("the Supabase pipeline behaves as the CLI's batch does", arguments: await PostgresInstalls.targetMajors())
  func supabasePipeline(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    try await RunnerWire.withDatabase(on: server) { database in
      try await database.client.execute("CREATE TABLE t (a int); CREATE TABLE t2 (a int);")
      let first = try await RunnerWire.send(
        "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nCREATE TABLE after_t ();", as: .supabasePipeline,
        database: database.name, on: server, version: "1")
      #expect(first == RunnerOutcome(completed: 2, failure: nil, notices: [], historyInserted: true))
      let second = try await RunnerWire.send(
        "CREATE TABLE before_t ();\nCREATE INDEX CONCURRENTLY t2_a_idx ON t2 (a);", as: .supabasePipeline,
        database: database.name, on: server, version: "2")
      let refusal =
        major < 17
        ? "CREATE INDEX CONCURRENTLY cannot be executed within a pipeline"
        : "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
      #expect(second.failure == .init(statement: 1, message: refusal, code: "25001"))
      let rows = try await database.client.rows(
        """
        SELECT string_agg(version, ',' ORDER BY version) FROM supabase_migrations.schema_migrations;
        SELECT to_regclass('after_t') IS NOT NULL, to_regclass('before_t') IS NOT NULL;
        """)
      // File 1 and its history row are committed; file 2 is rolled back whole.
      #expect(rows == [["1"], ["t", "f"]])
    }
  }

  /// `statementByStatement` stands for `psql -f` with ON_ERROR_STOP: both must
  /// stop at the same statement with the same error.
  @Test("statement by statement agrees with psql -f", arguments: await PostgresInstalls.targetMajors())
  func agreesWithPsql(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let file = "CREATE TABLE p (a int);\nBEGIN;\nCREATE INDEX CONCURRENTLY p_a_idx ON p (a);\nCOMMIT;\n"
    let wire = try await RunnerWire.withDatabase(on: server) { database in
      try await RunnerWire.send(file, as: .statementByStatement, database: database.name, on: server)
    }
    let psql = try await RunnerWire.withDatabase(on: server) { database in try await database.client.run(file) }
    #expect(wire.completed == 2)
    #expect(wire.failure?.message == PsqlClient.errorMessage(in: psql.stderr))
    #expect(psql.status == 3)
  }
}
