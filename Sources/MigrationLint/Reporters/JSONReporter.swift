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
    json.laidOutValue { sink, depth in JSONDiagnosticsLayout.write(file, to: sink, depth: depth) }
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

  public mutating func drainOutput(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    json.drain(atLeast: minimum, body)
  }
}

/// A file's `diagnostics` array, laid out byte by byte exactly as
/// `JSONWriter`'s `beginObject`/`key`/`string`/… calls write it in the
/// indented layout: every diagnostic has the same shape, so separators,
/// line breaks, indentation and keys are put straight into reserved room,
/// a few instructions each (the generic calls cost about 140 per key and
/// 500 per position object; 62 M instructions less on the corpus report).
///
/// `rule`, `severity`, `path`, `range` (offsets, and line and column of
/// both ends, null without the file's text), `message`, `help` (or null)
/// and `fixes` (`title`, `applicability`, `edits` of `range` and
/// `replacement`), as documented in `docs/json-output.md`.
private enum JSONDiagnosticsLayout {
  /// Room for a member's key at `width` spaces: a comma, a line break, the
  /// spaces (and their slack), the quoted key, `: `.
  static func keyRoom(_ width: Int) -> Int { width + ByteCursor.spacesSlack + 24 }

  /// The array, at `depth` (the depth of the file's object).
  static func write(_ file: FileReport, to sink: ByteSink, depth: Int) {
    let element = (depth + 1) * 2
    let member = element + 2
    var first = true
    // Where the file's path was first written, quoted (the same in every
    // diagnostic: escaped once, then copied from the sink itself).
    var quotedPath = 0..<0
    // The start of the finding before: in source order, the next start
    // is found from it (`SourceFile.location(of:after:)`).
    var previousStart: SourceLocation?
    file.forEachIndexInSourceOrder { diagnostics, index in
      var cursor = ByteCursor(sink.reserve(2 + keyRoom(element) + keyRoom(member)))
      cursor.put(first ? UInt8(ascii: "[") : UInt8(ascii: ","))
      cursor.line(element)
      cursor.put(UInt8(ascii: "{"))
      cursor.key("rule", width: member, first: true)
      sink.didWrite(cursor.count)
      JSONEscaping.appendQuoted(diagnostics[index].ruleID, to: sink)

      cursor = ByteCursor(sink.reserve(2 * keyRoom(member) + 16))
      cursor.key("severity", width: member)
      cursor.put(quoted(diagnostics[index].severity))
      cursor.key("path", width: member)
      sink.didWrite(cursor.count)
      if first {
        let start = sink.count
        JSONEscaping.appendQuoted(file.path, to: sink)
        quotedPath = start..<sink.count
      } else {
        let target = sink.reserve(quotedPath.count)
        ByteSink.copy(sink.base + quotedPath.lowerBound, to: target, count: quotedPath.count)
        sink.didWrite(quotedPath.count)
      }

      let ends = file.source.map { SourceSpan.ends(of: diagnostics[index].range, in: $0, after: previousStart) }
      previousStart = ends?.start
      cursor = ByteCursor(sink.reserve(keyRoom(member) + rangeRoom(member) + keyRoom(member)))
      cursor.key("range", width: member)
      range(diagnostics[index].range, ends, width: member, &cursor)
      cursor.key("message", width: member)
      sink.didWrite(cursor.count)
      JSONEscaping.appendQuoted(diagnostics[index].message, to: sink)

      cursor = ByteCursor(sink.reserve(keyRoom(member) + 4))
      cursor.key("help", width: member)
      if let help = diagnostics[index].help {
        sink.didWrite(cursor.count)
        JSONEscaping.appendQuoted(help, to: sink)
        cursor = ByteCursor(sink.reserve(keyRoom(member)))
      } else {
        cursor.put("null")
        sink.didWrite(cursor.count)
        cursor = ByteCursor(sink.reserve(keyRoom(member)))
      }
      cursor.key("fixes", width: member)
      sink.didWrite(cursor.count)
      fixes(diagnostics[index].fixes, source: file.source, near: ends?.start, width: member, to: sink)

      closeLine(UInt8(ascii: "}"), width: element, to: sink)
      first = false
    }
    var cursor = ByteCursor(sink.reserve(depth * 2 + ByteCursor.spacesSlack + 3))
    if first {
      cursor.put("[]")
    } else {
      cursor.line(depth * 2)
      cursor.put(UInt8(ascii: "]"))
    }
    sink.didWrite(cursor.count)
  }

  /// A closing `}` or `]` on its own line at `width` spaces.
  private static func closeLine(_ bracket: UInt8, width: Int, to sink: ByteSink) {
    var cursor = ByteCursor(sink.reserve(width + ByteCursor.spacesSlack + 2))
    cursor.line(width)
    cursor.put(bracket)
    sink.didWrite(cursor.count)
  }

