/// Writes a report one file at a time.
///
/// `cslint lint` hands each file to the writer as soon as the file's
/// diagnostics are final and writes the output out straight away, so a run
/// never holds every file's report or one document-sized string; memory
/// stays flat in the number of files. `LintReport.rendered(as:)` drives the
/// same writers over a whole report, so both paths produce the same bytes.
public protocol ReportWriter {
  /// Adds one file (files in report order; diagnostics are put in source
  /// order here).
  mutating func add(_ file: FileReport)
  /// Ends the document with the run's totals.
  mutating func finish(summary: ReportSummary)
  /// Appends the output written since the last call (the document's start
  /// on the first call) to `output`; the writer keeps its buffer for reuse.
  mutating func moveOutput(to output: inout [UInt8])
  /// Hands the output written since the last call to `body` and empties
  /// it, once there is at least `minimum` bytes of it (else keeps it): to
  /// write it out from the writer's own buffer, without copying it first.
  mutating func drainOutput(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void)
}

extension ReportWriter {
  /// The output written since the last call, as a new array.
  public mutating func takeOutput() -> [UInt8] {
    var output: [UInt8] = []
    moveOutput(to: &output)
    return output
  }

  /// Through a copy (`moveOutput`), whatever its size: for a writer with
  /// no buffer of its own to hand out.
  public mutating func drainOutput(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    let output = takeOutput()
    if !output.isEmpty { output.withUnsafeBufferPointer(body) }
  }
}

extension ReportFormat {
  /// A writer for this format.
  public func makeWriter(
    rules: [RuleDescription], toolVersion: String, options: ReportOptions = ReportOptions()
  ) -> any ReportWriter {
    switch self {
    case .text: return TextReportWriter(color: options.color)
    case .github: return GitHubReportWriter()
    case .json: return JSONReportWriter(toolVersion: toolVersion)
    case .sarif:
      return SARIFReportWriter(
        rules: rules, toolVersion: toolVersion, informationURI: options.informationURI,
        helpBaseURI: options.helpBaseURI)
    case .checkstyle: return CheckstyleReportWriter()
    case .junit: return JUnitReportWriter()
    case .gitlab: return GitLabReportWriter(rules: rules)
    }
  }
}

extension FileReport {
  /// The file with its diagnostics in source order.
  var inSourceOrder: FileReport {
    // Usually already in order: then no copy of every diagnostic.
    let sorted = diagnostics.withUnsafeBufferPointer { items in
      guard let base = items.baseAddress else { return true }
      return items.indices.dropFirst().allSatisfy { !FileReport.sourceOrder(base, $0, $0 - 1) }
    }
    if sorted { return self }
    var file = self
    file.diagnostics.sort(by: FileReport.sourceOrder)
    return file
  }
}

extension FileReport {
  /// Calls `body` with each diagnostic in source order (the order of
  /// `inSourceOrder`), without a sorted copy of the file: positions are
  /// sorted, not diagnostics, and no diagnostic is copied (a third of the
  /// corpus files come out of order; 16 M instructions on the corpus JSON
  /// report).
  func forEachInSourceOrder(_ body: (Diagnostic) -> Void) {
    forEachIndexInSourceOrder { items, index in body(items[index]) }
  }

  /// `forEachInSourceOrder` by position: `body` gets the diagnostics and
  /// the index of the next one, to read its fields in place (a diagnostic
  /// passed by value is copied, all its strings retained and released: 8 M
  /// instructions on the corpus JSON report).
  func forEachIndexInSourceOrder(_ body: (UnsafeBufferPointer<Diagnostic>, Int) -> Void) {
    diagnostics.withUnsafeBufferPointer { items in
      // Compared in place (`sourceOrder(_:_:_:)`): 3 M instructions less
      // on the corpus JSON report than comparing copies.
      guard let base = items.baseAddress else { return }
      if items.indices.dropFirst().allSatisfy({ !FileReport.sourceOrder(base, $0, $0 - 1) }) {
        for index in items.indices { body(items, index) }
      } else {
        // Sorting is stable: the positions come out in the order a sort of
        // the diagnostics puts them.
        for index in items.indices.sorted(by: { FileReport.sourceOrder(base, $0, $1) }) { body(items, index) }
      }
    }
  }
}

extension LintReport {
  /// The whole report through `writer`.
  func render(with writer: some ReportWriter) -> String {
    var writer = writer
    for file in orderedFiles { writer.add(file) }
    writer.finish(summary: summary)
    return String(decoding: writer.takeOutput(), as: UTF8.self)
  }
}

/// A writer whose output is built as text.
protocol TextOutputWriter: ReportWriter {
  var output: [UInt8] { get set }
}

extension TextOutputWriter {
  public mutating func moveOutput(to destination: inout [UInt8]) {
    destination.append(contentsOf: output)
    output.removeAll(keepingCapacity: true)
  }

  public mutating func drainOutput(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard !output.isEmpty, output.count >= minimum else { return }
    output.withUnsafeBufferPointer(body)
    output.removeAll(keepingCapacity: true)
  }

  mutating func write(_ text: String) { output.append(contentsOf: text.utf8) }
}
