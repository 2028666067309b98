import PostgresSyntax

/// Everything a reporter needs: the linted files with their diagnostics, the
/// metadata of every rule (SARIF lists them all) and the tool's version.
public struct LintReport: Sendable {
  public var files: [FileReport]
  /// Metadata of all rules, not only those that fired.
  public var rules: [RuleDescription]
  public var toolVersion: String

  public init(files: [FileReport], rules: [RuleDescription], toolVersion: String) {
    self.files = files
    self.rules = rules
    self.toolVersion = toolVersion
  }

  /// Files sorted by path, each with its diagnostics in source order, so that
  /// every format is deterministic whatever order the linter produced.
  public var orderedFiles: [FileReport] {
    files.sorted { $0.path < $1.path }.map { file in
      var file = file
      file.diagnostics.sort(by: FileReport.sourceOrder)
      return file
    }
  }

  /// Counts shown in summaries.
  public var summary: ReportSummary {
    var summary = ReportSummary(files: 0)
    for file in files { summary.add(file) }
    return summary
  }

  /// The rule metadata for `id`, if the report carries it.
  func rule(_ id: String) -> RuleDescription? {
    rules.first { $0.id == id }
  }
}

/// One linted file. Its diagnostics' byte ranges refer to `source`.
public struct FileReport: Sendable {
  /// The path as the user gave it; used in every format.
  public var path: String
  /// The file's bytes, for line/column and code frames; nil when the file could
  /// not be read or no longer exists (e.g. a deleted applied migration).
  public var source: SourceFile?
  public var diagnostics: [Diagnostic]

  public init(path: String, source: SourceFile?, diagnostics: [Diagnostic]) {
    self.path = path
    self.source = source
    self.diagnostics = diagnostics
  }

  /// Start, then end, then the more severe first, then rule id and message.
  static func sourceOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
    if lhs.range.lowerBound != rhs.range.lowerBound { return lhs.range.lowerBound < rhs.range.lowerBound }
    if lhs.range.upperBound != rhs.range.upperBound { return lhs.range.upperBound < rhs.range.upperBound }
    if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
    if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
    return lhs.message < rhs.message
  }

  /// `sourceOrder(items[first], items[second])`, read in place: passing
  /// diagnostics by value from a buffer copies them (every string
  /// retained and released).
  static func sourceOrder(_ items: UnsafePointer<Diagnostic>, _ first: Int, _ second: Int) -> Bool {
    let lhs = items + first
    let rhs = items + second
    let lower = (lhs.pointee.range.lowerBound, rhs.pointee.range.lowerBound)
    if lower.0 != lower.1 { return lower.0 < lower.1 }
    let upper = (lhs.pointee.range.upperBound, rhs.pointee.range.upperBound)
    if upper.0 != upper.1 { return upper.0 < upper.1 }
    if lhs.pointee.severity != rhs.pointee.severity { return lhs.pointee.severity > rhs.pointee.severity }
    if lhs.pointee.ruleID != rhs.pointee.ruleID { return lhs.pointee.ruleID < rhs.pointee.ruleID }
    return lhs.pointee.message < rhs.pointee.message
  }

  /// Line/column of both ends of `range`, or nil without a source.
  func span(_ range: Range<Int>) -> SourceSpan? {
    source.map { SourceSpan(source: $0, range: range) }
  }
}

/// Totals over a report.
public struct ReportSummary: Sendable, Equatable {
  public var files: Int
  public var errors = 0
  public var warnings = 0
  public var infos = 0
  /// Diagnostics with a safe fix (`cslint fix` applies those).
  public var fixable = 0

  public init(files: Int) { self.files = files }

  /// Counts one more file and its diagnostics.
  public mutating func add(_ file: FileReport) {
    files += 1
    // Through buffers: no copy of each diagnostic and fix (5 M instructions
    // on the corpus run).
    file.diagnostics.withUnsafeBufferPointer { diagnostics in
      for index in diagnostics.indices {
        switch diagnostics[index].severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .info: infos += 1
        }
        let safe = diagnostics[index].fixes.withUnsafeBufferPointer { fixes in
          fixes.indices.contains { fixes[$0].applicability == .safe }
        }
        if safe { fixable += 1 }
      }
    }
  }

  /// `N errors, M warnings in K files (F fixable with cslint fix)`; infos are
  /// mentioned only when there are some, the fixable count only when non-zero.
  public var line: String {
    var parts = [plural(errors, "error"), plural(warnings, "warning")]
    if infos > 0 { parts.append(plural(infos, "info")) }
    var text = parts.joined(separator: ", ") + " in " + plural(files, "file")
    if fixable > 0 { text += " (\(fixable) fixable with cslint fix)" }
    return text
  }

  private func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }
}

/// Both ends of a byte range as line/column.
struct SourceSpan {
  /// First character.
  let start: SourceLocation
  /// Just past the last character (exclusive), as SARIF and LSP count.
  let end: SourceLocation
  private let source: SourceFile
  private let lower: Int
  private let upper: Int

  init(source: SourceFile, range: Range<Int>) {
    (lower, upper) = Self.clamped(range, count: source.bytes.count)
    self.source = source
    start = source.location(of: lower)
    end = source.location(of: upper)
  }

  /// `start` and `end` alone, with no span kept (the JSON report's ranges).
  static func ends(of range: Range<Int>, in source: SourceFile) -> (start: SourceLocation, end: SourceLocation) {
    let (lower, upper) = clamped(range, count: source.bytes.count)
    return (source.location(of: lower), source.location(of: upper))
  }

  /// `ends(of:in:)`, the start found from `hint` (`SourceFile.location(of:after:)`),
  /// the end from the start.
  static func ends(of range: Range<Int>, in source: SourceFile, after hint: SourceLocation?) -> (
    start: SourceLocation, end: SourceLocation
  ) {
    let (lower, upper) = clamped(range, count: source.bytes.count)
    let start = hint.map { source.location(of: lower, after: $0) } ?? source.location(of: lower)
    return (start, source.location(of: upper, after: start))
  }

  /// `range` within the file's `count` bytes.
  private static func clamped(_ range: Range<Int>, count: Int) -> (lower: Int, upper: Int) {
    let lower = max(0, min(range.lowerBound, count))
    return (lower, max(lower, min(range.upperBound, count)))
  }

  /// The last character itself (inclusive), as GitHub annotations count;
  /// equals `start` for an empty range. Computed on demand: only the
  /// GitHub, GitLab and text reporters ask.
  var last: SourceLocation {
    guard upper > lower else { return start }
    var index = upper - 1
    // A range that ends with its line break still ends on that line.
    while index > lower && (source.bytes[index] == 0x0A || source.bytes[index] == 0x0D) { index -= 1 }
    // Step back to the first byte of a multi-byte character.
    while index > lower && source.bytes[index] & 0xC0 == 0x80 { index -= 1 }
    return source.location(of: index)
  }
}
