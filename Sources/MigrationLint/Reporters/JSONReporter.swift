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
  /// The diagnostics' layout at the files' depth, made once.
  private var layout: JSONDiagnosticsLayout?

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
    var layout = self.layout
    json.laidOutValue { sink, depth in
      if layout?.depth != depth { layout = JSONDiagnosticsLayout(depth: depth) }
      layout?.write(file, to: sink)
    }
    self.layout = layout
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
/// indented layout: every diagnostic has the same shape, so the bytes
/// between two values (separators, line breaks, indentation, keys, and
/// brackets that close one object and open the next) are the same for
/// every diagnostic at a depth. They are made once per depth (`pieces`)
/// and copied sixteen bytes at a time: one copy per run of them, not a
/// few instructions per separator, space and key (the generic calls cost
/// about 140 instructions per key and 500 per position object; 62 M
/// instructions less on the corpus report, and the pieces another 12 M).
///
/// `rule`, `severity`, `path`, `range` (offsets, and line and column of
/// both ends, null without the file's text), `message`, `help` (or null)
/// and `fixes` (`title`, `applicability`, `edits` of `range` and
/// `replacement`), as documented in `docs/json-output.md`.
final class JSONDiagnosticsLayout {
  /// The depth of the file's object the pieces are made for.
  let depth: Int
  /// Every piece's bytes, one after the other, and 16 bytes of slack (a
  /// piece is read sixteen bytes at a time).
  private let bytes: UnsafeMutablePointer<UInt8>
  private let pieces: Pieces

  /// A run of bytes in `bytes`.
  private struct Piece {
    let start: Int
    let count: Int
  }

  /// The fixed bytes between the values of a diagnostic, named by what
  /// follows them.
  private struct Pieces {
    /// `[` or `,`, the diagnostic's `{` and its `"rule": `.
    var firstRule = Piece(start: 0, count: 0)
    var nextRule = Piece(start: 0, count: 0)
    /// After the rule: `"severity": "…"` (by `Severity` rank) and `"path": `.
    var severityPath: [Piece] = []
    /// After the path: `"range": {`, its `"start": {` and `"offset": `.
    var rangeStart = Piece(start: 0, count: 0)
    /// The range's numbers: `"line": `, `"column": `, between the ends,
    /// and after the end's column, `}`, `}` and `"message": `.
    var diagnosticRange = RangePieces()
    /// After the message: `"help": `.
    var help = Piece(start: 0, count: 0)
    /// After the help: `"fixes": `.
    var fixes = Piece(start: 0, count: 0)
    /// The diagnostic's closing `}`.
    var close = Piece(start: 0, count: 0)
    /// The array's closing `]` (after at least one diagnostic).
    var closeArray = Piece(start: 0, count: 0)
    /// `[` or `,`, the fix's `{` and its `"title": `.
    var firstTitle = Piece(start: 0, count: 0)
    var nextTitle = Piece(start: 0, count: 0)
    /// After the title: `"applicability": "…"` (`safe`, `suggestion`) and `"edits": `.
    var applicabilityEdits: [Piece] = []
    /// The fix's `}`, the fixes' `]`.
    var closeFix = Piece(start: 0, count: 0)
    var closeFixes = Piece(start: 0, count: 0)
    /// `[` or `,`, the edit's `{`, its `"range": {`, `"start": {` and `"offset": `.
    var firstEdit = Piece(start: 0, count: 0)
    var nextEdit = Piece(start: 0, count: 0)
    /// The edit range's numbers, then `"replacement": `.
    var editRange = RangePieces()
    /// The edit's `}`, the edits' `]`.
    var closeEdit = Piece(start: 0, count: 0)
    var closeEdits = Piece(start: 0, count: 0)
  }

  /// The pieces between a range's numbers.
  private struct RangePieces {
    var line = Piece(start: 0, count: 0)
    var column = Piece(start: 0, count: 0)
    /// After the start's column: the start's `}`, `"end": {`, `"offset": `.
    var end = Piece(start: 0, count: 0)
    /// After the end's column: the end's `}`, the range's `}`, and the
    /// next member's key.
    var after = Piece(start: 0, count: 0)
    /// The most bytes of all the pieces of a range.
    var room = 0
  }

