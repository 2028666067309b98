import Foundation
import MigrationLint
import PostgresSyntax

/// One project replayed on one major, server catalog against cslint's model.
struct CrossCheckOutcome: Sendable {
  var project: String
  var major: Int
  var fileCount: Int
  /// Files applied before the first failure (all of them when it applies).
  var applied = 0
  /// `<file>: <server error>` of the first file that failed.
  var applyError: String?
  /// Every difference, sorted (empty when the project did not apply).
  var differences: [String] = []
  /// Why the check itself could not run.
  var harnessError: String?
  /// What the server's catalog held: tables, columns, constraints, indexes, policies.
  var compared = CatalogSnapshot.Counts()

  var appliesCleanly: Bool { applyError == nil && harnessError == nil }
}

/// Applies a project's migrations to a fresh stubbed database, one file per
/// transaction as the Supabase CLI does (a file with a CONCURRENTLY
/// statement statement by statement), reads the catalog, and compares it with
/// cslint's `SchemaState` after replaying the stub and the same files.
actor SchemaCrossCheck {
  static let shared = SchemaCrossCheck()
  private var outcomes: [String: Task<CrossCheckOutcome, Never>] = [:]
  private let gate = AsyncGate(limit: 3)

  func outcome(of project: MigrationProject, on server: ThrowawayServer) async -> CrossCheckOutcome {
    let key = "\(project.name)@\(server.install.major)"
    if let task = outcomes[key] { return await task.value }
    let gate = self.gate
    let task = Task { await gate.run { await Self.check(project, on: server) } }
    outcomes[key] = task
    return await task.value
  }

  static var stubSource: SourceFile? {
    let url = PostgresInstalls.packageRoot.appendingPathComponent("Scripts/pg/supabase-stub.sql")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return SourceFile(path: "Scripts/pg/supabase-stub.sql", bytes: Array(data))
  }

  private static func check(_ project: MigrationProject, on server: ThrowawayServer) async -> CrossCheckOutcome {
    var outcome = CrossCheckOutcome(project: project.name, major: server.install.major, fileCount: project.files.count)
    do {
      let sources = try project.sources()
      guard let stub = stubSource else { throw HarnessError("cannot read Scripts/pg/supabase-stub.sql") }
      try await LiveDatabase.with(on: server) { database in
        for (file, source) in zip(project.files, sources) {
          let text = String(decoding: source.bytes, as: UTF8.self)
          let result = try await database.client.run(
            file: file.path, singleTransaction: !MigrationApplier.containsNonTransactional(text))
          if let error = try MigrationApplier.failure(of: result) {
            outcome.applyError = "\(file.lastPathComponent): \(error)"
            return
          }
          outcome.applied += 1
        }
        let server = try await CatalogReader.read(database.client)
        let model = ModelSnapshot.snapshot(of: ModelSnapshot.replay([stub] + sources))
        outcome.differences = server.differences(from: model)
        outcome.compared = server.counts
      }
    } catch {
      outcome.harnessError = "\(error)"
    }
    return outcome
  }
}
