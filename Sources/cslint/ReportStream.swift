import Dispatch
import FoundationEssentials
import MigrationLint
import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hands finished file reports to the report writer in run order and writes
/// the output as it goes, so `cslint lint` never holds every file.
///
/// A report may be final only later: a down migration is linted after its up
/// migration (but reported in path order), and a report the pipeline holds
/// (findings of a rule with a settle step, `Rule.settle`) waits for the end
/// of its folder, which brings its final diagnostics.
/// Waiting reports keep their file's bytes up to a budget; beyond it they
/// drop them (keeping a fingerprint) and read the file again when they are
/// written, so waiting costs only their diagnostics whatever the file count.
struct ReportStream {
  private(set) var writer: any ReportWriter
  private(set) var summary = ReportSummary(files: 0)
  /// The most severe finding written, for the exit code.
  private(set) var worstSeverity: Severity?
  /// Findings per rule, for `--statistics` (counted only then: a hash of
  /// the rule id per finding, 11 M instructions on the corpus report).
  private(set) var ruleCounts: [String: Int] = [:]
  let countsRules: Bool
  /// True: write to stdout as reports come; false: keep everything until
  /// `finish` (fix runs print their diffs first; `--output` writes atomically).
  let streams: Bool
  /// Waiting reports may drop their bytes (not for fix runs, whose reports
  /// describe bytes that may not be on disk).
  let detachesWaiting: Bool
  private(set) var buffered: [UInt8] = []
  /// Reused for each file's output.
  private var chunk: [UInt8] = []
  private var standardOutput = StandardOutput()

  private struct Waiting {
    var report: FileReport?
    /// Waits for the folder's end (settle step).
    var held = false
    var fingerprint: (count: Int, hash: UInt64)?
    /// Bytes this waiting report keeps in memory (counted in `keptBytes`).
    var keptBytes = 0

    /// Final: written once every earlier report is.
    var isReady: Bool { report != nil && !held }
  }
  /// Bytes of waiting reports kept in memory, at most `keepBudget`.
  private var keptBytes = 0
  /// 2 MiB; tests set `CSLINT_TEST_KEEP_BUDGET` (bytes) to exercise re-reading.
  private let keepBudget =
    ProcessInfo.processInfo.environment["CSLINT_TEST_KEEP_BUDGET"].flatMap { Int($0) } ?? 2 << 20
  /// Reports of the current folder by position; nil slots not linted yet.
  private var waiting: [Waiting?] = []
  private var nextPosition = 0

  init(writer: any ReportWriter, streams: Bool, detachesWaiting: Bool, countsRules: Bool = false) {
    self.writer = writer
    self.streams = streams
    self.detachesWaiting = detachesWaiting
    self.countsRules = countsRules
  }

  /// Starts a folder of `count` files.
  mutating func beginFolder(count: Int) {
    waiting = Array(repeating: nil, count: count)
    nextPosition = 0
    keptBytes = 0
  }

  /// The report for the file at `position` in the folder; written as soon
  /// as every earlier one is, unless `holds` (it waits for the folder's end).
  mutating func submit(_ report: consuming FileReport, at position: Int, holds: Bool) {
    guard position < waiting.count else { return }
    let size = report.source?.bytes.count ?? 0
    waiting[position] = Waiting(report: report, held: holds, fingerprint: nil)
    if holds || position != nextPosition {
      if keptBytes + size <= keepBudget {
        keptBytes += size
        waiting[position]?.keptBytes = size
      } else {
        detach(position)
      }
    }
    if !holds { writeReady() }
  }

  /// Ends the folder: `settled` are the final diagnostics of held reports
  /// (by position); `extra` are reports for files that were not linted
  /// (history findings such as a deleted migration).
  mutating func endFolder(settled: [Int: [Diagnostic]], extra: [FileReport]) {
    // Each report is moved out of `waiting`, not copied (every string and
    // array of the report retained, then released: 3 M instructions on
    // the corpus report, with `writeReady`).
    for index in nextPosition..<waiting.count {
      guard var entry = waiting[index].take(), var report = entry.report.take() else { continue }
      if let diagnostics = settled[index] { report.diagnostics = diagnostics }
      emit(attach(report, entry.fingerprint))
    }
    nextPosition = waiting.count
    for report in extra { emit(report) }
    waiting = []
    flushIfStreaming()
  }