  init(depth: Int) {
    self.depth = depth
    var text: [UInt8] = []
    func piece(_ parts: [String]) -> Piece {
      let start = text.count
      for part in parts { text += Array(part.utf8) }
      return Piece(start: start, count: text.count - start)
    }
    func line(_ width: Int) -> String { "\n" + String(repeating: " ", count: max(0, width)) }
    func key(_ name: String, _ width: Int) -> String { ",\(line(width))\"\(name)\": " }
    /// The pieces of a range whose `"range": ` member is at `width`; `next`
    /// follows the range.
    func range(_ width: Int, next: String) -> RangePieces {
      var pieces = RangePieces()
      pieces.line = piece([key("line", width + 4)])
      pieces.column = piece([key("column", width + 4)])
      pieces.end = piece([line(width + 2), "}", key("end", width + 2), "{", line(width + 4), "\"offset\": "])
      pieces.after = piece([line(width + 2), "}", line(width), "}", next])
      pieces.room =
        2 * (pieces.line.count + pieces.column.count) + pieces.end.count + pieces.after.count + 6
        * ByteCursor.maxDigits + 6 * 16
      return pieces
    }
    func rangeStart(_ width: Int) -> String { "{\(line(width + 2))\"start\": {\(line(width + 4))\"offset\": " }
    let element = (depth + 1) * 2
    let member = element + 2
    var pieces = Pieces()
    pieces.firstRule = piece(["[", line(element), "{", line(member), "\"rule\": "])
    pieces.nextRule = piece([",", line(element), "{", line(member), "\"rule\": "])
    pieces.severityPath = Severity.allCases.sorted().map { severity in
      piece([key("severity", member), "\"\(severity.rawValue)\"", key("path", member)])
    }
    pieces.rangeStart = piece([key("range", member), rangeStart(member)])
    pieces.diagnosticRange = range(member, next: key("message", member))
    pieces.help = piece([key("help", member)])
    pieces.fixes = piece([key("fixes", member)])
    pieces.close = piece([line(element), "}"])
    pieces.closeArray = piece([line(depth * 2), "]"])
    let fixElement = member + 2
    let fixMember = fixElement + 2
    pieces.firstTitle = piece(["[", line(fixElement), "{", line(fixMember), "\"title\": "])
    pieces.nextTitle = piece([",", line(fixElement), "{", line(fixMember), "\"title\": "])
    pieces.applicabilityEdits = [FixApplicability.safe, .suggestion].map { applicability in
      piece([key("applicability", fixMember), "\"\(applicability.rawValue)\"", key("edits", fixMember)])
    }
    pieces.closeFix = piece([line(fixElement), "}"])
    pieces.closeFixes = piece([line(member), "]"])
    let editElement = fixMember + 2
    let editMember = editElement + 2
    pieces.firstEdit = piece(["[", line(editElement), "{", line(editMember), "\"range\": ", rangeStart(editMember)])
    pieces.nextEdit = piece([",", line(editElement), "{", line(editMember), "\"range\": ", rangeStart(editMember)])
    pieces.editRange = range(editMember, next: key("replacement", editMember))
    pieces.closeEdit = piece([line(editElement), "}"])
    pieces.closeEdits = piece([line(fixMember), "]"])
    self.pieces = pieces
    bytes = .allocate(capacity: text.count + 16)
    bytes.initialize(repeating: 0, count: text.count + 16)
    bytes.update(from: text, count: text.count)
  }

  deinit { bytes.deallocate() }

  /// Puts `piece` at the cursor, which has room for it and 16 bytes more.
  @inline(__always)
  private func put(_ piece: Piece, _ cursor: inout ByteCursor) {
    cursor.putChunks(bytes + piece.start, count: piece.count)
  }

  /// Appends `piece` to the sink.
  @inline(__always)
  private func put(_ piece: Piece, to sink: ByteSink) {
    var cursor = ByteCursor(sink.reserve(piece.count + 16))
    put(piece, &cursor)
    sink.didWrite(cursor.count)
  }

