import PostgresSyntax

/// The human format: one block per diagnostic with a code frame, help and
/// fixes, then a summary line.
///
/// ```
/// db/1_idx.sql:2:1: error[require-concurrent-index-creation]: message
///   |
/// 2 | CREATE INDEX idx ON users (email);
///   | ^^^^^^^^^^^^
///   = help: first line
///           second line
///   = fix (suggestion): Insert CONCURRENTLY
///     - CREATE INDEX idx ON users (email);
///     + CREATE INDEX CONCURRENTLY idx ON users (email);
/// ```
public enum TextReporter {
  /// Renders `report`. `color` adds ANSI styling; the caller decides (TTY, `NO_COLOR`, `--no-color`).
  public static func render(_ report: LintReport, color: Bool = false) -> String {
    report.render(with: TextReportWriter(color: color))
  }

  static func render(_ diagnostic: Diagnostic, in file: FileReport, style: TerminalStyle) -> String {
    var lines: [String] = []
    let span = file.span(diagnostic.range)
    let position = span.map { ":\($0.start.line):\($0.start.column)" } ?? ""
    let severity = style.severity(diagnostic.severity, "\(diagnostic.severity.rawValue)[\(diagnostic.ruleID)]")
    lines.append(
      "\(style.bold(TextEscaping.visible(file.path) + position)): \(severity): \(style.bold(TextEscaping.visibleKeepingLines(diagnostic.message)))"
    )
    var gutter = " "
    if let source = file.source, let span {
      let number = String(span.start.line)
      gutter = String(repeating: " ", count: number.count)
      let (text, carets) = frame(source, diagnostic.range, line: span.start.line)
      lines.append(style.gutter("\(gutter) |"))
      lines.append(style.gutter("\(number) |") + " " + text)
      lines.append(style.gutter("\(gutter) |") + " " + style.severity(diagnostic.severity, carets))
    }
    if let help = diagnostic.help {
      lines.append(contentsOf: labelled("help", help, gutter: gutter, style: style))
    }
    for fix in diagnostic.fixes {
      let label = style.fix("fix (\(fix.applicability.rawValue))")
      lines.append("\(gutter) = \(label): \(fix.title)")
      lines.append(contentsOf: fixLines(fix, in: file, style: style).map { "\(gutter)   \($0)" })
    }
    return lines.joined(separator: "\n")
  }

  /// `= help: first line`, later lines aligned under the first.
  static func labelled(_ label: String, _ text: String, gutter: String, style: TerminalStyle) -> [String] {
    let indent = String(repeating: " ", count: gutter.count + 3 + label.count + 2)
    return splitLines(text).enumerated().map { index, line in
      if index == 0 { return "\(gutter) = \(style.help(label)): \(printable(line))" }
      return line.isEmpty ? "" : indent + printable(line)
    }
  }

  /// Widest source line shown whole in a code frame, in characters.
  static let frameWidth = 160

  /// The code-frame line and its carets. A line longer than `frameWidth`
  /// (a minified dump, a 1 MB single-line statement) is cut to a window
  /// around the range's start, marked with `…`, so one finding cannot
  /// print megabytes. The window is found on the bytes around the range, so
  /// a finding costs the same on a 10 MB line as on a short one.
  static func frame(_ source: SourceFile, _ range: Range<Int>, line: Int) -> (text: String, carets: String) {
    let lineRange = source.lineRange(line)
    let bytes = source.bytes
    let start = min(max(range.lowerBound, lineRange.lowerBound), lineRange.upperBound)
    // The window text shows: `frameWidth / 4` characters
    // before the start, then up to `frameWidth` in all; when the line ends
    // first, the window reaches further back instead.
    var lower = retreat(bytes, from: start, characters: frameWidth / 4, limit: lineRange.lowerBound)
    let upper = advance(bytes, from: lower, characters: frameWidth, limit: lineRange.upperBound)
    let shown = characters(bytes, lower..<upper)
    if shown < frameWidth {
      lower = retreat(bytes, from: lower, characters: frameWidth - shown, limit: lineRange.lowerBound)
    }
    // The range's part of this line, clipped to the window.
    let end = min(max(range.upperBound, start), upper)
    let leading = lower > lineRange.lowerBound ? "…" : ""
    let text = leading + printable(source.text(lower..<upper)) + (upper < lineRange.upperBound ? "…" : "")
    let caretStart = leading.unicodeScalars.count + characters(bytes, lower..<start)
    let caretEnd = caretStart + characters(bytes, start..<end)
    return (text, carets(text, from: caretStart, to: caretEnd))
  }