  /// Ends the document; returns the bytes kept back when not streaming.
  mutating func finish(omitSummary: Bool) -> [UInt8] {
    // The reports' output still in the writer: taken in one piece when not
    // streaming, else written out (see `emit`).
    if streams { drainWriter(atLeast: 0) } else { writer.moveOutput(to: &buffered) }
    writer.finish(summary: summary)
    chunk.removeAll(keepingCapacity: true)
    writer.moveOutput(to: &chunk)
    if !omitSummary { append(chunk) }
    flushIfStreaming()
    return buffered
  }

  // MARK: - Internals

  /// Writes the reports at the head of the folder that are final.
  private mutating func writeReady() {
    while nextPosition < waiting.count, waiting[nextPosition]?.isReady == true {
      guard var entry = waiting[nextPosition].take(), let report = entry.report.take() else { break }
      emit(attach(report, entry.fingerprint))
      keptBytes -= entry.keptBytes
      nextPosition += 1
    }
  }

  private mutating func detach(_ position: Int) {
    guard detachesWaiting, var entry = waiting[position] ?? nil, let report = entry.report, let source = report.source
    else { return }
    // A clean file needs no text to be reported: nothing to read back.
    if !report.diagnostics.isEmpty {
      entry.fingerprint = (source.bytes.count, Fingerprint.fnv1a64(bytes: source.bytes))
    }
    var detached = report
    detached.source = nil
    entry.report = detached
    waiting[position] = entry
  }

  /// Reads a detached report's file again; without line information when
  /// the file changed meanwhile (the diagnostics' offsets would not fit).
  private func attach(_ report: consuming FileReport, _ fingerprint: (count: Int, hash: UInt64)?) -> FileReport {
    guard let fingerprint, report.source == nil, !report.diagnostics.isEmpty else { return report }
    guard let bytes = FileDiscovery.read(report.path), bytes.count == fingerprint.count,
      Fingerprint.fnv1a64(bytes: bytes) == fingerprint.hash
    else { return report }
    report.source = SourceFile(path: report.path, bytes: bytes)
    return report
  }

  private mutating func emit(_ report: FileReport) {
    summary.add(report)
    // Through the buffer: no copy of each diagnostic (6 M instructions on
    // the corpus report).
    report.diagnostics.withUnsafeBufferPointer { diagnostics in
      for index in diagnostics.indices {
        if countsRules { ruleCounts[diagnostics[index].ruleID, default: 0] += 1 }
        let severity = diagnostics[index].severity
        if worstSeverity.map({ severity > $0 }) ?? true { worstSeverity = severity }
      }
    }
    writer.add(report)
    // Kept in the writer's buffer until `finish` when not streaming: one
    // copy of the document instead of two per file (42 M instructions on
    // the corpus report). Streaming, written from the writer's buffer once
    // 64 KB have gathered there: no copy at all (two before, 40 M
    // instructions on the corpus JSON report to stdout).
    guard streams else { return }
    drainWriter(atLeast: 1 << 16)
  }

  /// The writer's output so far to standard output (streaming), once there
  /// is `minimum` bytes of it.
  private mutating func drainWriter(atLeast minimum: Int) {
    // Swapped out while the writer runs (the closure cannot reach `self`),
    // so its buffer stays uniquely referenced: no copy.
    var output = StandardOutput(capacity: 0)
    swap(&output, &standardOutput)
    writer.drainOutput(atLeast: minimum) { output.write($0) }
    swap(&output, &standardOutput)
  }

  private mutating func append(_ bytes: [UInt8]) {
    if streams {
      standardOutput.write(bytes)
    } else {
      buffered.append(contentsOf: bytes)
    }
  }

  private mutating func flushIfStreaming() {
    guard streams else { return }
    drainWriter(atLeast: 0)
    standardOutput.flush()
  }
}
