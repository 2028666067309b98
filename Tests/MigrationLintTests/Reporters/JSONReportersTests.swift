import Foundation
import PostgresSyntax
import Testing

@testable import MigrationLint

func parseJSON(_ text: String) throws -> Any {
  try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

@Suite struct JSONReporterTests {
  @Test func roundTripsEveryField() throws {
    let root = try #require(try parseJSON(JSONReporter.render(ReportFixtures.sample)) as? [String: Any])
    #expect(root["version"] as? Int == 1)
    let tool = try #require(root["tool"] as? [String: Any])
    #expect(tool["name"] as? String == "cslint")
    #expect(tool["version"] as? String == "0.1.0")
    let summary = try #require(root["summary"] as? [String: Int])
    #expect(summary == ["files": 3, "errors": 1, "warnings": 1, "infos": 1, "fixable": 0])
    let files = try #require(root["files"] as? [[String: Any]])
    #expect(
      files.map { $0["path"] as? String } == [
        ReportFixtures.deletedPath, ReportFixtures.indexPath, ReportFixtures.cleanPath,
      ])
    let diagnostics = try #require(files[1]["diagnostics"] as? [[String: Any]])
    #expect(
      diagnostics.map { $0["rule"] as? String } == ["require-concurrent-index-creation", "adding-not-null-field"])
    let index = diagnostics[0]
    #expect(index["severity"] as? String == "error")
    #expect(index["path"] as? String == ReportFixtures.indexPath)
    #expect(index["message"] as? String == "creating an index without CONCURRENTLY blocks writes to 'users'")
    #expect((index["help"] as? String)?.hasPrefix("build the index without blocking writes:\nCREATE") == true)
    let range = try #require(index["range"] as? [String: [String: Int]])
    #expect(range["start"] == ["offset": 16, "line": 2, "column": 1])
    #expect(range["end"] == ["offset": 28, "line": 2, "column": 13])
    let fixes = try #require(index["fixes"] as? [[String: Any]])
    #expect(fixes.count == 1)
    #expect(fixes[0]["title"] as? String == "Insert CONCURRENTLY")
    #expect(fixes[0]["applicability"] as? String == "suggestion")
    let edits = try #require(fixes[0]["edits"] as? [[String: Any]])
    #expect(edits.count == 1)
    #expect(edits[0]["replacement"] as? String == "CONCURRENTLY ")
    let editRange = try #require(edits[0]["range"] as? [String: [String: Int]])
    #expect(editRange["start"] == ["offset": 29, "line": 2, "column": 14])
    #expect(editRange["end"] == editRange["start"])
    #expect(diagnostics[1]["help"] is NSNull)
    // Without the file's text, line and column are null but offsets remain.
    let deleted = try #require((files[0]["diagnostics"] as? [[String: Any]])?.first)
    let deletedStart = try #require((deleted["range"] as? [String: [String: Any]])?["start"])
    #expect(deletedStart["line"] is NSNull)
    #expect(deletedStart["offset"] as? Int == 0)
  }

  @Test func escapesStringsExactly() throws {
    let root = try #require(try parseJSON(JSONReporter.render(ReportFixtures.awkward)) as? [String: Any])
    let file = try #require((root["files"] as? [[String: Any]])?.first)
    #expect(file["path"] as? String == "odd, dir/a:b%\n.sql")
    let diagnostic = try #require((file["diagnostics"] as? [[String: Any]])?.first)
    #expect(diagnostic["message"] as? String == "100% <gone>: rows, \"all\" & more\r\nsecond line")
    #expect(diagnostic["help"] as? String == "keep | it\ttab\u{1}")
  }

  @Test func outputIsDeterministic() {
    var shuffled = ReportFixtures.sample
    shuffled.files.reverse()
    #expect(JSONReporter.render(shuffled) == JSONReporter.render(ReportFixtures.sample))
  }
}

