/// GitLab Code Quality JSON (a subset of the Code Climate issue format),
/// uploaded with `artifacts: reports: codequality:`.
public enum GitLabReporter {
  public static func render(_ report: LintReport) -> String {
    report.render(with: GitLabReportWriter(rules: report.rules))
  }

  static func issue(_ diagnostic: Diagnostic, in file: FileReport, fingerprint: String, category: RuleCategory?)
    -> JSONValue
  {
    let span = file.span(diagnostic.range)
    var members: [(String, JSONValue)] = [
      ("type", .string("issue")),
      ("description", .string(diagnostic.message)),
      ("check_name", .string(diagnostic.ruleID)),
      ("fingerprint", .string(fingerprint)),
      ("severity", .string(severity(diagnostic.severity))),
      ("categories", .array([.string(Self.category(category))])),
    ]
    if let help = diagnostic.help { members.append(("content", .object([("body", .string(help))]))) }
    members.append(
      (
        "location",
        .object([
          ("path", .string(file.path)),
          ("lines", .object([("begin", .int(span?.start.line ?? 1)), ("end", .int(span?.last.line ?? 1))])),
        ])
      ))
    return .object(members)
  }

  /// GitLab's scale is info, minor, major, critical, blocker.
  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .error: return "major"
    case .warning: return "minor"
    case .info: return "info"
    }
  }

  /// Code Climate categories.
  static func category(_ category: RuleCategory?) -> String {
    switch category {
    case .security: return "Security"
    case .performance: return "Performance"
    case .compatibility: return "Compatibility"
    case .meta: return "Clarity"
    default: return "Bug Risk"
    }
  }
}

/// Streams the Code Quality array, one issue per diagnostic.
public struct GitLabReportWriter: ReportWriter {
  private var json = JSONWriter()
  private let categories: [String: RuleCategory]

  public init(rules: [RuleDescription]) {
    categories = Dictionary(rules.map { ($0.id, $0.category) }, uniquingKeysWith: { first, _ in first })
    json.beginArray()
  }

  public mutating func add(_ file: FileReport) {
    let file = file.inSourceOrder
    for (diagnostic, fingerprint) in zip(file.diagnostics, Fingerprint.fingerprints(for: file)) {
      json.value(
        GitLabReporter.issue(diagnostic, in: file, fingerprint: fingerprint, category: categories[diagnostic.ruleID]))
    }
  }

  public mutating func finish(summary: ReportSummary) {
    json.endArray()
    json.newline()
  }

  public mutating func moveOutput(to output: inout [UInt8]) { json.move(to: &output) }

  public mutating func drainOutput(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    json.drain(atLeast: minimum, body)
  }
}
