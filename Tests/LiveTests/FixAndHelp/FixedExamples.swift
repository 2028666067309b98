import Foundation
import MigrationLint
import PostgresSyntax

/// One migration of Examples/ after `cslint fix --unsafe-fixes`.
struct FixedMigration: Sendable {
  var file: String
  var original: String
  var fixed: String
  /// Titles of the fixes applied, in order.
  var applied: [String]
  /// A CONCURRENTLY statement that fixing left (or put) next to other
  /// statements: the Supabase CLI, which runs a file in one transaction,
  /// cannot apply the file.
  var mixesConcurrently: Bool
  /// cslint's `concurrently-in-transaction` findings on the fixed file.
  var concurrentlyInTransaction: Int
}

/// Applying the fixed Examples/ on one major.
struct FixedExamplesOutcome: Sendable {
  var major: Int
  var migrations: [FixedMigration] = []
  /// File → the server's error when the file (in order) could not be applied:
  /// in one transaction, or statement by statement when it has a CONCURRENTLY
  /// statement. Must stay empty.
  var failures: [String: String] = [:]
  /// File → the server's error when a file that mixes CONCURRENTLY with other
  /// statements is run in one transaction, as the Supabase CLI runs it.
  var supabaseFailures: [String: String] = [:]
  var harnessError: String?
}

/// Fixes a copy of Examples/ the way `cslint fix --unsafe-fixes` does (every
/// statement rule, suggestions applied, each file linted against the schema
/// the fixed earlier files leave), then applies the result to a fresh stubbed
/// database. The fixing is done once; applying once per major.
actor FixedExamples {
  static let shared = FixedExamples()
  private var outcomes: [Int: Task<FixedExamplesOutcome, Never>] = [:]

  func outcome(on server: ThrowawayServer) async -> FixedExamplesOutcome {
    let major = server.install.major
    if let task = outcomes[major] { return await task.value }
    let task = Task { await Self.apply(on: server) }
    outcomes[major] = task
    return await task.value
  }

  /// The fixed migrations, in order (pure: no server involved).
  static func fixedMigrations(_ project: MigrationProject) throws -> [FixedMigration] {
    let linter = Linter()
    var schema = SchemaState()
    var fixedSources: [SourceFile] = []
    var migrations: [FixedMigration] = []
    for (index, source) in try project.sources().enumerated() {
      schema.beginFile(index: index)
      let (outcome, after) = FixApplier.fix(source, linter: linter, schemaBefore: schema, includeSuggestions: true)
      schema = after
      let fixed = String(decoding: outcome.fixed, as: UTF8.self)
      let pieces = MigrationApplier.pieces(of: fixed)
      migrations.append(
        FixedMigration(
          file: (source.path as NSString).lastPathComponent, original: String(decoding: source.bytes, as: UTF8.self),
          fixed: fixed, applied: outcome.applied,
          mixesConcurrently: pieces.contains(where: \.refusesTransaction) && pieces.count > 1,
          concurrentlyInTransaction: 0))
      fixedSources.append(SourceFile(path: source.path, bytes: outcome.fixed))
    }
    // Lint the fixed project as a whole, as `cslint lint` would after fixing.
    let results = linter.lint(files: fixedSources)
    for (index, result) in results.enumerated() where index < migrations.count {
      migrations[index].concurrentlyInTransaction =
        result.diagnostics.filter { $0.ruleID == "concurrently-in-transaction" }.count
    }
    return migrations
  }

  private static func apply(on server: ThrowawayServer) async -> FixedExamplesOutcome {
    var outcome = FixedExamplesOutcome(major: server.install.major)
    do {
      outcome.migrations = try fixedMigrations(MigrationProjects.examples)
      try await LiveDatabase.with(on: server) { database in
        for migration in outcome.migrations {
          if migration.mixesConcurrently {
            // First as the Supabase CLI runs it (one transaction; a failure
            // rolls back and leaves nothing behind), then as it can run.
            let result = try await database.client.run(migration.fixed, singleTransaction: true)
            guard let error = try MigrationApplier.failure(of: result) else {
              outcome.supabaseFailures[migration.file] = "none: it applied"
              continue
            }
            outcome.supabaseFailures[migration.file] = error
          }
          if let error = try await MigrationApplier.apply(migration.fixed, client: database.client) {
            outcome.failures[migration.file] = error
          }
        }
      }
    } catch {
      outcome.harnessError = "\(error)"
    }
    return outcome
  }
}
