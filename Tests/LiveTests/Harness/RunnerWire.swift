import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// How a migration runner puts one file on the wire. The transaction a
/// statement runs in (and so whether PostgreSQL accepts `CONCURRENTLY`) is
/// decided by these messages, not by the SQL alone.
enum RunnerProtocol: String, Sendable, CaseIterable, CustomTestStringConvertible {
  /// Supabase CLI (`pkg/migration/file.go` `ExecBatch`, pgconn v1 `Batch`):
  /// Parse/Bind/Describe/Execute for every statement, then the history
  /// insert, then ONE Sync: an extended-protocol pipeline.
  case supabasePipeline
  /// golang-migrate's postgres driver: the whole file as one simple Query
  /// message (several statements => an implicit transaction block).
  case oneSimpleQuery
  /// `runner: none`, as `psql -f` with `ON_ERROR_STOP`: each statement its
  /// own simple Query in autocommit, stopping at the first error.
  case statementByStatement
  /// dbmate and diesel: `BEGIN`, the whole file as one Query, then `COMMIT`
  /// (`ROLLBACK` after an error).
  case wrappedInTransaction

  /// The way `runner` sends a file; nil for Flyway, which decides per file
  /// (it runs a file with CONCURRENTLY outside a transaction) and is not simulated.
  init?(_ runner: Runner) {
    switch runner {
    case .supabase: self = .supabasePipeline
    case .golangMigrate: self = .oneSimpleQuery
    case .none: self = .statementByStatement
    case .dbmate, .diesel: self = .wrappedInTransaction
    case .flyway: return nil
    }
  }

  var testDescription: String { rawValue }
}

/// What the server did with one file sent the way a runner sends it.
struct RunnerOutcome: Sendable, Equatable {
  /// The statement the server refused, as an index into the file's statements.
  struct Failure: Sendable, Equatable {
    var statement: Int
    var message: String
    var code: String
  }

  /// Statements of the file that completed (before the failure, if any).
  var completed: Int
  var failure: Failure?
  /// Notices and warnings, e.g. `WARNING: there is no transaction in progress`.
  var notices: [String]
  /// For the Supabase pipeline: whether the history insert completed.
  var historyInserted: Bool
}

/// Sends a migration file through `Scripts/pg/runner-wire.py`, which speaks
/// the PostgreSQL protocol itself so that the exact message sequence of each
/// runner is reproduced (libpq-based `psql` cannot send an unsynced pipeline
/// before version 18).
enum RunnerWire {
  static var script: String { PostgresInstalls.packageRoot.appendingPathComponent("Scripts/pg/runner-wire.py").path }

  /// The venv's python when there is one, else the system's: the script
  /// needs only the standard library.
  static var python: String {
    let venv = PostgresInstalls.packageRoot.appendingPathComponent(".venv/bin/python").path
    return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
  }

  /// Bounds the databases in flight: Swift Testing starts every test case at
  /// once, and a server has a connection limit (and the machine two cores).
  static let gate = AsyncGate(limit: 3)

