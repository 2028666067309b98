/// Differences between cslint's schema model and the server's catalog that
/// are understood and accepted, each with its reason. `SchemaCrossCheckTests`
/// fails on any difference not listed here, and on any entry that no longer
/// occurs; docs/verification.md lists them.
struct KnownSchemaDifference: Sendable {
  var project: String
  /// The exact difference line (see ``CatalogSnapshot/differences(from:)``).
  var difference: String
  var reason: String
  /// The majors it occurs on (empty: all).
  var majors: Set<Int> = []

  func applies(to outcome: CrossCheckOutcome) -> Bool {
    project == outcome.project && (majors.isEmpty || majors.contains(outcome.major))
  }
}

enum KnownSchemaDifferences {
  static let all: [KnownSchemaDifference] = [
    KnownSchemaDifference(
      project: "usebasejump__basejump",
      difference:
        "basejump.account_user: policy \"Account users can be deleted by owners except primary account owner\": only in cslint's model",
      reason: identifierTruncation),
    KnownSchemaDifference(
      project: "usebasejump__basejump",
      difference:
        "basejump.account_user: policy \"Account users can be deleted by owners except primary account o\": only on the server",
      reason: identifierTruncation),
  ]

  static let identifierTruncation = """
    PostgreSQL truncates identifiers to 63 bytes (with a NOTICE); cslint keeps a name as written. Rules \
    compare names written in migrations with each other (DROP POLICY IF EXISTS before CREATE POLICY), \
    which agree either way, so the model does not truncate.
    """

  static func unexplained(_ outcome: CrossCheckOutcome) -> [String] {
    let known = Set(all.filter { $0.applies(to: outcome) }.map(\.difference))
    return outcome.differences.filter { !known.contains($0) }
  }

  static func stale(_ outcome: CrossCheckOutcome) -> [String] {
    guard outcome.appliesCleanly else { return [] }
    let found = Set(outcome.differences)
    return all.filter { $0.applies(to: outcome) && !found.contains($0.difference) }.map(\.difference)
  }
}
