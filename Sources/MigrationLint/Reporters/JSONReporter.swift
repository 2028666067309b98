import PostgresSyntax

/// cslint's own JSON format, documented in `docs/json-output.md`.
///
/// Versioned: `version` changes only when a field is removed or changes
/// meaning; new fields may be added within a version.
public enum JSONReporter {
  /// The schema version written in every document.
  public static let schemaVersion = 1

  public static func render(_ report: LintReport) -> String {
    report.render(with: JSONReportWriter(toolVersion: report.toolVersion))
  }
}

/// Streams the JSON format: `version` and `tool`, then `files` one at a
/// time, then `summary` (last, since its totals are known only at the end).
public struct JSONReportWriter: ReportWriter {
  private var json = JSONWriter()

  public init(toolVersion: String) {
    json.beginObject()
    json.key("version")
    json.int(JSONReporter.schemaVersion)
    json.key("tool")
    json.beginObject()
    json.key("name")
    json.string("cslint")
    json.key("version")
    json.string(toolVersion)
    json.endObject()
    json.key("files")
    json.beginArray()
  }

  public mutating func add(_ file: FileReport) {
    json.beginObject()
    json.key("path")
    json.string(file.path)
    json.key("diagnostics")
    json.beginArray()
    file.forEachInSourceOrder { write($0, path: file.path, source: file.source) }
    json.endArray()
    json.endObject()
  }

  public mutating func finish(summary: ReportSummary) {
    json.endArray()
    json.key("summary")
    json.beginObject()
    json.key("files")
    json.int(summary.files)
    json.key("errors")
    json.int(summary.errors)
    json.key("warnings")
    json.int(summary.warnings)
    json.key("infos")
    json.int(summary.infos)
    json.key("fixable")
    json.int(summary.fixable)
    json.endObject()
    json.endObject()
    json.newline()
  }

  public mutating func moveOutput(to output: inout [UInt8]) { json.move(to: &output) }

  private mutating func write(_ diagnostic: Diagnostic, path: String, source: SourceFile?) {
    json.beginObject()
    json.key("rule")
    json.string(diagnostic.ruleID)
    json.key("severity")
    json.string(diagnostic.severity.rawValue)
    json.key("path")
    json.string(path)
    json.key("range")
    write(diagnostic.range, source: source)
    json.key("message")
    json.string(diagnostic.message)
    json.key("help")
    json.string(diagnostic.help)
    json.key("fixes")
    json.beginArray()
    for fix in diagnostic.fixes {
      json.beginObject()
      json.key("title")
      json.string(fix.title)
      json.key("applicability")
      json.string(fix.applicability.rawValue)
      json.key("edits")
      json.beginArray()
      for edit in fix.edits {
        json.beginObject()
        json.key("range")
        write(edit.range, source: source)
        json.key("replacement")
        json.string(edit.replacement)
        json.endObject()
      }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    json.endObject()
  }

  /// Byte offsets plus line/column of both ends (end exclusive); line and
  /// column are null when the file's text is not available.
  private mutating func write(_ range: Range<Int>, source: SourceFile?) {
    let ends = source.map { SourceSpan.ends(of: range, in: $0) }
    json.beginObject()
    json.key("start")
    position(range.lowerBound, ends?.start)
    json.key("end")
    position(range.upperBound, ends?.end)
    json.endObject()
  }

  private mutating func position(_ offset: Int, _ location: SourceLocation?) {
    json.intObject("offset", offset, "line", location?.line, "column", location?.column)
  }
}
