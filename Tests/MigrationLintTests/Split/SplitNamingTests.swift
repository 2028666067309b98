import Testing

@testable import MigrationLint

/// The names `fix --split` gives new migrations: the next versions right
/// after the original in each naming scheme, and a refusal where there is
/// no room.
@Suite("SplitNaming")
struct SplitNamingTests {
  struct Row: CustomTestStringConvertible, Sendable {
    var naming: NamingScheme
    var name: String
    var count: Int
    var next: String?
    var expected: [String]
    var testDescription: String { "\(naming.rawValue): \(name) +\(count)" }
  }

  static let rows: [Row] = [
    Row(
      naming: .supabase, name: "20240131120000_orders.sql", count: 2, next: nil,
      expected: ["20240131120001_orders_concurrent_index.sql", "20240131120002_orders_continued.sql"]),
    // A timestamp at the end of a leap-year February rolls over to March.
    Row(
      naming: .supabase, name: "20240229235959_leap.sql", count: 1, next: "20240301000005_x.sql",
      expected: ["20240301000000_leap_concurrent_index.sql"]),
    // At the end of a year.
    Row(
      naming: .supabase, name: "20241231235959_eoy.sql", count: 1, next: nil,
      expected: ["20250101000000_eoy_concurrent_index.sql"]),
    // Not a timestamp: the number plus one, same width.
    Row(
      naming: .supabase, name: "0009_short.sql", count: 1, next: "0012_x.sql",
      expected: ["0010_short_concurrent_index.sql"]),
    Row(
      naming: .golangMigrate, name: "000007_add_index.up.sql", count: 1, next: "000009_x.up.sql",
      expected: ["000008_add_index_concurrent_index.up.sql"]),
    Row(
      naming: .dbmate, name: "20240101000000_users.sql", count: 1, next: nil,
      expected: ["20240101000001_users_concurrent_index.sql"]),
    // Flyway: a sub-version always fits before the next whole version.
    Row(
      naming: .flyway, name: "sql/V3__orders.sql", count: 2, next: "sql/V4__next.sql",
      expected: ["sql/V3.1__orders_concurrent_index.sql", "sql/V3.2__orders_continued.sql"]),
  ]

  static func version(_ naming: NamingScheme, _ name: String) -> MigrationVersion? {
    naming.parse(name).name?.version
  }

  @Test(arguments: rows)
  func names(_ row: Row) throws {
    let version = try #require(Self.version(row.naming, row.name))
    let next = try row.next.map { name in (name, try #require(Self.version(row.naming, name))) }
    let existing = [version] + (next.map { [$0.1] } ?? [])
    let result = SplitNaming.names(
      after: row.name, version: version, count: row.count, reasons: [.concurrentIndex, .continued],
      naming: row.naming, existing: existing, next: next.map { (name: $0.0, version: $0.1) })
    #expect(result == .success(row.expected))
  }

  @Test("no room before the next migration, or a scheme without versions: a problem, no names")
  func refusals() throws {
    let name = "000007_add_index.up.sql"
    let version = try #require(Self.version(.golangMigrate, name))
    let next = try #require(Self.version(.golangMigrate, "000008_next.up.sql"))
    let tight = SplitNaming.names(
      after: name, version: version, count: 1, reasons: [], naming: .golangMigrate, existing: [version, next],
      next: (name: "000008_next.up.sql", version: next))
    guard case .failure(let problem) = tight else {
      Issue.record("expected a refusal, got \(tight)")
      return
    }
    #expect(problem.message.contains("no free version") && problem.message.contains("000008_next.up.sql"))
    let diesel = SplitNaming.names(
      after: "2024-01-01-000000_x/up.sql", version: .text("2024-01-01-000000"), count: 1, reasons: [],
      naming: .diesel, existing: [], next: nil)
    #expect((try? diesel.get()) == nil)
  }
}
