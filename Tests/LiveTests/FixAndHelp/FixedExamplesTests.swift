import Foundation
import Testing

@Suite("Examples/ after cslint fix --unsafe-fixes, applied to a server")
struct FixedExamplesTests {
  /// Files that fixing turns into CONCURRENTLY plus other statements. The
  /// Supabase CLI cannot apply them (one transaction per file); cslint says
  /// so with concurrently-in-transaction. Kept explicit so a change shows up.
  static let expectedMixedFiles: Set<String> = ["20250201093000_require_venue_timezone.sql"]

  @Test("every fixed migration applies in order", arguments: await PostgresInstalls.targetMajors())
  func fixedExamplesApply(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await FixedExamples.shared.outcome(on: server)
    #expect(outcome.harnessError == nil, "\(outcome.harnessError ?? "")")
    #expect(!outcome.migrations.isEmpty)
    #expect(outcome.migrations.contains { !$0.applied.isEmpty }, "fixing Examples/ changed nothing")
    #expect(
      outcome.failures.isEmpty,
      "\(outcome.failures.sorted { $0.key < $1.key }.map { "PostgreSQL \(major), \($0.key): \($0.value)" })")
  }

  @Test(
    "a fixed file mixing CONCURRENTLY with other statements is reported, and fails as one transaction",
    arguments: await PostgresInstalls.targetMajors())
  func mixedFilesAreReported(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await FixedExamples.shared.outcome(on: server)
    let mixed = outcome.migrations.filter(\.mixesConcurrently)
    #expect(Set(mixed.map(\.file)) == Self.expectedMixedFiles)
    for migration in mixed {
      #expect(
        migration.concurrentlyInTransaction > 0,
        "\(migration.file): cslint does not report concurrently-in-transaction on the fixed file")
      let failure = outcome.supabaseFailures[migration.file] ?? ""
      #expect(failure.contains("cannot run inside a transaction block"), "\(migration.file): \(failure)")
    }
  }
}
