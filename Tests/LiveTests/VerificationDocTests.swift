import Foundation
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
    let fresh = VerificationDoc.render(outcomes)
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
}
