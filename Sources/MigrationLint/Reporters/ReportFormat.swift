/// The output formats of `--format`.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text
  case github
  case json
  case sarif
  case checkstyle
  case junit
  case gitlab
}

/// Settings that only some formats use.
public struct ReportOptions: Sendable {
  /// ANSI colour in `text`; the caller decides (TTY, `NO_COLOR`, `--no-color`).
  public var color: Bool
  /// SARIF `tool.driver.informationUri`.
  public var informationURI: String?
  /// SARIF rule `helpUri` prefix; nil keeps relative `Rules/<id>.md` links.
  public var helpBaseURI: String?

  public init(color: Bool = false, informationURI: String? = nil, helpBaseURI: String? = nil) {
    self.color = color
    self.informationURI = informationURI
    self.helpBaseURI = helpBaseURI
  }
}

extension LintReport {
  /// The report in `format`, ready to write to stdout or `--output FILE`.
  public func rendered(as format: ReportFormat, options: ReportOptions = ReportOptions()) -> String {
    render(with: format.makeWriter(rules: rules, toolVersion: toolVersion, options: options))
  }
}
