import CSLintTestSupport
import Foundation
import Testing

/// `.cslint.yml` rule settings through the real binary: a configured severity
/// is the findings' severity (and decides the exit code), options reach the
/// rule, a bad option is a positioned configuration error with exit code 2,
/// and `cslint config` lists every option with its default.
@Suite("Rule severity and options from .cslint.yml")
struct RuleConfigurationCLITests {
  /// A project with one migration that rls-disabled-in-public and
  /// missing-if-not-exists both flag, and `configuration` as `.cslint.yml`.
  static func makeProject(_ configuration: String) throws -> URL {
    let root = TestPaths.scratchURL("ruleconf")
    let migrations = root.appendingPathComponent("supabase/migrations")
    try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
    try Data(
      "CREATE TABLE public.countries (code text PRIMARY KEY);\nCREATE TYPE mood AS ENUM ('ok');\n".utf8
    ).write(to: migrations.appendingPathComponent("20240101000000_init.sql"))
    try Data(configuration.utf8).write(to: root.appendingPathComponent(".cslint.yml"))
    return root
  }

  /// rule id → severities reported, from a JSON report.
  static func severities(_ stdout: String) throws -> [String: [String]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    var result: [String: [String]] = [:]
    for file in object["files"] as? [[String: Any]] ?? [] {
      for diagnostic in file["diagnostics"] as? [[String: Any]] ?? [] {
        guard let rule = diagnostic["rule"] as? String, let severity = diagnostic["severity"] as? String else {
          continue
        }
        result[rule, default: []].append(severity)
      }
    }
    return result
  }

  struct Row: Sendable, CustomTestStringConvertible {
    let configuration: String
    let status: Int32
    let expected: [String: [String]]
    var testDescription: String { configuration.debugDescription }
  }

  static let rows: [Row] = [
    // Defaults: rls-disabled-in-public is an error, missing-if-not-exists a warning (twice).
    Row(
      configuration: "runner: supabase\n", status: 1,
      expected: ["rls-disabled-in-public": ["error"], "missing-if-not-exists": ["warning", "warning"]]),
    // Severities from the file, as a level and as `severity:` in a map; the
    // former id table-without-rls configures rls-disabled-in-public.
    Row(
      configuration: "rules:\n  table-without-rls: info\n  missing-if-not-exists: {severity: error}\n", status: 1,
      expected: ["rls-disabled-in-public": ["info"], "missing-if-not-exists": ["error", "error"]]),
    Row(
      configuration: "rules:\n  rls-disabled-in-public: warning\n  missing-if-not-exists: off\n", status: 0,
      expected: ["rls-disabled-in-public": ["warning"]]),
    // Options: the ignored table and the clause-less CREATE TYPE are no longer reported.
    Row(
      configuration: """
        rules:
          table-without-rls: {ignored_tables: [countries]}
          missing-if-not-exists:
            severity: info
            report_without_clause: false
        """, status: 0, expected: ["missing-if-not-exists": ["info"]]),
  ]

  @Test(arguments: rows)
  func severityAndOptionsApply(_ row: Row) throws {
    let root = try Self.makeProject(row.configuration)
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["lint", "--format", "json"], in: root)
    #expect(result.status == row.status, "\(result.stderr)")
    #expect(try Self.severities(result.stdout) == row.expected)
  }

  @Test("an unknown option or a wrong type is a configuration error at its line and column, exit code 2")
  func badOptionsFail() throws {
    let cases = [
      (
        "rules:\n  missing-if-not-exists:\n    report_without_clase: false\n",
        ".cslint.yml:3:5: unknown option 'report_without_clase' for rule 'missing-if-not-exists'; "
          + "did you mean 'report_without_clause'?"
      ),
      (
        "rules:\n  rls-disabled-in-public: {ignored_tables: {a: b}}\n",
        ".cslint.yml:2:44: 'ignored_tables' must be a list of strings, found a map"
      ),
    ]
    for (configuration, message) in cases {
      let root = try Self.makeProject(configuration)
      defer { try? FileManager.default.removeItem(at: root) }
      for command in [["lint"], ["config"]] {
        let result = try CLIRunner.cslint(command, in: root)
        #expect(result.status == 2, "\(command): \(result.stdout)")
        #expect(result.stderr.contains(message), "\(command): \(result.stderr)")
      }
    }
  }

  @Test("cslint config prints each rule's options, defaults marked")
  func configListsOptions() throws {
    let root = try Self.makeProject("rules:\n  rls-disabled-in-public: {ignored_tables: [countries]}\n")
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["config"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("  rls-disabled-in-public:\n    ignored_tables: [countries]\n"))
    #expect(
      result.stdout.contains(
        "  missing-if-not-exists:\n    severity: warning\n    report_without_clause: true  # default\n"))
  }
}

extension RuleConfigurationCLITests {
  @Test("--rule and --ignore accept a former rule id (table-without-rls)")
  func formerIDOnTheCommandLine() throws {
    let root = try Self.makeProject("runner: supabase\n")
    defer { try? FileManager.default.removeItem(at: root) }
    let only = try CLIRunner.cslint(["lint", "--rule", "table-without-rls", "--format", "json"], in: root)
    #expect(only.status == 1, "\(only.stderr)")
    #expect(try Self.severities(only.stdout) == ["rls-disabled-in-public": ["error"]])
    let ignored = try CLIRunner.cslint(["lint", "--ignore", "table-without-rls", "--format", "json"], in: root)
    #expect(try Self.severities(ignored.stdout)["rls-disabled-in-public"] == nil)
  }
}