  /// The `fixes` array of a diagnostic whose members are at `width` spaces.
  /// `near`: the diagnostic's start (edits are usually in its statement).
  private static func fixes(_ fixes: [Fix], source: SourceFile?, near: SourceLocation?, width: Int, to sink: ByteSink) {
    guard !fixes.isEmpty else {
      sink.append("[]")
      return
    }
    let element = width + 2
    let member = element + 2
    for (index, fix) in fixes.enumerated() {
      var cursor = ByteCursor(sink.reserve(2 + keyRoom(element) + keyRoom(member)))
      cursor.put(index == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
      cursor.line(element)
      cursor.put(UInt8(ascii: "{"))
      cursor.key("title", width: member, first: true)
      sink.didWrite(cursor.count)
      JSONEscaping.appendQuoted(fix.title, to: sink)
      cursor = ByteCursor(sink.reserve(2 * keyRoom(member) + 16))
      cursor.key("applicability", width: member)
      cursor.put(quoted(fix.applicability))
      cursor.key("edits", width: member)
      sink.didWrite(cursor.count)
      edits(fix.edits, source: source, near: near, width: member, to: sink)
      closeLine(UInt8(ascii: "}"), width: element, to: sink)
    }
    closeLine(UInt8(ascii: "]"), width: width, to: sink)
  }

  /// The `edits` array of a fix whose members are at `width` spaces.
  private static func edits(
    _ edits: [TextEdit], source: SourceFile?, near: SourceLocation?, width: Int, to sink: ByteSink
  ) {
    guard !edits.isEmpty else {
      sink.append("[]")
      return
    }
    let element = width + 2
    let member = element + 2
    for (index, edit) in edits.enumerated() {
      let ends = source.map { SourceSpan.ends(of: edit.range, in: $0, after: near) }
      var cursor = ByteCursor(sink.reserve(2 + keyRoom(element) + 2 * keyRoom(member) + rangeRoom(member)))
      cursor.put(index == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
      cursor.line(element)
      cursor.put(UInt8(ascii: "{"))
      cursor.key("range", width: member, first: true)
      range(edit.range, ends, width: member, &cursor)
      cursor.key("replacement", width: member)
      sink.didWrite(cursor.count)
      JSONEscaping.appendQuoted(edit.replacement, to: sink)
      closeLine(UInt8(ascii: "}"), width: element, to: sink)
    }
    closeLine(UInt8(ascii: "]"), width: width, to: sink)
  }

  /// Room for `range(…)` as the value of a member at `width` spaces.
  static func rangeRoom(_ width: Int) -> Int {
    // Eleven lines at most `width + 4` spaces each, six with a number.
    12 * (width + 4 + ByteCursor.spacesSlack + ByteCursor.maxDigits + 16)
  }

  /// Byte offsets plus line/column of both ends (end exclusive); line and
  /// column are null when the file's text is not available. The value of a
  /// member at `width` spaces.
  private static func range(
    _ range: Range<Int>, _ ends: (start: SourceLocation, end: SourceLocation)?, width: Int,
    _ cursor: inout ByteCursor
  ) {
    let inner = width + 4
    cursor.put(UInt8(ascii: "{"))
    cursor.key("start", width: width + 2, first: true)
    cursor.put(UInt8(ascii: "{"))
    cursor.member("offset", range.lowerBound, width: inner, first: true)
    cursor.member("line", ends?.start.line, width: inner, first: false)
    cursor.member("column", ends?.start.column, width: inner, first: false)
    cursor.line(width + 2)
    cursor.put(UInt8(ascii: "}"))
    cursor.key("end", width: width + 2)
    cursor.put(UInt8(ascii: "{"))
    cursor.member("offset", range.upperBound, width: inner, first: true)
    cursor.member("line", ends?.end.line, width: inner, first: false)
    cursor.member("column", ends?.end.column, width: inner, first: false)
    cursor.line(width + 2)
    cursor.put(UInt8(ascii: "}"))
    cursor.line(width)
    cursor.put(UInt8(ascii: "}"))
  }

  /// The severity as a JSON string (its raw value, quoted).
  private static func quoted(_ severity: Severity) -> StaticString {
    switch severity {
    case .info: return "\"info\""
    case .warning: return "\"warning\""
    case .error: return "\"error\""
    }
  }

  /// The applicability as a JSON string (its raw value, quoted).
  private static func quoted(_ applicability: FixApplicability) -> StaticString {
    switch applicability {
    case .safe: return "\"safe\""
    case .suggestion: return "\"suggestion\""
    }
  }
}
