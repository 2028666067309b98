/// SARIF 2.1.0 (the format GitHub code scanning and many IDEs read).
///
/// Columns count Unicode code points (`columnKind: unicodeCodePoints`), the
/// same as every other cslint output; fix regions are given in bytes, which
/// is exact for any encoding.
public enum SARIFReporter {
  /// - Parameters:
  ///   - informationURI: the tool's home page (`tool.driver.informationUri`); omitted when nil.
  ///   - helpBaseURI: prefix for each rule's `helpUri`; nil keeps the relative `Rules/<id>.md`.
  public static func render(_ report: LintReport, informationURI: String? = nil, helpBaseURI: String? = nil) -> String {
    report.render(
      with: SARIFReportWriter(
        rules: report.rules, toolVersion: report.toolVersion, informationURI: informationURI,
        helpBaseURI: helpBaseURI))
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .info: return "note"
    }
  }

  static func helpURI(_ rule: RuleDescription, base: String?) -> String {
    guard let base else { return rule.documentationPath }
    return base.hasSuffix("/") ? base + rule.documentationPath : base + "/" + rule.documentationPath
  }

  static func ruleDescriptor(_ rule: RuleDescription, helpBaseURI: String?) -> JSONValue {
    let uri = helpURI(rule, base: helpBaseURI)
    var text = rule.summary
    var markdown = rule.summary
    if let useInstead = rule.useInstead {
      text += "\n\nUse instead:\n\n" + useInstead
      markdown += "\n\n**Use instead:**\n\n```sql\n" + useInstead + "\n```"
    }
    text += "\n\nDocumentation: " + uri
    markdown += "\n\n[Rule documentation](" + uri + ")"
    var properties: [(String, JSONValue)] = [("tags", .array([.string(rule.category.rawValue)]))]
    if let lock = rule.lock { properties.append(("lock", .string(lock))) }
    return .object([
      ("id", .string(rule.id)),
      ("name", .string(pascalCase(rule.id))),
      ("shortDescription", .object([("text", .string(rule.summary))])),
      ("fullDescription", .object([("text", .string(rule.rationale))])),
      ("help", .object([("text", .string(text)), ("markdown", .string(markdown))])),
      ("helpUri", .string(uri)),
      ("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])),
      ("properties", .object(properties)),
    ])
  }

  /// `require-concurrent-index-creation` → `RequireConcurrentIndexCreation`.
  static func pascalCase(_ id: String) -> String {
    id.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  static func result(_ diagnostic: Diagnostic, in file: FileReport, ruleIndex: Int?, fingerprint: String) -> JSONValue {
    var members: [(String, JSONValue)] = [("ruleId", .string(diagnostic.ruleID))]
    if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
    members.append(("level", .string(level(diagnostic.severity))))
    members.append(("message", .object([("text", .string(GitHubReporter.message(diagnostic)))])))
    var physical: [(String, JSONValue)] = [("artifactLocation", artifactLocation(file.path))]
    if file.source != nil { physical.append(("region", region(diagnostic.range, in: file))) }
    members.append(("locations", .array([.object([("physicalLocation", .object(physical))])])))
    members.append(("partialFingerprints", .object([("cslint/v1", .string(fingerprint))])))
    if !diagnostic.fixes.isEmpty {
      members.append(("fixes", .array(diagnostic.fixes.map { fix($0, in: file) })))
    }
    return .object(members)
  }

  static func region(_ range: Range<Int>, in file: FileReport) -> JSONValue {
    var members: [(String, JSONValue)] = []
    if let span = file.span(range) {
      members += [
        ("startLine", .int(span.start.line)), ("startColumn", .int(span.start.column)),
        ("endLine", .int(span.end.line)), ("endColumn", .int(span.end.column)),
      ]
    }
    members += [("byteOffset", .int(max(0, range.lowerBound))), ("byteLength", .int(max(0, range.count)))]
    return .object(members)
  }

  static func fix(_ fix: Fix, in file: FileReport) -> JSONValue {
    let replacements = fix.edits.map { edit -> JSONValue in
      .object([
        (
          "deletedRegion",
          .object([("byteOffset", .int(max(0, edit.range.lowerBound))), ("byteLength", .int(max(0, edit.range.count)))])
        ),
        ("insertedContent", .object([("text", .string(edit.replacement))])),
      ])
    }
    return .object([
      ("description", .object([("text", .string(fix.title))])),
      (
        "artifactChanges",
        .array([.object([("artifactLocation", artifactLocation(file.path)), ("replacements", .array(replacements))])])
      ),
      ("properties", .object([("applicability", .string(fix.applicability.rawValue))])),
    ])
  }

  static func artifactLocation(_ path: String) -> JSONValue {
    .object([("uri", .string(uriReference(path)))])
  }

  /// A path as a URI reference: characters outside RFC 3986's unreserved set
  /// and a few safe delimiters are percent-encoded (UTF-8). `:` is encoded so
  /// a relative path is never read as a scheme.
  static func uriReference(_ path: String) -> String {
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@".utf8)
    var output = ""
    for byte in path.utf8 {
      if allowed.contains(byte) {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        output += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return output
  }
}

/// Streams SARIF: the rule metadata first, then each file's results.
public struct SARIFReportWriter: ReportWriter {
  private var json = JSONWriter()
  private var ruleIndex: [String: Int] = [:]

  public init(rules: [RuleDescription], toolVersion: String, informationURI: String?, helpBaseURI: String?) {
    let rules = rules.sorted { $0.id < $1.id }
    for (index, rule) in rules.enumerated() where ruleIndex[rule.id] == nil { ruleIndex[rule.id] = index }
    var driver: [(String, JSONValue)] = [("name", .string("cslint")), ("version", .string(toolVersion))]
    if let informationURI { driver.append(("informationUri", .string(informationURI))) }
    driver.append(("rules", .array(rules.map { SARIFReporter.ruleDescriptor($0, helpBaseURI: helpBaseURI) })))
    json.beginObject()
    json.key("$schema")
    json.string("https://json.schemastore.org/sarif-2.1.0.json")
    json.key("version")
    json.string("2.1.0")
    json.key("runs")
    json.beginArray()
    json.beginObject()
    json.key("tool")
    json.value(.object([("driver", .object(driver))]))
    json.key("columnKind")
    json.string("unicodeCodePoints")
    json.key("results")
    json.beginArray()
  }

  public mutating func add(_ file: FileReport) {
    let file = file.inSourceOrder
    let fingerprints = Fingerprint.fingerprints(for: file)
    for (diagnostic, fingerprint) in zip(file.diagnostics, fingerprints) {
      json.value(
        SARIFReporter.result(diagnostic, in: file, ruleIndex: ruleIndex[diagnostic.ruleID], fingerprint: fingerprint))
    }
  }

  public mutating func finish(summary: ReportSummary) {
    json.endArray()
    json.endObject()
    json.endArray()
    json.endObject()
    json.newline()
  }

  public mutating func moveOutput(to output: inout [UInt8]) { json.move(to: &output) }

  public mutating func drainOutput(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    json.drain(atLeast: minimum, body)
  }
}