  /// Runs `body` on a fresh stubbed database of `server`, at most
  /// ``gate``'s limit at once; the database is dropped afterwards.
  static func withDatabase<T: Sendable>(
    on server: ThrowawayServer, _ body: @escaping @Sendable (LiveDatabase) async throws -> T
  ) async throws -> T {
    let result: Result<T, any Error> = await gate.run {
      do {
        return .success(try await LiveDatabase.with(on: server, body))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// The CLI's `CreateMigrationTable` batch (`pkg/migration/history.go`), sent
  /// before the first file of `supabase migration up` / `db push`.
  static let createMigrationTable = [
    "SET lock_timeout = '4s'",
    "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
    "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text",
  ]

  /// The file's statements as the runners send them one by one: split by
  /// cslint's splitter, trimmed, without the final `;` (as the Supabase CLI's
  /// `parser.SplitAndTrim` leaves them). For the simple files of the live
  /// tests every splitter agrees.
  static func statements(of sql: String) -> [String] {
    MigrationApplier.pieces(of: sql).map { piece in
      var text = piece.sql.trimmingCharacters(in: .whitespacesAndNewlines)
      while text.hasSuffix(";") { text.removeLast() }
      return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// Sends `sql` (one migration file, recorded as `version`) to `database` on
  /// `server` the way `runner` does.
  static func send(
    _ sql: String, as runner: RunnerProtocol, database: String, on server: ThrowawayServer,
    version: String = "20260101000000", name: String = "live"
  ) async throws -> RunnerOutcome {
    let statements = statements(of: sql)
    var steps: [Step] = []
    var stopOnError = false
    switch runner {
    case .supabasePipeline:
      steps = [
        Step(pipeline: createMigrationTable), Step(query: "RESET ALL"),
        Step(pipeline: statements, history: History(version: version, name: name)),
      ]
    case .oneSimpleQuery:
      steps = [Step(query: sql)]
    case .statementByStatement:
      steps = statements.map { Step(query: $0) }
      stopOnError = true
    case .wrappedInTransaction:
      steps = [Step(query: "BEGIN"), Step(query: sql), Step(query: "COMMIT", onError: "ROLLBACK")]
    }
    let request = Request(
      socket: "\(server.directory)/.s.PGSQL.\(server.port)", user: "postgres", database: database, steps: steps,
      stopOnError: stopOnError)
    let replies = try await exchange(request)
    return outcome(of: replies, runner: runner, statementCount: statements.count)
  }

  /// Maps the server's replies back to the file's statements.
  static func outcome(of replies: [StepReply], runner: RunnerProtocol, statementCount: Int) -> RunnerOutcome {
    let notices = replies.flatMap(\.notices)
    // The replies that belong to the file's own statements.
    let fileResults: [StepResult]
    switch runner {
    case .supabasePipeline: fileResults = replies.count > 2 ? replies[2].results : []
    case .oneSimpleQuery: fileResults = replies.first?.results ?? []
    case .statementByStatement: fileResults = replies.flatMap(\.results)
    case .wrappedInTransaction: fileResults = replies.count > 1 ? replies[1].results : []
    }
    let ownResults = Array(fileResults.prefix(statementCount))
    let completed = ownResults.prefix { $0.error == nil }.count
    var failure: RunnerOutcome.Failure?
    if let failed = ownResults.first(where: { $0.error != nil }), let message = failed.error {
      failure = .init(statement: completed, message: message, code: failed.code ?? "")
    }
    let historyInserted =
      runner == .supabasePipeline && fileResults.count == statementCount + 1 && fileResults.last?.error == nil
    return RunnerOutcome(completed: completed, failure: failure, notices: notices, historyInserted: historyInserted)
  }

  static func exchange(_ request: Request) async throws -> [StepReply] {
    let input = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
    let result = try await Subprocess.run(
      python, [script], stdin: input, environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"])
    guard result.succeeded else {
      throw HarnessError("runner-wire.py failed (status \(result.status)): \(result.stderr)")
    }
    do {
      return try JSONDecoder().decode(Reply.self, from: Data(result.stdout.utf8)).steps
    } catch {
      throw HarnessError("runner-wire.py printed no usable JSON (\(error)): \(result.stdout)")
    }
  }

  // The JSON exchanged with the script (documented in the script's header).

  struct History: Codable, Sendable {
    var version: String
    var name: String
  }

  struct Step: Codable, Sendable {
    var query: String?
    var onError: String?
    var pipeline: [String]?
    var history: History?

    init(query: String, onError: String? = nil) {
      self.query = query
      self.onError = onError
    }

    init(pipeline: [String], history: History? = nil) {
      self.pipeline = pipeline
      self.history = history
    }

    enum CodingKeys: String, CodingKey {
      case query, pipeline, history
      case onError = "on_error"
    }
  }

  struct Request: Codable, Sendable {
    var socket: String
    var user: String
    var database: String
    var steps: [Step]
    var stopOnError: Bool

    enum CodingKeys: String, CodingKey {
      case socket, user, database, steps
      case stopOnError = "stop_on_error"
    }
  }

  struct StepResult: Codable, Sendable, Equatable {
    var tag: String?
    var error: String?
    var code: String?
  }

  struct StepReply: Codable, Sendable, Equatable {
    var results: [StepResult]
    var notices: [String]
    var status: String
  }

  struct Reply: Codable, Sendable {
    var steps: [StepReply]
  }
}
