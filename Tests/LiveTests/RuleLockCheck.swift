import MigrationLint

/// Cross-checks rule metadata against the live claims: the lock a rule
/// declares (`RuleDescription.lock`) must be the lock its claims observe.
///
/// `LiveClaimTableTests` runs it over `RuleRegistry.descriptions`.
enum RuleLockCheck {
  /// One message per disagreement, naming the rule.
  static func mismatches(_ rules: [RuleDescription], claims: [LiveClaim] = LiveClaims.all) -> [String] {
    var messages: [String] = []
    for rule in rules {
      let lockClaims = claims.filter { $0.ruleID == rule.id && !$0.locks.isEmpty }
      guard let declared = rule.lock else {
        if let claim = lockClaims.first, let strongest = claim.locks.map(\.mode).max() {
          messages.append("\(rule.id): declares no lock, but live claim \(claim.id) takes \(strongest)")
        }
        continue
      }
      guard let mode = LockMode(sqlName: declared) else {
        messages.append("\(rule.id): lock \"\(declared)\" is not a PostgreSQL table lock mode")
        continue
      }
      if lockClaims.isEmpty {
        messages.append("\(rule.id): declares \(mode) but has no live claim in LiveClaims.swift")
      }
      for claim in lockClaims {
        guard let strongest = claim.locks.map(\.mode).max(), strongest != mode else { continue }
        messages.append("\(rule.id): declares \(mode), live claim \(claim.id) expects \(strongest)")
      }
    }
    return messages
  }
}
