/// Checkstyle XML, read by Jenkins, reviewdog, Bitbucket and many CI plugins.
/// Every linted file is listed, clean ones as an empty `<file>`.
public enum CheckstyleReporter {
  public static func render(_ report: LintReport) -> String {
    report.render(with: CheckstyleReportWriter())
  }
}

/// Streams Checkstyle XML, a `<file>` element per file.
public struct CheckstyleReportWriter: TextOutputWriter {
  var output: [UInt8] = []

  public init() {
    write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n")
  }

  public mutating func add(_ file: FileReport) {
    let file = file.inSourceOrder
    let name = XMLEscaping.attribute(file.path)
    guard !file.diagnostics.isEmpty else {
      write("  <file name=\"\(name)\"/>\n")
      return
    }
    write("  <file name=\"\(name)\">\n")
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
      write("    <error \(text)/>\n")
    }
    write("  </file>\n")
  }

  public mutating func finish(summary: ReportSummary) { write("</checkstyle>\n") }
}
