import Foundation
import MigrationLint
import Testing

@Suite("docs/verification.md")
struct VerificationDocTests {
  @Test("docs/verification.md matches a fresh live run on PostgreSQL 15 and 18")
  func docIsCurrent() async throws {
    var servers: [ThrowawayServer] = []
    for major in PostgresInstalls.requiredMajors {
      servers.append(try await LiveServers.require(major: major))
    }
    let outcomes = await withTaskGroup(of: (Int, ClaimOutcome).self) { group in
      var index = 0
      for claim in LiveClaims.all {
        for server in servers {
          let position = index
          index += 1
          group.addTask { (position, await ClaimRunner.shared.outcome(of: claim, on: server)) }
        }
      }
      var collected: [(Int, ClaimOutcome)] = []
      for await pair in group { collected.append(pair) }
      return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
    var report = VerificationReport(
      claims: outcomes, fixes: await fixOutcomes(servers), crossChecks: try await crossChecks(servers),
      fixedExamples: await fixedExamples(servers), lockEffects: await lockEffects(servers))
    report.access = await accessOutcomes(servers)
    report.privileges = await privilegeOutcomes(servers)
    for proof in SplitProofCase.all {
      for server in servers { report.splits.append(await SplitProofRunner.outcome(of: proof, on: server)) }
    }
    let fresh = VerificationDoc.render(report)
    let url = PostgresInstalls.packageRoot.appendingPathComponent(VerificationDoc.path)
    let committed = try? String(contentsOf: url, encoding: .utf8)
    if ProcessInfo.processInfo.environment["CSLINT_UPDATE_DOCS"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try fresh.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    guard committed != fresh else { return }
    let freshURL = FileManager.default.temporaryDirectory.appendingPathComponent("cslint-verification.md")
    try fresh.write(to: freshURL, atomically: false, encoding: .utf8)
    Issue.record(
      """
      \(VerificationDoc.path) is \(committed == nil ? "missing" : "stale"). Fresh copy: \(freshURL.path)
      (diff -u \(VerificationDoc.path) \(freshURL.path)). Regenerate with:
        CSLINT_UPDATE_DOCS=1 swift test --filter VerificationDocTests
      """)
  }

  /// Every access claim on every server, in table order.
  private func accessOutcomes(_ servers: [ThrowawayServer]) async -> [AccessOutcome] {
    var outcomes: [AccessOutcome] = []
    for claim in AccessClaims.all {
      for server in servers { outcomes.append(await AccessClaimRunner.outcome(of: claim, on: server)) }
    }
    return outcomes
  }

  /// Every rule on every server, in registry order (shared with FixAndHelpTests).
  private func fixOutcomes(_ servers: [ThrowawayServer]) async -> [FixHelpOutcome] {
    await withTaskGroup(of: (Int, FixHelpOutcome).self) { group in
      var index = 0
      for rule in RuleRegistry.all {
        for server in servers {
          let position = index
          index += 1
          let id = rule.description.id
          group.addTask { (position, await FixAndHelpRunner.shared.outcome(ruleID: id, on: server)) }
        }
      }
      var collected: [(Int, FixHelpOutcome)] = []
      for await pair in group { collected.append(pair) }
      return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  /// Examples, then every corpus Supabase project, each on every server.
  private func crossChecks(_ servers: [ThrowawayServer]) async throws -> [CrossCheckOutcome] {
    let projects = [MigrationProjects.examples] + (try MigrationProjects.requireCorpus())
    return await withTaskGroup(of: (Int, CrossCheckOutcome).self) { group in
      var index = 0
      for project in projects {
        for server in servers {
          let position = index
          index += 1
          group.addTask { (position, await SchemaCrossCheck.shared.outcome(of: project, on: server)) }
        }
      }
      var collected: [(Int, CrossCheckOutcome)] = []
      for await pair in group { collected.append(pair) }
      return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  /// Every lock case on every server, in `LockCases.all` order (shared with LockEffectsLiveTests).
  private func lockEffects(_ servers: [ThrowawayServer]) async -> [LockEffectsOutcome] {
    await withTaskGroup(of: (Int, LockEffectsOutcome).self) { group in
      var index = 0
      for lockCase in LockCases.all {
        for server in servers {
          let position = index
          index += 1
          group.addTask { (position, await LockEffectsRunner.shared.outcome(of: lockCase, on: server)) }
        }
      }
      var collected: [(Int, LockEffectsOutcome)] = []
      for await pair in group { collected.append(pair) }
      return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  /// Every privilege claim on every server, in `PrivilegeClaims.all` order.
  private func privilegeOutcomes(_ servers: [ThrowawayServer]) async -> [PrivilegeOutcome] {
    var outcomes: [PrivilegeOutcome] = []
    for claim in PrivilegeClaims.all {
      for server in servers { outcomes.append(await PrivilegeClaimRunner.shared.outcome(of: claim, on: server)) }
    }
    return outcomes
  }

  private func fixedExamples(_ servers: [ThrowawayServer]) async -> [FixedExamplesOutcome] {
    var outcomes: [FixedExamplesOutcome] = []
    for server in servers { outcomes.append(await FixedExamples.shared.outcome(on: server)) }
    return outcomes
  }
}
