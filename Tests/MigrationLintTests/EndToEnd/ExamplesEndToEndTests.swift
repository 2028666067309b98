import CSLintTestSupport
import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// The example Supabase project (Examples/supabase/migrations) as the README
/// runs it: which findings it produces, and exactly what `cslint fix` makes of it.
///
/// Regenerate the expected fixed files with `CSLINT_UPDATE_FIXTURES=1 swift test
/// --filter ExamplesEndToEnd` after a deliberate change, and review the diff.
@Suite("Examples end to end")
struct ExamplesEndToEndTests {
  static let packageRoot = TestPaths.packageRoot
  static let examples = packageRoot.appendingPathComponent("Examples/supabase/migrations")
  static let fixedFixtures = packageRoot.appendingPathComponent("Tests/Fixtures/ExamplesFixed")

  static func sources() throws -> [SourceFile] {
    let names = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".sql") }
      .sorted()
    return try names.map { name in
      let data = try Data(contentsOf: examples.appendingPathComponent(name))
      return SourceFile(path: name, bytes: [UInt8](data))
    }
  }

  /// (rule, file, line) of every finding, in report order.
  static let expectedFindings: [String] = [
    "missing-if-not-exists 20250101120000_create_profiles.sql:5",
    "missing-if-not-exists 20250101120000_create_profiles.sql:15",
    "missing-if-not-exists 20250101120000_create_profiles.sql:20",
    "missing-if-not-exists 20250101120000_create_profiles.sql:41",
    "rls-disabled-in-public 20250103090000_create_venues_and_bookings.sql:3",
    // venues.owner_id references profiles and no index leads with it.
    "unindexed-foreign-key 20250103090000_create_venues_and_bookings.sql:5",
    "missing-if-not-exists 20250103090000_create_venues_and_bookings.sql:26",
    "missing-if-not-exists 20250103090000_create_venues_and_bookings.sql:30",
    "missing-if-not-exists 20250103090000_create_venues_and_bookings.sql:35",
    "missing-if-not-exists 20250103090000_create_venues_and_bookings.sql:40",
    "missing-if-not-exists 20250110143000_index_bookings_by_venue.sql:6",
    "require-concurrent-index-creation 20250110143000_index_bookings_by_venue.sql:6",
    "missing-if-not-exists 20250115101500_add_booking_status.sql:6",
    "adding-required-column 20250115101500_add_booking_status.sql:6",
    "missing-if-not-exists 20250115101500_add_booking_status.sql:11",
    "missing-if-not-exists 20250115101500_add_booking_status.sql:16",
    // Three ALTER TABLE statements on bookings in a row: the second and third could join the first.
    "multiple-alter-table 20250115101500_add_booking_status.sql:10",
    "set-not-null-scan 20250201093000_require_venue_timezone.sql:14",
    // SET NOT NULL keeps venues locked while DROP INDEX waits for bookings (one transaction).
    "lock-held-across-statements 20250201093000_require_venue_timezone.sql:13",
    // No example migration sets a lock_timeout: the first lock wait of each file.
    "require-lock-timeout 20250101120000_create_profiles.sql:5",
    "require-lock-timeout 20250103090000_create_venues_and_bookings.sql:3",
    "require-lock-timeout 20250115101500_add_booking_status.sql:5",
    "require-lock-timeout 20250201093000_require_venue_timezone.sql:13",
    "missing-if-exists 20250201093000_require_venue_timezone.sql:18",
    "require-concurrent-index-deletion 20250201093000_require_venue_timezone.sql:18",
    // DDL inside a DO block is linted where it stands.
    "unique-constraint-without-index 20250220100000_booking_reference.sql:18",
    // ... and keeps the ADD COLUMN's lock on bookings held while that index builds.
    "lock-held-across-statements 20250220100000_booking_reference.sql:5",
  ]

  static func findings(_ results: [FileResult]) -> [String] {
    results.flatMap { result in
      result.diagnostics.map {
        "\($0.ruleID) \(result.source.path):\(result.source.location(of: $0.range.lowerBound).line)"
      }
    }
  }

  @Test("the example project produces exactly the expected findings")
  func findings() throws {
    let results = Linter().lint(files: try Self.sources())
    let actual = Self.findings(results)
    #expect(actual.sorted() == Self.expectedFindings.sorted(), "actual findings:\n\(actual.joined(separator: "\n"))")
    for rule in [
      "require-concurrent-index-creation", "adding-required-column", "set-not-null-scan",
      "require-concurrent-index-deletion", "missing-if-not-exists", "rls-disabled-in-public",
    ] {
      #expect(actual.contains { $0.hasPrefix(rule + " ") }, "the example must show \(rule)")
    }
  }

  /// Fixes every file in order (schema carried across files, as `cslint fix` does).
  static func fixAll(_ sources: [SourceFile], includeSuggestions: Bool) -> [SourceFile] {
    let linter = Linter()
    var schema = SchemaState()
    var fixed: [SourceFile] = []
    for (index, source) in sources.enumerated() {
      schema.beginFile(index: index)
      let (outcome, after) = FixApplier.fix(
        source, linter: linter, schemaBefore: schema, includeSuggestions: includeSuggestions)
      schema = after
      fixed.append(SourceFile(path: source.path, bytes: outcome.fixed))
    }
    return fixed
  }

  @Test("cslint fix gives exactly the committed result, and a second run changes nothing")
  func fixResult() throws {
    let sources = try Self.sources()
    let fixed = Self.fixAll(sources, includeSuggestions: false)
    if ProcessInfo.processInfo.environment["CSLINT_UPDATE_FIXTURES"] == "1" {
      try FileManager.default.createDirectory(at: Self.fixedFixtures, withIntermediateDirectories: true)
      for file in fixed {
        try Data(file.bytes).write(to: Self.fixedFixtures.appendingPathComponent(file.path + ".fixed"))
      }
    }
    for file in fixed {
      let expected = try Data(contentsOf: Self.fixedFixtures.appendingPathComponent(file.path + ".fixed"))
      #expect([UInt8](expected) == file.bytes, "\(file.path): fixed output differs from Tests/Fixtures/ExamplesFixed")
    }
    let again = Self.fixAll(fixed, includeSuggestions: false)
    #expect(again.map(\.bytes) == fixed.map(\.bytes), "a second fix run changed something")
    // The fixed project no longer has any safe fix to offer.
    let remaining = Linter().lint(files: fixed).flatMap(\.diagnostics)
    #expect(!remaining.contains { $0.fixes.contains { $0.applicability == .safe } })
    #expect(!remaining.contains { $0.ruleID == "missing-if-exists" })
  }
}