  /// Characters (bytes that are not UTF-8 continuation bytes) in `range`.
  static func characters(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
    var count = 0
    for index in range where bytes[index] & 0xC0 != 0x80 { count += 1 }
    return count
  }

  /// The offset `characters` characters after `offset`, at most `limit`.
  static func advance(_ bytes: [UInt8], from offset: Int, characters: Int, limit: Int) -> Int {
    var index = offset
    var remaining = characters
    while index < limit {
      if bytes[index] & 0xC0 != 0x80 {
        if remaining == 0 { break }
        remaining -= 1
      }
      index += 1
    }
    return index
  }

  /// The offset `characters` characters before `offset`, at least `limit`.
  static func retreat(_ bytes: [UInt8], from offset: Int, characters: Int, limit: Int) -> Int {
    var index = offset
    var remaining = characters
    while index > limit && remaining > 0 {
      index -= 1
      if bytes[index] & 0xC0 != 0x80 { remaining -= 1 }
    }
    return index
  }

  /// `text` cut to `frameWidth` characters around `center` (0-based), with
  /// `…` where something was cut; unchanged when it fits.
  static func window(_ text: String, around center: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count > frameWidth else { return text }
    let lower = max(0, min(center - frameWidth / 4, scalars.count - frameWidth))
    let upper = min(scalars.count, lower + frameWidth)
    return (lower > 0 ? "…" : "") + String(String.UnicodeScalarView(scalars[lower..<upper]))
      + (upper < scalars.count ? "…" : "")
  }

  /// Carets under characters `start..<end` (0-based) of `text`, at least one.
  static func carets(_ text: String, from start: Int, to end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    let startIndex = min(max(start, 0), scalars.count)
    let endIndex = min(max(end, startIndex), scalars.count)
    let prefix = scalars[..<startIndex].map { $0 == "\t" ? "\t" : " " }.joined()
    return prefix + String(repeating: "^", count: max(1, endIndex - startIndex))
  }

  /// `- old` / `+ new` lines for the lines a fix touches.
  static func fixLines(_ fix: Fix, in file: FileReport, style: TerminalStyle) -> [String] {
    guard let source = file.source, let applied = applied(fix, to: source) else {
      // Without the file (or with edits that do not fit it) show the inserted text.
      return fix.edits.flatMap { splitLines($0.replacement) }.map { style.added("+ " + printable($0)) }
    }
    let oldLines = splitLines(applied.old)
    let newLines = splitLines(applied.new)
    // Long lines are cut around the first character the fix changes.
    let changed = zip(oldLines.joined(separator: "\n").unicodeScalars, newLines.joined(separator: "\n").unicodeScalars)
      .prefix { $0 == $1 }.count
    func shown(_ lines: [String]) -> [String] {
      lines.indices.map { index in
        var text = window(lines[index], around: changed)
        // The text was already cut before the lines were split.
        if index == 0 && applied.cutBefore && !text.hasPrefix("…") { text = "…" + text }
        if index == lines.count - 1 && applied.cutAfter && !text.hasSuffix("…") { text += "…" }
        return printable(text)
      }
    }
    return shown(oldLines).map { style.removed("- " + $0) } + shown(newLines).map { style.added("+ " + $0) }
  }

  /// Bytes kept on each side of a fix's edits when its lines are long:
  /// `frameWidth` characters of four bytes at most, so `window` still has
  /// all it shows.
  static let fixContext = frameWidth * 4

