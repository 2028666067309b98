import PostgresSyntax

/// cslint's own JSON format, documented in `docs/json-output.md`.
///
/// Versioned: `version` changes only when a field is removed or changes
/// meaning; new fields may be added within a version.
public enum JSONReporter {
  /// The schema version written in every document.
  public static let schemaVersion = 1

  public static func render(_ report: LintReport) -> String {
    let summary = report.summary
    let document = JSONValue.object([
      ("version", .int(schemaVersion)),
      ("tool", .object([("name", .string("cslint")), ("version", .string(report.toolVersion))])),
      (
        "summary",
        .object([
          ("files", .int(summary.files)), ("errors", .int(summary.errors)), ("warnings", .int(summary.warnings)),
          ("infos", .int(summary.infos)), ("fixable", .int(summary.fixable)),
        ])
      ),
      (
        "files",
        .array(
          report.orderedFiles.map { file in
            .object([
              ("path", .string(file.path)),
              ("diagnostics", .array(file.diagnostics.map { diagnostic($0, in: file) })),
            ])
          })
      ),
    ])
    return document.serialized()
  }

  static func diagnostic(_ diagnostic: Diagnostic, in file: FileReport) -> JSONValue {
    .object([
      ("rule", .string(diagnostic.ruleID)),
      ("severity", .string(diagnostic.severity.rawValue)),
      ("path", .string(file.path)),
      ("range", range(diagnostic.range, in: file)),
      ("message", .string(diagnostic.message)),
      ("help", .optional(diagnostic.help)),
      (
        "fixes",
        .array(
          diagnostic.fixes.map { fix in
            .object([
              ("title", .string(fix.title)),
              ("applicability", .string(fix.applicability.rawValue)),
              (
                "edits",
                .array(
                  fix.edits.map { edit in
                    .object([("range", range(edit.range, in: file)), ("replacement", .string(edit.replacement))])
                  })
              ),
            ])
          })
      ),
    ])
  }

  /// Byte offsets plus line/column of both ends (end exclusive); line and
  /// column are null when the file's text is not available.
  static func range(_ range: Range<Int>, in file: FileReport) -> JSONValue {
    let span = file.span(range)
    func position(_ offset: Int, _ location: SourceLocation?) -> JSONValue {
      .object([
        ("offset", .int(offset)),
        ("line", location.map { .int($0.line) } ?? .null),
        ("column", location.map { .int($0.column) } ?? .null),
      ])
    }
    return .object([
      ("start", position(range.lowerBound, span?.start)),
      ("end", position(range.upperBound, span?.end)),
    ])
  }
}
