/// JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure):
/// one `<testsuite>` per file, one failing `<testcase>` per diagnostic, and a
/// single passing `<testcase>` for a clean file so it still shows as checked.
public enum JUnitReporter {
  public static func render(_ report: LintReport) -> String {
    let files = report.orderedFiles
    let diagnosticCount = files.reduce(0) { $0 + $1.diagnostics.count }
    let testCount = files.reduce(0) { $0 + max(1, $1.diagnostics.count) }
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<testsuites name=\"cslint\" tests=\"\(testCount)\" failures=\"\(diagnosticCount)\" errors=\"0\">",
    ]
    for file in files {
      let path = XMLEscaping.attribute(file.path)
      let failures = file.diagnostics.count
      lines.append(
        "  <testsuite name=\"\(path)\" tests=\"\(max(1, failures))\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">"
      )
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
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }
}