  /// The array, at `depth` (the depth of the file's object; `self.depth`).
  func write(_ file: FileReport, to sink: ByteSink) {
    var first = true
    // Where the file's path was first written, quoted (the same in every
    // diagnostic: escaped once, then copied from the sink itself).
    var quotedPath = 0..<0
    // The start of the finding before: in source order, the next start
    // is found from it (`SourceFile.location(of:after:)`).
    var previousStart: SourceLocation?
    file.forEachIndexInSourceOrder { diagnostics, index in
      put(first ? pieces.firstRule : pieces.nextRule, to: sink)
      JSONEscaping.appendQuoted(diagnostics[index].ruleID, to: sink)
      put(pieces.severityPath[Self.rank(diagnostics[index].severity)], to: sink)
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
      var cursor = ByteCursor(sink.reserve(pieces.rangeStart.count + 16 + pieces.diagnosticRange.room))
      put(pieces.rangeStart, &cursor)
      range(diagnostics[index].range, ends, pieces.diagnosticRange, &cursor)
      sink.didWrite(cursor.count)
      JSONEscaping.appendQuoted(diagnostics[index].message, to: sink)

      cursor = ByteCursor(sink.reserve(pieces.help.count + 16 + 4))
      put(pieces.help, &cursor)
      if let help = diagnostics[index].help {
        sink.didWrite(cursor.count)
        JSONEscaping.appendQuoted(help, to: sink)
      } else {
        cursor.put("null")
        sink.didWrite(cursor.count)
      }
      put(pieces.fixes, to: sink)
      fixes(diagnostics[index].fixes, source: file.source, near: ends?.start, to: sink)
      put(pieces.close, to: sink)
      first = false
    }
    if first {
      sink.append("[]")
    } else {
      put(pieces.closeArray, to: sink)
    }
  }

  /// The `fixes` array of a diagnostic. `near`: the diagnostic's start
  /// (edits are usually in its statement).
  private func fixes(_ fixes: [Fix], source: SourceFile?, near: SourceLocation?, to sink: ByteSink) {
    guard !fixes.isEmpty else {
      sink.append("[]")
      return
    }
    for (index, fix) in fixes.enumerated() {
      put(index == 0 ? pieces.firstTitle : pieces.nextTitle, to: sink)
      JSONEscaping.appendQuoted(fix.title, to: sink)
      put(pieces.applicabilityEdits[fix.applicability == .safe ? 0 : 1], to: sink)
      edits(fix.edits, source: source, near: near, to: sink)
      put(pieces.closeFix, to: sink)
    }
    put(pieces.closeFixes, to: sink)
  }

  /// The `edits` array of a fix.
  private func edits(_ edits: [TextEdit], source: SourceFile?, near: SourceLocation?, to sink: ByteSink) {
    guard !edits.isEmpty else {
      sink.append("[]")
      return
    }
    for (index, edit) in edits.enumerated() {
      let ends = source.map { SourceSpan.ends(of: edit.range, in: $0, after: near) }
      let open = index == 0 ? pieces.firstEdit : pieces.nextEdit
      var cursor = ByteCursor(sink.reserve(open.count + 16 + pieces.editRange.room))
      put(open, &cursor)
      range(edit.range, ends, pieces.editRange, &cursor)
      sink.didWrite(cursor.count)
      JSONEscaping.appendQuoted(edit.replacement, to: sink)
      put(pieces.closeEdit, to: sink)
    }
    put(pieces.closeEdits, to: sink)
  }

  /// Byte offsets plus line/column of both ends (end exclusive); line and
  /// column are null when the file's text is not available. After the
  /// start's `"offset": `, up to the key after the range (`pieces.after`).
  private func range(
    _ range: Range<Int>, _ ends: (start: SourceLocation, end: SourceLocation)?, _ pieces: RangePieces,
    _ cursor: inout ByteCursor
  ) {
    position(range.lowerBound, ends?.start, pieces, &cursor)
    put(pieces.end, &cursor)
    position(range.upperBound, ends?.end, pieces, &cursor)
    put(pieces.after, &cursor)
  }

  /// One end of a range: its offset, then its `line` and `column` values.
  @inline(__always) private func position(
    _ offset: Int, _ location: SourceLocation?, _ pieces: RangePieces, _ cursor: inout ByteCursor
  ) {
    cursor.digits(offset)
    put(pieces.line, &cursor)
    number(location?.line, &cursor)
    put(pieces.column, &cursor)
    number(location?.column, &cursor)
  }

  @inline(__always)
  private func number(_ value: Int?, _ cursor: inout ByteCursor) {
    if let value { cursor.digits(value) } else { cursor.put("null") }
  }

  /// The index of the severity's piece (`Severity.allCases` sorted).
  private static func rank(_ severity: Severity) -> Int {
    switch severity {
    case .info: return 0
    case .warning: return 1
    case .error: return 2
    }
  }
}
