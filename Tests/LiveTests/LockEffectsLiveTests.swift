import MigrationLint
import Testing

/// The engine's lock model (`StatementEffects`) against PostgreSQL itself:
/// every case of `LockCases` runs on each target major, and the strongest
/// lock the server took on each table, partitioned table, materialized view
/// and view must be the one `LockAnalysis.analyze` reports, both ways; and
/// cslint's `rewrite` must match a changed relfilenode, both ways.
@Suite("Lock effects on live servers")
struct LockEffectsLiveTests {
  @Test("cslint's locks and rewrites are the server's", arguments: LockCases.all, await PostgresInstalls.targetMajors())
  func effectsAgree(_ lockCase: LockCase, major: Int) async throws {
    if let majors = lockCase.majors, !majors.contains(major) {
      try Test.cancel("\(lockCase.name) runs on PostgreSQL \(majors), this server is \(major)")
    }
    let server = try await LiveServers.require(major: major)
    let outcome = await LockEffectsRunner.shared.outcome(of: lockCase, on: server)
    #expect(
      outcome.disagreements.isEmpty,
      "PostgreSQL \(major), \(lockCase.statement):\n\(outcome.disagreements.joined(separator: "\n"))")
  }
}

@Suite("The lock case table and its comparison")
struct LockEffectsComparisonTests {
  @Test("case names are unique and there are at least 45 statements")
  func table() {
    let names = LockCases.all.map(\.name)
    #expect(Set(names).count == names.count)
    #expect(Set(LockCases.all.map(\.statement)).count >= 45)
  }

  /// Observations and claims made up to exercise each kind of difference.
  struct Example: Sendable, CustomTestStringConvertible {
    var name: String
    var claimed: [(String, LockMode, Bool)]
    var observed: [(String, String, LockMode)]
    var rewritten: Set<String> = []
    var newEmptyFile = false
    var expected: [String]
    var testDescription: String { name }
  }

  static let examples: [Example] = [
    Example(name: "agreement", claimed: [("t", .share, false)], observed: [("t", "r", .share)], expected: []),
    Example(
      name: "a different mode", claimed: [("t", .share, false)], observed: [("t", "r", .accessExclusive)],
      expected: ["t: cslint says SHARE, the server took ACCESS EXCLUSIVE"]),
    Example(
      name: "cslint reports a relation the server did not lock", claimed: [("t", .share, false)], observed: [],
      expected: ["t: cslint says SHARE, the server took no lock"]),
    Example(
      name: "the server locks a table cslint does not report", claimed: [],
      observed: [("t", "r", .accessShare), ("t_a_idx", "i", .accessExclusive), ("t_id_seq", "S", .share)],
      expected: ["t: the server took ACCESS SHARE, cslint reports no lock"]),
    Example(
      name: "a claimed index lock is compared", claimed: [("t_a_idx", .shareUpdateExclusive, false)],
      observed: [("t_a_idx", "i", .accessExclusive)],
      expected: ["t_a_idx: cslint says SHARE UPDATE EXCLUSIVE, the server took ACCESS EXCLUSIVE"]),
    Example(
      name: "a claimed rewrite that did not happen", claimed: [("t", .accessExclusive, true)],
      observed: [("t", "r", .accessExclusive)], expected: ["t: cslint says rewrite, relfilenode unchanged"]),
    Example(
      name: "a rewrite cslint missed", claimed: [("t", .accessExclusive, false)],
      observed: [("t", "r", .accessExclusive), ("t_pkey", "i", .accessExclusive)], rewritten: ["t", "t_pkey"],
      expected: ["t: the server rewrote it (relfilenode changed), cslint says no rewrite"]),
    Example(
      name: "TRUNCATE's new empty file is no rewrite", claimed: [("t", .accessExclusive, false)],
      observed: [("t", "r", .accessExclusive)], rewritten: ["t"], newEmptyFile: true, expected: []),
  ]

  @Test("differences are found both ways", arguments: examples)
  func comparison(_ example: Example) {
    var claimed: [String: RelationEffect] = [:]
    for (name, mode, rewrite) in example.claimed {
      claimed[name] = RelationEffect(relation: ObjectKey(schema: "public", name: name), lock: mode, rewrite: rewrite)
    }
    var locks: [String: RelationObservation.Lock] = [:]
    for (name, kind, mode) in example.observed {
      locks[name] = RelationObservation.Lock(mode: mode, kind: kind, isNew: false)
    }
    let observation = RelationObservation(locks: locks, rewritten: example.rewritten)
    #expect(
      LockEffectsComparison.disagreements(
        claimed: claimed, observed: observation, newEmptyFile: example.newEmptyFile) == example.expected)
  }
}
