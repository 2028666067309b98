/// GitHub Actions workflow commands, which the runner turns into annotations:
/// `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=<rule-id>::message`.
///
/// GitHub shows at most 10 annotations of each level per step, so the caller
/// also appends `stepSummary(_:)` to `$GITHUB_STEP_SUMMARY`, which lists all.
public enum GitHubReporter {
  public static func render(_ report: LintReport) -> String {
    var lines: [String] = []
    for file in report.orderedFiles {
      for diagnostic in file.diagnostics {
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
        lines.append("::\(command) \(list)::\(escapeData(message(diagnostic)))")
      }
    }
    return lines.map { $0 + "\n" }.joined()
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
    escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }

  /// A Markdown report for `$GITHUB_STEP_SUMMARY`: the summary line and a
  /// table with every diagnostic.
  public static func stepSummary(_ report: LintReport) -> String {
    var lines = ["### cslint", "", MarkdownEscaping.cell(report.summary.line)]
    let rows = report.orderedFiles.flatMap { file in
      file.diagnostics.map { diagnostic -> String in
        let position = file.span(diagnostic.range).map { ":\($0.start.line):\($0.start.column)" } ?? ""
        let cells = [
          diagnostic.severity.rawValue, MarkdownEscaping.cell(diagnostic.ruleID),
          MarkdownEscaping.cell(file.path + position), MarkdownEscaping.cell(diagnostic.message),
        ]
        return "| " + cells.joined(separator: " | ") + " |"
      }
    }
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
