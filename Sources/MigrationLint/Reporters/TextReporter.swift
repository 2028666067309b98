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
    lines.append("\(style.bold(file.path + position)): \(severity): \(style.bold(diagnostic.message))")
    var gutter = " "
    if let source = file.source, let span {
      let number = String(span.start.line)
      gutter = String(repeating: " ", count: number.count)
      let lineRange = source.lineRange(span.start.line)
      let (text, carets) = frame(printable(source.text(lineRange)), span)
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
  /// print megabytes.
  static func frame(_ text: String, _ span: SourceSpan) -> (text: String, carets: String) {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count > frameWidth else { return (text, caretLine(text, span)) }
    let start = min(max(span.start.column - 1, 0), scalars.count)
    let lower = max(0, min(start - frameWidth / 4, scalars.count - frameWidth))
    let upper = min(scalars.count, lower + frameWidth)
    var window = String(String.UnicodeScalarView(scalars[lower..<upper]))
    var shift = lower
    if lower > 0 {
      window = "…" + window
      shift -= 1
    }
    if upper < scalars.count { window += "…" }
    // Columns relative to the window (the leading `…` takes one).
    let end = span.end.line == span.start.line ? min(span.end.column - 1, upper) : upper
    return (window, carets(window, from: start - shift, to: max(start, end) - shift))
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

  /// Carets under the range's part of its first line; tabs are kept so the
  /// carets line up in any terminal.
  static func caretLine(_ text: String, _ span: SourceSpan) -> String {
    let count = text.unicodeScalars.count
    let end = span.end.line == span.start.line ? span.end.column - 1 : count
    return carets(text, from: span.start.column - 1, to: end)
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
    guard let source = file.source, let (old, new) = applied(fix, to: source) else {
      // Without the file (or with edits that do not fit it) show the inserted text.
      return fix.edits.flatMap { splitLines($0.replacement) }.map { style.added("+ " + printable($0)) }
    }
    let oldLines = splitLines(old)
    let newLines = splitLines(new)
    // Long lines are cut around the first character the fix changes.
    let changed = zip(oldLines.joined(separator: "\n").unicodeScalars, newLines.joined(separator: "\n").unicodeScalars)
      .prefix { $0 == $1 }.count
    func shown(_ line: String) -> String { printable(window(line, around: changed)) }
    return oldLines.map { style.removed("- " + shown($0)) } + newLines.map { style.added("+ " + shown($0)) }
  }

  /// The text of the lines the fix's edits touch, before and after applying
  /// them; nil when an edit is out of bounds or edits overlap.
  static func applied(_ fix: Fix, to source: SourceFile) -> (old: String, new: String)? {
    let edits = fix.edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
    guard let first = edits.first, let last = edits.last else { return nil }
    var previousEnd = 0
    for edit in edits {
      guard edit.range.lowerBound >= previousEnd, edit.range.upperBound <= source.bytes.count else { return nil }
      previousEnd = edit.range.upperBound
    }
    let firstLine = source.location(of: first.range.lowerBound).line
    let lastEnd = SourceSpan(source: source, range: last.range).last.line
    let window =
      source.lineRange(firstLine)
      .lowerBound..<max(
        source.lineRange(max(firstLine, lastEnd)).upperBound, last.range.upperBound)
    var new: [UInt8] = []
    var cursor = window.lowerBound
    for edit in edits {
      new.append(contentsOf: source.bytes[cursor..<edit.range.lowerBound])
      new.append(contentsOf: Array(edit.replacement.utf8))
      cursor = edit.range.upperBound
    }
    new.append(contentsOf: source.bytes[cursor..<window.upperBound])
    return (source.text(window), String(decoding: new, as: UTF8.self))
  }

  static func splitLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current = ""
    var previousCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" && previousCR {
        previousCR = false
        continue
      }
      previousCR = scalar == "\r"
      if scalar == "\n" || scalar == "\r" {
        lines.append(current)
        current = ""
      } else {
        current.unicodeScalars.append(scalar)
      }
    }
    lines.append(current)
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
