/// Checkstyle XML, read by Jenkins, reviewdog, Bitbucket and many CI plugins.
/// Every linted file is listed, clean ones as an empty `<file>`.
public enum CheckstyleReporter {
  public static func render(_ report: LintReport) -> String {
    var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<checkstyle version=\"4.3\">"]
    for file in report.orderedFiles {
      let name = XMLEscaping.attribute(file.path)
      guard !file.diagnostics.isEmpty else {
        lines.append("  <file name=\"\(name)\"/>")
        continue
      }
      lines.append("  <file name=\"\(name)\">")
      for diagnostic in file.diagnostics {
        var attributes: [(String, String)] = []
        if let span = file.span(diagnostic.range) {
          attributes += [("line", String(span.start.line)), ("column", String(span.start.column))]
        } else {
          attributes.append(("line", "1"))
        }
        attributes += [
          ("severity", diagnostic.severity.rawValue),
          ("message", GitHubReporter.message(diagnostic)),
          ("source", "cslint.\(diagnostic.ruleID)"),
        ]
        let text = attributes.map { "\($0.0)=\"\(XMLEscaping.attribute($0.1))\"" }.joined(separator: " ")
        lines.append("    <error \(text)/>")
      }
      lines.append("  </file>")
    }
    lines.append("</checkstyle>")
    return lines.joined(separator: "\n") + "\n"
  }
}