@Suite struct GitLabReporterTests {
  @Test func rendersCodeQualityIssues() throws {
    let issues = try #require(try parseJSON(GitLabReporter.render(ReportFixtures.sample)) as? [[String: Any]])
    #expect(issues.count == 3)
    #expect(
      issues.map { $0["check_name"] as? String } == [
        "ledger-deleted", "require-concurrent-index-creation", "adding-not-null-field",
      ])
    #expect(issues.map { $0["severity"] as? String } == ["info", "major", "minor"])
    #expect(issues[1]["description"] as? String == "creating an index without CONCURRENTLY blocks writes to 'users'")
    #expect(issues[1]["categories"] as? [String] == ["Bug Risk"])
    let location = try #require(issues[2]["location"] as? [String: Any])
    #expect(location["path"] as? String == ReportFixtures.indexPath)
    #expect(location["lines"] as? [String: Int] == ["begin": 3, "end": 3])
    let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
    #expect(Set(fingerprints).count == 3)
    #expect(fingerprints.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
  }

  @Test func emptyReportIsAnEmptyArray() {
    #expect(GitLabReporter.render(LintReport(files: [], rules: [], toolVersion: "1")) == "[]\n")
  }

  func fingerprints(_ report: LintReport) throws -> [String] {
    let issues = try #require(try parseJSON(GitLabReporter.render(report)) as? [[String: Any]])
    return issues.compactMap { $0["fingerprint"] as? String }
  }

  @Test func fingerprintsAreStable() throws {
    let original = try fingerprints(ReportFixtures.sample)
    #expect(try fingerprints(ReportFixtures.sample) == original)

    // Moving or renaming unrelated files changes nothing.
    var moved = ReportFixtures.sample
    moved.files.removeAll { $0.path == ReportFixtures.cleanPath }
    moved.files.append(FileReport(path: "elsewhere/new.sql", source: nil, diagnostics: []))
    #expect(try fingerprints(moved) == original)

    // Lines added above the findings shift every offset but not the fingerprints.
    let prefix = "-- a new comment\n\n"
    let shift = prefix.utf8.count
    var shifted = ReportFixtures.sample
    for index in shifted.files.indices where shifted.files[index].path == ReportFixtures.indexPath {
      shifted.files[index].source = SourceFile(path: ReportFixtures.indexPath, text: prefix + ReportFixtures.indexSQL)
      for diagnostic in shifted.files[index].diagnostics.indices {
        let range = shifted.files[index].diagnostics[diagnostic].range
        shifted.files[index].diagnostics[diagnostic].range = (range.lowerBound + shift)..<(range.upperBound + shift)
      }
    }
    #expect(try fingerprints(shifted) == original)

    // Renaming the file itself does change them.
    var renamed = ReportFixtures.sample
    for index in renamed.files.indices where renamed.files[index].path == ReportFixtures.indexPath {
      renamed.files[index].path = "supabase/migrations/20240101000000_renamed.sql"
    }
    #expect(try fingerprints(renamed)[1] != original[1])
  }

  @Test func repeatedFindingsGetDistinctFingerprints() throws {
    let text = "CREATE INDEX a ON t (c);\nCREATE  INDEX a ON t (c);\n"
    let source = SourceFile(path: "m.sql", text: text)
    let diagnostics = [0..<24, 25..<50].map {
      Diagnostic(ruleID: "r", severity: .error, path: "m.sql", range: $0, message: "m")
    }
    let report = LintReport(
      files: [FileReport(path: "m.sql", source: source, diagnostics: diagnostics)], rules: [], toolVersion: "1")
    let values = try fingerprints(report)
    #expect(values.count == 2 && values[0] != values[1])
    // Whitespace is normalized: both statements hash the same text, the occurrence index differs.
    let file = report.orderedFiles[0]
    #expect(Fingerprint.flaggedText(diagnostics[0], in: file) == Fingerprint.flaggedText(diagnostics[1], in: file))
  }

  @Test(arguments: [("", "cbf29ce484222325"), ("a", "af63dc4c8601ec8c"), ("foobar", "85944171f73967e8")])
  func fnv1a64KnownVectors(_ input: String, _ expected: String) {
    #expect(Fingerprint.fnv1a64(input) == expected)
  }
}

@Suite struct ReportFormatTests {
  @Test(arguments: ReportFormat.allCases)
  func dispatchesToTheReporter(_ format: ReportFormat) {
    let report = ReportFixtures.sample
    let direct: String
    switch format {
    case .text: direct = TextReporter.render(report, color: true)
    case .github: direct = GitHubReporter.render(report)
    case .json: direct = JSONReporter.render(report)
    case .sarif: direct = SARIFReporter.render(report, informationURI: "https://example.com")
    case .checkstyle: direct = CheckstyleReporter.render(report)
    case .junit: direct = JUnitReporter.render(report)
    case .gitlab: direct = GitLabReporter.render(report)
    }
    #expect(
      report.rendered(as: format, options: ReportOptions(color: true, informationURI: "https://example.com")) == direct)
    #expect(!direct.isEmpty && direct.hasSuffix("\n"))
  }
}
