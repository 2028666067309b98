import Testing

@testable import MigrationLint

@Suite("Runner inferred from a folder's file names")
struct RunnerInferenceTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var names: [String]
    var runner: Runner?
    var testDescription: String { names.prefix(2).joined(separator: ", ") }
  }

  static let cases: [Case] = [
    Case(names: ["000001_users.up.sql", "000001_users.down.sql", "000002_orders.up.sql"], runner: .golangMigrate),
    Case(names: ["2024-01-01-000000_users/up.sql", "2024-01-01-000000_users/down.sql"], runner: .diesel),
    Case(names: ["V1__init.sql", "V1.1__orders.sql", "R__views.sql", "U1__undo.sql"], runner: .flyway),
    Case(names: ["v2_1__lower_case.sql", "V3__ok.sql"], runner: .flyway),
    // Supabase and dbmate names keep the default.
    Case(names: ["20240101000000_init.sql", "20240102000000_orders.sql"], runner: nil),
    // One odd file does not decide a folder.
    Case(names: ["20240101000000_init.sql", "20240102000000_x.up.sql", "20240103000000_y.sql"], runner: nil),
    // Names that only look similar.
    Case(names: ["Vacation__notes.sql", "R1__not_repeatable.sql"], runner: nil),
    Case(names: ["a/b/up.sql", "c/d/down.sql"], runner: nil),
    Case(names: [], runner: nil),
  ]

  @Test("inference", arguments: cases)
  func infers(_ example: Case) {
    #expect(Runner.inferred(fromRelativeNames: example.names) == example.runner)
  }
}
