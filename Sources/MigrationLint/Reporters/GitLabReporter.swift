/// GitLab Code Quality JSON (a subset of the Code Climate issue format),
/// uploaded with `artifacts: reports: codequality:`.
public enum GitLabReporter {
  public static func render(_ report: LintReport) -> String {
    var issues: [JSONValue] = []
    for file in report.orderedFiles {
      let fingerprints = Fingerprint.fingerprints(for: file)
      for (diagnostic, fingerprint) in zip(file.diagnostics, fingerprints) {
        let span = file.span(diagnostic.range)
        var members: [(String, JSONValue)] = [
          ("type", .string("issue")),
          ("description", .string(diagnostic.message)),
          ("check_name", .string(diagnostic.ruleID)),
          ("fingerprint", .string(fingerprint)),
          ("severity", .string(severity(diagnostic.severity))),
          ("categories", .array([.string(category(report.rule(diagnostic.ruleID)?.category))])),
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
        issues.append(.object(members))
      }
    }
    return JSONValue.array(issues).serialized()
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
