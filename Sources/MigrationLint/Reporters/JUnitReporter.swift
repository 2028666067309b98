/// JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure):
/// one `<testsuite>` per file, one failing `<testcase>` per diagnostic, and a
/// single passing `<testcase>` for a clean file so it still shows as checked.
public enum JUnitReporter {
  public static func render(_ report: LintReport) -> String {
    report.render(with: JUnitReportWriter())
  }
}

/// JUnit's root element carries the totals, so this writer keeps each
/// file's rendered `<testsuite>` (text, not the file) until `finish`.
public struct JUnitReportWriter: TextOutputWriter {
  var output: [UInt8] = []
  private var suites: [UInt8] = []
  private var testCount = 0
  private var failureCount = 0

  public init() {}

  public mutating func add(_ file: FileReport) {
    let file = file.inSourceOrder
    let path = XMLEscaping.attribute(file.path)
    let failures = file.diagnostics.count
    testCount += max(1, failures)
    failureCount += failures
    var lines = [
      "  <testsuite name=\"\(path)\" tests=\"\(max(1, failures))\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">"
    ]
    if file.diagnostics.isEmpty {
      lines.append("    <testcase name=\"cslint\" classname=\"\(path)\" file=\"\(path)\"/>")
    }
    for diagnostic in file.diagnostics {
      let span = file.span(diagnostic.range)
      let position = span.map { ":\($0.start.line):\($0.start.column)" } ?? ""
      let name = XMLEscaping.attribute(
        diagnostic.ruleID + (span.map { " at \($0.start.line):\($0.start.column)" } ?? ""))
      let line = span.map { " line=\"\($0.start.line)\"" } ?? ""
      lines.append("    <testcase name=\"\(name)\" classname=\"\(path)\" file=\"\(path)\"\(line)>")
      let body =
        "\(file.path)\(position): \(diagnostic.severity.rawValue)[\(diagnostic.ruleID)]: \(diagnostic.message)"
        + (diagnostic.help.map { "\nhelp: " + $0 } ?? "")
      lines.append(
        "      <failure message=\"\(XMLEscaping.attribute(diagnostic.message))\" "
          + "type=\"\(diagnostic.severity.rawValue)\">\(XMLEscaping.text(body))</failure>")
      lines.append("    </testcase>")
    }
    lines.append("  </testsuite>")
    for line in lines {
      suites.append(contentsOf: line.utf8)
      suites.append(0x0A)
    }
  }

  public mutating func finish(summary: ReportSummary) {
    write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    write("<testsuites name=\"cslint\" tests=\"\(testCount)\" failures=\"\(failureCount)\" errors=\"0\">\n")
    output.append(contentsOf: suites)
    suites = []
    write("</testsuites>\n")
  }
}
