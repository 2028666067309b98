import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// A migration file whose CONCURRENTLY statements are accepted or refused
/// depending on how the runner sends it.
struct RunnerFileCase: Sendable, CustomTestStringConvertible {
  var name: String
  var sql: String

  var testDescription: String { name }

  /// Every case runs on a fresh database with this schema.
  static let setup = """
    CREATE TABLE t (a int, b int);
    INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;
    CREATE INDEX t_b_idx ON t (b);
    CREATE TYPE mood AS ENUM ('a');
    CREATE TABLE moods (m mood);
    """

  static let createConcurrently = "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);"

  static let all: [RunnerFileCase] = [
    .init(name: "CONCURRENTLY alone", sql: createConcurrently),
    .init(name: "CONCURRENTLY first of two", sql: "\(createConcurrently)\nCREATE TABLE after_t ();"),
    .init(name: "CONCURRENTLY second of two", sql: "CREATE TABLE before_t ();\n\(createConcurrently)"),
    .init(
      name: "two CONCURRENTLY statements",
      sql: "\(createConcurrently)\nCREATE INDEX CONCURRENTLY t_ab_idx ON t (a, b);"),
    .init(
      name: "CONCURRENTLY after a mid-file COMMIT without BEGIN",
      sql: "CREATE TABLE before_t ();\nCOMMIT;\n\(createConcurrently)\nCREATE TABLE after_t ();"),
    .init(
      name: "CONCURRENTLY after BEGIN ... COMMIT",
      sql: "BEGIN;\nCREATE TABLE before_t ();\nCOMMIT;\n\(createConcurrently)\nCREATE TABLE after_t ();"),
    .init(
      name: "CONCURRENTLY inside BEGIN ... COMMIT",
      sql: "BEGIN;\nCREATE TABLE before_t ();\n\(createConcurrently)\nCOMMIT;"),
    .init(
      name: "CONCURRENTLY after a COMMIT and a SELECT",
      sql: "CREATE TABLE before_t ();\nCOMMIT;\nSELECT 1;\n\(createConcurrently)"),
    .init(name: "DROP INDEX CONCURRENTLY second", sql: "CREATE TABLE before_t ();\nDROP INDEX CONCURRENTLY t_b_idx;"),
    .init(name: "DROP INDEX CONCURRENTLY first", sql: "DROP INDEX CONCURRENTLY t_b_idx;\nCREATE TABLE after_t ();"),
    .init(
      name: "REINDEX CONCURRENTLY second", sql: "CREATE TABLE before_t ();\nREINDEX INDEX CONCURRENTLY t_b_idx;"),
    .init(
      name: "REINDEX CONCURRENTLY first", sql: "REINDEX INDEX CONCURRENTLY t_b_idx;\nCREATE TABLE after_t ();"),
    .init(
      name: "ALTER TYPE ADD VALUE then its use",
      sql: "ALTER TYPE mood ADD VALUE 'b';\nINSERT INTO moods VALUES ('b');"),
  ]
}

/// A case sent the way one runner sends it.
struct RunnerScenario: Sendable, CustomTestStringConvertible {
  var file: RunnerFileCase
  var runner: Runner

  var testDescription: String { "\(runner.rawValue): \(file.name)" }

  /// Every case for every runner whose sending is simulated (not Flyway,
  /// which decides per file whether to use a transaction).
  static let all: [RunnerScenario] = [Runner.supabase, .golangMigrate, .none, .dbmate, .diesel].flatMap { runner in
    RunnerFileCase.all.map { RunnerScenario(file: $0, runner: runner) }
  }
}

/// cslint's `concurrently-in-transaction` against what the server does with
/// the file sent exactly as the runner sends it: a finding on a statement
/// if and only if the server refused that statement. The expectation comes
/// from the server alone.
@Suite("concurrently-in-transaction against each runner on live servers")
struct RunnerConcurrentlyTests {
  static let ruleID = "concurrently-in-transaction"

  @Test(
    "a finding exactly where the server refuses CONCURRENTLY",
    arguments: RunnerScenario.all, await PostgresInstalls.targetMajors())
  func findingMatchesServer(_ scenario: RunnerScenario, major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let wire = try #require(RunnerProtocol(scenario.runner))
    let outcome = try await RunnerWire.withDatabase(on: server) { database in
      try await database.client.execute(RunnerFileCase.setup)
      return try await RunnerWire.send(scenario.file.sql, as: wire, database: database.name, on: server)
    }
    let flagged = Self.flaggedStatements(scenario.file.sql, runner: scenario.runner, major: major)
    let refused = outcome.failure.flatMap { Self.isConcurrentlyRefusal($0.message) ? $0.statement : nil }
    // Statements after a failure never ran: the server says nothing about them.
    let statementCount = RunnerWire.statements(of: scenario.file.sql).count
    let reached = outcome.failure?.statement ?? statementCount - 1
    var mismatches: [String] = []
    for index in 0..<statementCount where index <= reached {
      let hasFinding = flagged.contains(index)
      let wasRefused = refused == index
      if hasFinding != wasRefused {
        let server = wasRefused ? "refused it (\(outcome.failure?.message ?? ""))" : "accepted it"
        mismatches.append(
          "statement \(index + 1): cslint \(hasFinding ? "flags" : "does not flag") it, PostgreSQL \(major) \(server)")
      }
    }
    #expect(mismatches.isEmpty, "\(scenario.testDescription) on PG \(major):\n\(mismatches.joined(separator: "\n"))")
  }

  static func isConcurrentlyRefusal(_ message: String) -> Bool {
    message.contains("CONCURRENTLY")
      && (message.contains("cannot run inside a transaction block")
        || message.contains("cannot be executed within a pipeline"))
  }

  /// Indices (among the file's statements, meta-commands excluded) of the
  /// statements cslint flags, linted through the public API.
  static func flaggedStatements(_ sql: String, runner: Runner, major: Int) -> Set<Int> {
    let source = SourceFile(path: "supabase/migrations/20260101000000_live.sql", text: sql)
    let linter = Linter(
      rules: RuleRegistry.statementRules, settings: LintSettings(postgresVersion: major, runner: runner),
      selection: RuleSelection(only: [ruleID]))
    let diagnostics = linter.lint(files: [source]).flatMap(\.diagnostics).filter { $0.ruleID == ruleID }
    let ranges = StatementParser.parse(ScannedFile(source: source)).filter { !$0.span.isMetaCommand }.map(\.range)
    return Set(
      diagnostics.compactMap { diagnostic in
        ranges.firstIndex { $0.contains(diagnostic.range.lowerBound) }
      })
  }
}
