import Foundation
import MigrationLint
import Testing

@Suite("Schema model against the server's catalog")
struct SchemaCrossCheckTests {
  @Test("Examples/ applies and the model agrees with the catalog", arguments: await PostgresInstalls.targetMajors())
  func examples(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await SchemaCrossCheck.shared.outcome(of: MigrationProjects.examples, on: server)
    expectAgreement(outcome)
  }

  @Test(
    "corpus Supabase projects: the expected ones apply, and the model agrees",
    arguments: await PostgresInstalls.targetMajors())
  func corpus(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let projects = try MigrationProjects.requireCorpus()
    let outcomes = await withTaskGroup(of: CrossCheckOutcome.self) { group in
      for project in projects { group.addTask { await SchemaCrossCheck.shared.outcome(of: project, on: server) } }
      var collected: [CrossCheckOutcome] = []
      for await outcome in group { collected.append(outcome) }
      return collected.sorted { $0.project < $1.project }
    }
    for outcome in outcomes {
      #expect(outcome.harnessError == nil, "\(outcome.project) on \(major): \(outcome.harnessError ?? "")")
    }
    let applied = Set(outcomes.filter(\.appliesCleanly).map(\.project))
    #expect(applied.count >= 3, "only \(applied.sorted()) apply on PostgreSQL \(major)")
    if let expected = MigrationProjects.expectedToApply[major] {
      #expect(
        applied == expected,
        """
        corpus projects applying cleanly on PostgreSQL \(major) changed: now \(applied.sorted()); \
        update MigrationProjects.expectedToApply and docs/verification.md. Failures: \
        \(outcomes.filter { !$0.appliesCleanly }.map { "\($0.project): \($0.applyError ?? $0.harnessError ?? "")" })
        """)
    }
    for outcome in outcomes where outcome.appliesCleanly { expectAgreement(outcome) }
  }

  private func expectAgreement(_ outcome: CrossCheckOutcome) {
    #expect(
      outcome.appliesCleanly,
      "\(outcome.project) on PostgreSQL \(outcome.major): \(outcome.applyError ?? outcome.harnessError ?? "")")
    let unexplained = KnownSchemaDifferences.unexplained(outcome)
    #expect(
      unexplained.isEmpty,
      """
      \(outcome.project) on PostgreSQL \(outcome.major): cslint's schema model differs from the server's catalog \
      (fix the model, or explain the difference in KnownSchemaDifferences and docs/verification.md):
      \(unexplained.joined(separator: "\n"))
      """)
    let stale = KnownSchemaDifferences.stale(outcome)
    #expect(
      stale.isEmpty,
      "\(outcome.project) on PostgreSQL \(outcome.major): explained differences no longer occur: \(stale)")
  }
}
