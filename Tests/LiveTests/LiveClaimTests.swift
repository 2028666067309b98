import MigrationLint
import Testing

@Suite("Live claims on PostgreSQL servers")
struct LiveClaimTests {
  @Test(
    "the claim holds on a live server",
    arguments: LiveClaims.all, await PostgresInstalls.targetMajors())
  func claimHolds(_ claim: LiveClaim, major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await ClaimRunner.shared.outcome(of: claim, on: server)
    if !outcome.applicable {
      try Test.cancel("\(claim.id) applies to PostgreSQL \(claim.since)–\(claim.until), this server is \(major)")
    }
    #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches.joined(separator: "\n"))")
  }
}

@Suite("The live-claim table")
struct LiveClaimTableTests {
  @Test("claim ids are unique")
  func uniqueIDs() {
    let ids = LiveClaims.all.map(\.id)
    #expect(Set(ids).count == ids.count)
  }

  @Test("every claim states something observable", arguments: LiveClaims.all)
  func claimsSomething(_ claim: LiveClaim) {
    let expectations = [
      !claim.locks.isEmpty, claim.rewrite != nil, claim.scan != nil, claim.failure != nil, claim.blocks != nil,
    ]
    #expect(expectations.contains(true), "\(claim.id) has no lock, rewrite, scan, failure or blocking to check")
    if let alternative = claim.safeAlternative, alternative.maxLock != nil {
      #expect(claim.failure != nil || !claim.locks.isEmpty, "\(claim.id): a max lock needs the tables to check")
    }
  }

  @Test("every rule's declared lock is the lock its live claims observe")
  func registeredRulesAgree() {
    let mismatches = RuleLockCheck.mismatches(RuleRegistry.descriptions)
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    // Claims must name real rules (or none): a typo would silently detach a claim.
    let known = RuleRegistry.knownIDs
    for claim in LiveClaims.all {
      if let ruleID = claim.ruleID { #expect(known.contains(ruleID), "claim \(claim.id) names unknown rule \(ruleID)") }
    }
  }

  @Test("a rule's declared lock is compared with its claims")
  func ruleLockCheck() {
    func rule(_ id: String, lock: String?) -> RuleDescription {
      RuleDescription(id: id, category: .locking, defaultSeverity: .warning, summary: "", rationale: "", lock: lock)
    }
    #expect(RuleLockCheck.mismatches([rule("require-concurrent-index-creation", lock: "SHARE")]).isEmpty)
    #expect(
      RuleLockCheck.mismatches([rule("require-concurrent-index-deletion", lock: "access exclusive lock")]).isEmpty)
    #expect(
      RuleLockCheck.mismatches([rule("require-concurrent-index-creation", lock: "ACCESS EXCLUSIVE")])
        == ["require-concurrent-index-creation: declares ACCESS EXCLUSIVE, live claim create-index expects SHARE"])
    #expect(
      RuleLockCheck.mismatches([rule("set-not-null-scan", lock: nil)])
        == ["set-not-null-scan: declares no lock, but live claim set-not-null takes ACCESS EXCLUSIVE"])
    #expect(
      RuleLockCheck.mismatches([rule("no-such-rule", lock: "SHARE")])
        == ["no-such-rule: declares SHARE but has no live claim in LiveClaims.swift"])
    #expect(
      RuleLockCheck.mismatches([rule("set-not-null-scan", lock: "BIG")])
        == ["set-not-null-scan: lock \"BIG\" is not a PostgreSQL table lock mode"])
  }

  @Test("lock modes parse from pg_locks and from rule metadata", arguments: LockMode.allCases)
  func lockModeNames(_ mode: LockMode) {
    #expect(LockMode(catalogName: mode.catalogName) == mode)
    #expect(LockMode(sqlName: mode.sqlName) == mode)
    #expect(LockMode(sqlName: mode.sqlName.lowercased() + " lock") == mode)
  }

  @Test("lock modes are ordered weakest to strongest")
  func lockOrder() {
    #expect(LockMode.allCases.sorted() == LockMode.allCases)
    #expect(LockMode.shareUpdateExclusive < LockMode.share)
    #expect(LockMode(sqlName: "EXCLUSIVELY") == nil)
  }
}