  /// The text of the lines the fix's edits touch, before and after applying
  /// them; nil when an edit is out of bounds or edits overlap. A long first
  /// or last line is cut `fixContext` bytes from the edits (`cutBefore`,
  /// `cutAfter`), so the cost does not grow with the line.
  static func applied(_ fix: Fix, to source: SourceFile) -> (old: String, new: String, cutBefore: Bool, cutAfter: Bool)?
  {
    let edits = fix.edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
    guard let first = edits.first, let last = edits.last else { return nil }
    var previousEnd = 0
    for edit in edits {
      guard edit.range.lowerBound >= previousEnd, edit.range.upperBound <= source.bytes.count else { return nil }
      previousEnd = edit.range.upperBound
    }
    let firstLine = source.location(of: first.range.lowerBound).line
    let lastEnd = SourceSpan(source: source, range: last.range).last.line
    let lineStart = source.lineRange(firstLine).lowerBound
    let lineEnd = max(source.lineRange(max(firstLine, lastEnd)).upperBound, last.range.upperBound)
    var lower = max(lineStart, first.range.lowerBound - fixContext)
    var upper = min(lineEnd, last.range.upperBound + fixContext)
    // Never split a character.
    while lower > lineStart && source.bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
    while upper < lineEnd && source.bytes[upper] & 0xC0 == 0x80 { upper += 1 }
    var new: [UInt8] = []
    var cursor = lower
    for edit in edits {
      new.append(contentsOf: source.bytes[cursor..<edit.range.lowerBound])
      new.append(contentsOf: Array(edit.replacement.utf8))
      cursor = edit.range.upperBound
    }
    new.append(contentsOf: source.bytes[cursor..<upper])
    return (source.text(lower..<upper), String(decoding: new, as: UTF8.self), lower > lineStart, upper < lineEnd)
  }

  /// Lines split at LF, CR and CRLF, by their bytes (no character-by-character copy).
  static func splitLines(_ text: String) -> [String] {
    var lines: [String] = []
    let scalars = text.unicodeScalars
    let utf8 = text.utf8
    var start = utf8.startIndex
    var index = start
    while index != utf8.endIndex {
      let byte = utf8[index]
      guard byte == 0x0A || byte == 0x0D else {
        index = utf8.index(after: index)
        continue
      }
      lines.append(String(scalars[start..<index]))
      index = utf8.index(after: index)
      if byte == 0x0D && index != utf8.endIndex && utf8[index] == 0x0A { index = utf8.index(after: index) }
      start = index
    }
    lines.append(String(scalars[start..<utf8.endIndex]))
    return lines
  }

  /// Source text with control characters (other than tab) replaced, so a
  /// file cannot send escape sequences to the user's terminal.
  static func printable(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F ? "\u{FFFD}" : $0 }))
  }
}

/// ANSI styling that is a no-op when disabled.
struct TerminalStyle {
  let enabled: Bool

  private func paint(_ text: String, _ code: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  func bold(_ text: String) -> String { paint(text, "1") }
  func gutter(_ text: String) -> String { paint(text, "34") }
  func help(_ text: String) -> String { paint(text, "1;36") }
  func fix(_ text: String) -> String { paint(text, "1;32") }
  func added(_ text: String) -> String { paint(text, "32") }
  func removed(_ text: String) -> String { paint(text, "31") }

  func severity(_ severity: Severity, _ text: String) -> String {
    switch severity {
    case .error: return paint(text, "1;31")
    case .warning: return paint(text, "1;33")
    case .info: return paint(text, "1;34")
    }
  }
}

/// Streams the text format: each diagnostic's block as its file is added,
/// the summary line at the end.
public struct TextReportWriter: TextOutputWriter {
  var output: [UInt8] = []
  private let style: TerminalStyle

  public init(color: Bool) { style = TerminalStyle(enabled: color) }

  public mutating func add(_ file: FileReport) {
    let file = file.inSourceOrder
    for diagnostic in file.diagnostics {
      write(TextReporter.render(diagnostic, in: file, style: style))
      write("\n\n")
    }
  }

  public mutating func finish(summary: ReportSummary) {
    write(style.bold(summary.line))
    write("\n")
  }
}
