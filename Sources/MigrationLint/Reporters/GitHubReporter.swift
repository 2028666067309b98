/// GitHub Actions workflow commands, which the runner turns into annotations:
/// `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=<rule-id>::message`.
///
/// GitHub shows at most 10 annotations of each level per step, so the caller
/// also appends `stepSummary(_:)` to `$GITHUB_STEP_SUMMARY`, which lists all.
public enum GitHubReporter {
  public static func render(_ report: LintReport) -> String {
    report.render(with: GitHubReportWriter())
  }

  /// The workflow command for one diagnostic, newline included.
  static func command(_ diagnostic: Diagnostic, in file: FileReport) -> String {
    var properties = [("file", file.path)]
    if let span = file.span(diagnostic.range) {
      properties += [
        ("line", String(span.start.line)), ("col", String(span.start.column)),
        ("endLine", String(span.last.line)), ("endColumn", String(span.last.column)),
      ]
    }
    properties.append(("title", diagnostic.ruleID))
    let command: String
    switch diagnostic.severity {
    case .error: command = "error"
    case .warning: command = "warning"
    case .info: command = "notice"
    }
    let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
    return "::\(command) \(list)::\(escapeData(message(diagnostic)))\n"
  }

  /// The annotation text: the message, then the help on following lines.
  static func message(_ diagnostic: Diagnostic) -> String {
    guard let help = diagnostic.help else { return diagnostic.message }
    return diagnostic.message + "\n\nhelp: " + help
  }

  /// Escaping for a command's message (the runner's `escapeData`).
  public static func escapeData(_ text: String) -> String {
    var output = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": output += "%25"
      case "\r": output += "%0D"
      case "\n": output += "%0A"
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// Escaping for a property value (`escapeProperty`): also `:` and `,`,
  /// which would otherwise end the value.
  public static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
  }

  /// A Markdown report for `$GITHUB_STEP_SUMMARY`: the summary line and a
  /// table with every diagnostic.
  public static func stepSummary(_ report: LintReport) -> String {
    var writer = GitHubReportWriter()
    for file in report.orderedFiles { writer.add(file) }
    return writer.stepSummary(report.summary)
  }

  /// One step-summary table row per diagnostic of `file`.
  static func summaryRows(_ file: FileReport) -> [String] {
    file.diagnostics.map { diagnostic -> String in
      let position = file.span(diagnostic.range).map { ":\($0.start.line):\($0.start.column)" } ?? ""
      let cells = [
        diagnostic.severity.rawValue, MarkdownEscaping.cell(diagnostic.ruleID),
        MarkdownEscaping.cell(file.path + position), MarkdownEscaping.cell(diagnostic.message),
      ]
      return "| " + cells.joined(separator: " | ") + " |"
    }
  }
}

/// Streams workflow commands; keeps the step summary's table rows (small
/// text, not the files) for `stepSummary(_:)` at the end.
public struct GitHubReportWriter: TextOutputWriter {
  var output: [UInt8] = []
  private var rows: [String] = []

  public init() {}

  public mutating func add(_ file: FileReport) {
    let file = file.inSourceOrder
    for diagnostic in file.diagnostics { write(GitHubReporter.command(diagnostic, in: file)) }
    rows += GitHubReporter.summaryRows(file)
  }

  public mutating func finish(summary: ReportSummary) {}

  /// A Markdown report for `$GITHUB_STEP_SUMMARY`: the summary line and a
  /// table with every diagnostic added so far.
  public func stepSummary(_ summary: ReportSummary) -> String {
    var lines = ["### cslint", "", MarkdownEscaping.cell(summary.line)]
    if !rows.isEmpty {
      lines += ["", "| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
      lines += rows
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Escaping for text inside a Markdown table cell.
enum MarkdownEscaping {
  static func cell(_ text: String) -> String {
    var output = ""
    var previousCR = false
    for scalar in text.unicodeScalars {
      defer { previousCR = scalar == "\r" }
      switch scalar {
      case "\n" where previousCR: continue
      case "\n", "\r": output += "<br>"
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "|", "\\", "`", "*", "_", "[", "]", "~", "#": output += "\\" + String(scalar)
      default:
        if scalar.value < 0x20 { output += " " } else { output.unicodeScalars.append(scalar) }
      }
    }
    return output
  }
}
