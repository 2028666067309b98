import Testing

@testable import MigrationLint

@Suite("NamingScheme")
struct NamingSchemeTests {
  struct Valid: CustomTestStringConvertible, Sendable {
    var scheme: NamingScheme
    var name: String
    var version: String?
    var direction: MigrationName.Direction
    var testDescription: String { "\(scheme.rawValue): \(name)" }
  }

  static let valid: [Valid] = [
    Valid(scheme: .supabase, name: "20240131235959_add_orders.sql", version: "20240131235959", direction: .up),
    Valid(scheme: .supabase, name: "20240229000000_leap_day.sql", version: "20240229000000", direction: .up),
    Valid(scheme: .flyway, name: "V1__init.sql", version: "1", direction: .up),
    Valid(scheme: .flyway, name: "V1.2.10__add_index.sql", version: "1.2.10", direction: .up),
    Valid(scheme: .flyway, name: "V2_1__underscored.sql", version: "2_1", direction: .up),
    Valid(scheme: .flyway, name: "tenants/V3__nested.sql", version: "3", direction: .up),
    Valid(scheme: .flyway, name: "R__refresh_views.sql", version: nil, direction: .repeatable),
    Valid(scheme: .flyway, name: "U4__undo.sql", version: "4", direction: .down),
    Valid(scheme: .golangMigrate, name: "000001_create_users.up.sql", version: "000001", direction: .up),
    Valid(scheme: .golangMigrate, name: "000001_create_users.down.sql", version: "000001", direction: .down),
    Valid(scheme: .dbmate, name: "20240101000000_create_users.sql", version: "20240101000000", direction: .up),
    Valid(scheme: .diesel, name: "2024-01-31-120000_create_users/up.sql", version: "2024-01-31-120000", direction: .up),
    Valid(scheme: .diesel, name: "00000000000000_setup/down.sql", version: "00000000000000", direction: .down),
    Valid(scheme: .none, name: "anything/at all.sql", version: "anything/at all.sql", direction: .up),
  ]

  @Test(arguments: valid)
  func validNames(_ row: Valid) throws {
    let name = try #require(row.scheme.parse(row.name).name, "\(row.scheme.parse(row.name))")
    #expect(name.version?.text == row.version)
    #expect(name.direction == row.direction)
  }

  struct Invalid: CustomTestStringConvertible, Sendable {
    var scheme: NamingScheme
    var name: String
    var reason: String
    /// The version the runner still reads from a nonstandard name; nil when
    /// the runner does not recognise the file at all.
    var stillRunsAs: String? = nil
    var testDescription: String { "\(scheme.rawValue): \(name)" }
  }

  static let invalid: [Invalid] = [
    Invalid(scheme: .supabase, name: "202401311200_short.sql", reason: "has 12 digits", stillRunsAs: "202401311200"),
    Invalid(scheme: .supabase, name: "20240131120000.sql", reason: "skips this file"),
    Invalid(
      scheme: .supabase, name: "20240131120000_.sql", reason: "name after the timestamp is empty",
      stillRunsAs: "20240131120000"),
    Invalid(scheme: .supabase, name: "20240131120000_upper.SQL", reason: "skips this file"),
    Invalid(scheme: .supabase, name: "add_orders.sql", reason: "skips this file"),
    Invalid(scheme: .supabase, name: "archive/20240131120000_old.sql", reason: "only reads files directly"),
    Invalid(scheme: .supabase, name: "20241301000000_month.sql", reason: "month 13", stillRunsAs: "20241301000000"),
    Invalid(
      scheme: .supabase, name: "20230229000000_not_leap.sql", reason: "day 29 of month 02",
      stillRunsAs: "20230229000000"),
    Invalid(
      scheme: .supabase, name: "20240431000000_april.sql", reason: "day 31 of month 04", stillRunsAs: "20240431000000"),
    Invalid(scheme: .supabase, name: "20240101240000_hour.sql", reason: "hour 24", stillRunsAs: "20240101240000"),
    Invalid(scheme: .supabase, name: "20240101126000_minute.sql", reason: "minute 60", stillRunsAs: "20240101126000"),
    Invalid(scheme: .supabase, name: "20240101120060_second.sql", reason: "second 60", stillRunsAs: "20240101120060"),
    Invalid(scheme: .supabase, name: "00000101000000_year.sql", reason: "year 0000", stillRunsAs: "00000101000000"),
    Invalid(scheme: .flyway, name: "V1_init.sql", reason: "expected"),
    Invalid(scheme: .flyway, name: "V1..2__double_dot.sql", reason: "digits separated"),
    Invalid(scheme: .flyway, name: "Vx__letters.sql", reason: "digits separated"),
    Invalid(scheme: .flyway, name: "R_single.sql", reason: "repeatable"),
    Invalid(scheme: .flyway, name: "init.sql", reason: "expected"),
    Invalid(scheme: .golangMigrate, name: "000001_create_users.sql", reason: ".up.sql"),
    Invalid(scheme: .golangMigrate, name: "create_users.up.sql", reason: "numeric"),
    Invalid(scheme: .golangMigrate, name: "sub/000001_x.up.sql", reason: "subfolders"),
    Invalid(scheme: .dbmate, name: "create_users.sql", reason: "numeric"),
    Invalid(scheme: .diesel, name: "up.sql", reason: "folders"),
    Invalid(scheme: .diesel, name: "2024-01-31_create/run.sql", reason: "only `up.sql`"),
    Invalid(scheme: .diesel, name: "create_users/up.sql", reason: "must be digits"),
  ]

  @Test(arguments: invalid)
  func invalidNames(_ row: Invalid) {
    let parse = row.scheme.parse(row.name)
    guard let reason = parse.problem else {
      Issue.record("\(row.name) was accepted by \(row.scheme)")
      return
    }
    #expect(reason.contains(row.reason), "\(reason)")
    #expect(parse.name?.version?.text == row.stillRunsAs)
  }

  @Test func flywayVersionsCompareNumerically() throws {
    func version(_ name: String) throws -> MigrationVersion {
      try #require(NamingScheme.flyway.parse(name).name?.version)
    }
    #expect(try version("V1.9__a.sql") < version("V1.10__a.sql"))
    #expect(try version("V2__a.sql") < version("V10__a.sql"))
    #expect(try version("V1.1__a.sql") == version("V1_1__b.sql"))
    #expect(try version("V1.0__a.sql") == version("V1__b.sql"))
    #expect(try version("V01__a.sql") == version("V1__b.sql"))
  }

  @Test func numericVersionsDoNotOverflow() throws {
    let long = try #require(NamingScheme.golangMigrate.parse("123456789012345678901234567890_a.up.sql").name?.version)
    let longer = try #require(
      NamingScheme.golangMigrate.parse("1234567890123456789012345678901_a.up.sql").name?.version)
    #expect(long < longer)
  }
}
