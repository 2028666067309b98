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

/// What linting hands to the report writer, in order.
enum StreamEvent {
  /// A folder of `count` files starts.
  case begin(count: Int)
  /// The report of the file at `position` in the folder.
  case report(FileReport, position: Int)
  /// The folder is done: `finalSchema` settles waiting findings; `extra` are
  /// reports for files that were not linted (e.g. a deleted migration).
  case end(finalSchema: SchemaState, extra: [FileReport])
}

extension StreamEvent {
  /// About how many bytes of memory the event keeps alive: the file's bytes
  /// and line table, and the diagnostics' texts.
  var weight: Int {
    guard case .report(let report, _) = self else { return 256 }
    var total = 256 + report.path.utf8.count
    if let source = report.source { total += source.bytes.count + source.lineStarts.count * 8 }
    for diagnostic in report.diagnostics {
      total += 160 + diagnostic.message.utf8.count + (diagnostic.help?.utf8.count ?? 0)
      for fix in diagnostic.fixes { total += 96 + fix.edits.reduce(0) { $0 + 64 + $1.replacement.utf8.count } }
    }
    return total
  }
}

extension ReportStream {
  mutating func handle(_ event: StreamEvent) {
    switch event {
    case .begin(let count):
      beginFolder(count: count)
    case .report(let report, let position):
      submit(report, at: position, holds: ReportStream.isHeld(report))
    case .end(let finalSchema, let extra):
      // table-without-rls findings a later migration of the folder settled.
      endFolder(
        settle: { report in
          var settled = report
          settled.diagnostics = TableWithoutRowLevelSecurity.settled(report.diagnostics, finalSchema: finalSchema)
          return settled
        }, extra: extra)
    }
  }
}

/// Lints one migrations folder: history checks, schema replay, rules (and
/// fixes for `cslint fix`), reporting each file through `emit` as it goes.
struct FolderLinter {
  let options: LintOptions
  let fixing: Bool
  let linter: Linter
  let selection: RuleSelection
  let configuration: Configuration
  let naming: NamingScheme
  /// Every discovered file per fully discovered folder, for history checks.
  let historyFilesByFolder: [String: [String]]
  /// All files of the run (so sibling replay skips them).
  let linted: Set<String>
  /// Replay earlier siblings of files named directly (not for configured folders).
  let replaysSiblings: Bool
  /// The runner was configured or given: no inference from file names.
  let runnerIsExplicit: Bool

  /// What the run needs to know after the folders.
  struct Outcome {
    var ioFailure = false
    /// Exit 2 now (e.g. git failed for `--changed-only`).
    var fatal = false
    var changedFiles = 0
    var diffOutput = ""

    /// Adds a later folder's outcome (diffs in folder order).
    mutating func merge(_ other: Outcome) {
      ioFailure = ioFailure || other.ioFailure
      fatal = fatal || other.fatal
      changedFiles += other.changedFiles
      diffOutput += other.diffOutput
    }
  }

  /// - Parameter parallelPrepare: whether to read and parse the next batch
  ///   of files on all cores (asked per batch: not while other folders are
  ///   being linted, yes once no folder is left to start).
  func lint(
    _ folder: MigrationFolder, clock: inout StageClock, outcome: inout Outcome, parallelPrepare: () -> Bool = { true },
    emit: (StreamEvent) -> Void
  ) {
    var changedOnlyFilter: Set<String>?
    if options.changedOnly, let base = options.baseRef {
      do {
        changedOnlyFilter = Set(
          try GitBaseline.changedFiles(in: folder.directory, comparedTo: base).map(LintSession.normalize))
      } catch {
        printError("error: \(error)")
        outcome.fatal = true
        return
      }
    }
    // A folder whose file names show another runner (golang-migrate, diesel,
    // Flyway) is linted as that runner unless one was configured.
    var linter = self.linter
    var naming = self.naming
    if !runnerIsExplicit {
      let names = (historyFilesByFolder[folder.directory] ?? folder.files).map {
        MigrationFile.relativeName(of: $0, in: folder.directory)
      }
      if let runner = Runner.inferred(fromRelativeNames: names) {
        linter.settings.runner = runner
        naming = NamingScheme(rawValue: runner.rawValue) ?? naming
      }
    }
    var (historyByPath, historyOrder) = historyDiagnostics(folder, naming: naming, clock: &clock, outcome: &outcome)

    // Earlier migrations beside files named directly (not inside a folder
    // that is linted whole) are replayed for context.
    var schema = SchemaState()
    var fileIndex = 0
    if !folder.isFullyDiscovered && replaysSiblings {
      for path in LintSession.historyFiles(for: folder.files, linted: linted) where !Linter.isDownMigration(path) {
        guard let bytes = FileDiscovery.read(path) else { continue }
        schema.beginFile(index: fileIndex)
        fileIndex += 1
        schema.replay(SourceFile(path: path, bytes: bytes))
      }
    }

    emit(.begin(count: folder.files.count))
    // Reading, lexing and parsing do not depend on other files: they run in
    // parallel, a batch at a time (bounded memory); replay and rules then run
    // in migration order, so output is identical to a serial run.
    // Small batches: enough to keep the cores busy, few files alive at once.
    let batchSize = fixing ? 1 : max(1, options.jobs == 0 ? 16 : options.jobs * 8)
    // A down migration is replayed right after its own up migration; reports keep run order.
    let order = Linter.replayOrder(folder.files)
    var batchStart = 0
    while batchStart < order.count {
      let positions = Array(order[batchStart..<min(order.count, batchStart + batchSize)])
      batchStart += positions.count
      let batch = positions.map { folder.files[$0] }
      let prepared = clock.measure("read+lex+split+parse") {
        LintSession.prepareInParallel(batch, serial: options.jobs == 1 || !parallelPrepare())
      }
      for ((position, path), item) in zip(zip(positions, batch), prepared) {
        let key = LintSession.normalize(path)
        let history = historyByPath.removeValue(forKey: key) ?? []
        guard let item else {
          printError("error: cannot read '\(path)' (no such file, a directory, or permission denied)")
          outcome.ioFailure = true
          emit(.report(FileReport(path: path, source: nil, diagnostics: history), position: position))
          continue
        }
        schema.beginFile(index: fileIndex)
        fileIndex += 1
        // Move the schema out (no second reference) so mutating it does not
        // copy every table: only a down migration works on a scratch copy.
        let isDown = Linter.isDownMigration(path)
        var fileSchema = schema
        if !isDown { schema = SchemaState() }
        var result: FileResult
        if fixing {
          result = fix(item.scanned.source, linter: linter, schema: &fileSchema, outcome: &outcome)
        } else {
          result = clock.measure("replay+rules") { linter.lintFile(item, schema: &fileSchema) }
        }
        if !isDown { schema = fileSchema }
        if let filter = changedOnlyFilter, !filter.contains(key) {
          result.diagnostics.removeAll { $0.ruleID != "syntax-error" }
        }
        emit(
          .report(
            FileReport(path: path, source: result.source, diagnostics: result.diagnostics + history),
            position: position))
      }
    }
    let extra = historyOrder.compactMap { key -> FileReport? in
      guard let diagnostics = historyByPath[key], let path = diagnostics.first?.path else { return nil }
      let source = FileDiscovery.read(path).map { SourceFile(path: path, bytes: $0) }
      return FileReport(path: path, source: source, diagnostics: diagnostics)
    }
    emit(.end(finalSchema: schema, extra: extra))
  }

  /// History rules (ledger / `--base`): edits, deletions, renames, ordering,
  /// by normalized path, and the paths in first-finding order.
  private func historyDiagnostics(
    _ folder: MigrationFolder, naming: NamingScheme, clock: inout StageClock, outcome: inout Outcome
  ) -> ([String: [Diagnostic]], [String]) {
    var byPath: [String: [Diagnostic]] = [:]
    var order: [String] = []
    let ledger =
      configuration.path != nil
      ? LintSession.resolve(configuration.ledger, base: configuration.baseDirectory) : nil
    let ledgerPath = ledger.flatMap { ledgerPath in
      ledgerPath.deletingLastPathComponent == folder.directory ? ledgerPath : nil
    }
    do {
      let known = folder.isFullyDiscovered ? historyFilesByFolder[folder.directory] ?? folder.files : nil
      let diagnostics = try clock.measure("history") {
        try HistoryChecker.run(
          migrationsDirectory: folder.directory, ledgerPath: ledgerPath, baseRef: options.baseRef, naming: naming,
          knownFiles: known)
      }
      for var diagnostic in diagnostics where selection.isEnabled(diagnostic.ruleID) {
        diagnostic.severity = selection.severity(for: diagnostic.ruleID, default: diagnostic.severity)
        let key = LintSession.normalize(diagnostic.path)
        if byPath[key] == nil { order.append(key) }
        byPath[key, default: []].append(diagnostic)
      }
    } catch {
      printError("error: \(error)")
      outcome.ioFailure = true
    }
    return (byPath, order)
  }

  /// `cslint fix` for one file: applies fixes (atomically, or as a diff)
  /// and returns what is left to report.
  private func fix(
    _ source: SourceFile, linter: Linter, schema: inout SchemaState, outcome: inout Outcome
  ) -> FileResult {
    let path = source.path
    let (fixed, after) = FixApplier.fix(
      source, linter: linter, schemaBefore: schema, includeSuggestions: options.unsafeFixes)
    schema = after
    guard fixed.changed else { return fixed.remaining }
    outcome.changedFiles += 1
    if options.diff {
      outcome.diffOutput += UnifiedDiff.make(path: path, old: fixed.original, new: fixed.fixed)
    } else {
      do {
        try AtomicFile.write(fixed.fixed, to: path)
        if !options.quiet { printError("fixed \(path): \(fixed.applied.joined(separator: "; "))") }
      } catch {
        printError("error: could not write '\(path)': \(error); the file is unchanged")
        outcome.ioFailure = true
      }
    }
    return fixed.remaining
  }
}

/// The memory all of a run's event queues may hold together, and the one
/// lock they share (a writer taking a batch from one queue frees room for
/// the workers waiting on the others).
final class QueueBudget: @unchecked Sendable {
  let condition = Condition()
  /// Bytes (by `StreamEvent.weight`) the queues hold now; under `condition`.
  var weight = 0
  let limit: Int

  init(limit: Int) { self.limit = limit }
}

/// A bounded queue from a linting thread to the report writer, one per
/// folder: the linter waits while the run's queues hold more than their
/// shared budget (by `StreamEvent.weight`), so memory stays bounded
/// whatever the number of files. Bounded by weight, not by a count per
/// queue: a worker on a later folder must run far ahead while the writer
/// is still busy with a large earlier folder (64 files per queue left the
/// second core idle there: 20% more wall time on the corpus).
final class EventQueue: @unchecked Sendable {
  private let budget: QueueBudget
  private var condition: Condition { budget.condition }
  private var events: [StreamEvent] = []
  private var weight = 0
  private var closed = false
  /// Who sleeps on the condition: wake-ups (and context switches) only when needed.
  private var consumerWaiting = false
  private var outcome = FolderLinter.Outcome()
  private var clock = StageClock(enabled: false)

  init(budget: QueueBudget) { self.budget = budget }

  func push(_ event: StreamEvent) {
    let eventWeight = event.weight
    condition.lock()
    // An empty queue always takes one event, however heavy: the writer may
    // be waiting on exactly this queue.
    while !events.isEmpty && budget.weight + eventWeight > budget.limit {
      // The writer may be asleep on this very queue, waiting for a batch
      // this linter has not asked it to take: wake it before sleeping.
      condition.broadcast()
      condition.wait()
    }
    events.append(event)
    weight += eventWeight
    budget.weight += eventWeight
    // Wake the writer for a batch, not for every file (the end of the
    // folder, `close`, wakes it for the rest).
    if consumerWaiting && (events.count >= 32 || budget.weight * 2 > budget.limit) { condition.broadcast() }
    condition.unlock()
  }

  /// Every event pushed since the last call (waiting for at least one), or
  /// nil once the linter is done and everything is taken. Taking them all
  /// at once keeps lock traffic and wake-ups per batch, not per file; the
  /// caller drops each event after handling it.
  func popAll() -> [StreamEvent]? {
    condition.lock()
    defer { condition.unlock() }
    while events.isEmpty && !closed {
      consumerWaiting = true
      condition.wait()
    }
    consumerWaiting = false
    guard !events.isEmpty else { return nil }
    var taken: [StreamEvent] = []
    swap(&taken, &events)
    budget.weight -= weight
    weight = 0
    // Room for the linters waiting on any queue.
    condition.broadcast()
    return taken
  }

  func close(outcome: FolderLinter.Outcome, clock: StageClock) {
    condition.lock()
    self.outcome = outcome
    self.clock = clock
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// The linter's outcome and timings (after `popAll` returned nil).
  func result() -> (FolderLinter.Outcome, StageClock) {
    condition.lock()
    defer { condition.unlock() }
    return (outcome, clock)
  }
}

/// A mutex with one condition variable (pthread), for `EventQueue`.
final class Condition: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let variable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  init() {
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(variable, nil)
  }

  deinit {
    pthread_cond_destroy(variable)
    pthread_mutex_destroy(mutex)
    variable.deallocate()
    mutex.deallocate()
  }

  func lock() { pthread_mutex_lock(mutex) }
  func unlock() { pthread_mutex_unlock(mutex) }
  /// Waits for `broadcast` (call with the lock held; spurious wake-ups happen, so loop).
  func wait() { pthread_cond_wait(variable, mutex) }
  func broadcast() { pthread_cond_broadcast(variable) }
}

/// Hands out folder indices to worker threads, in order.
final class FolderCounter: @unchecked Sendable {
  private let condition = Condition()
  private var next = 0

  /// True once every folder has been handed out (the other workers are
  /// finishing their last folder or done, so cores are free).
  func isExhausted(_ count: Int) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    return next >= count
  }

  /// The next index, or nil when all `count` are taken.
  func take(below count: Int) -> Int? {
    condition.lock()
    defer { condition.unlock() }
    guard next < count else { return nil }
    next += 1
    return next - 1
  }
}

/// A joinable POSIX thread with the main thread's 8 MiB stack (parsing and
/// replay recurse on deeply nested SQL).
final class WorkerThread: @unchecked Sendable {
  private var thread = pthread_t()
  /// False when the system refused a thread (the caller then does the work).
  private(set) var started = false
  private let body: () -> Void

  init(_ body: @escaping () -> Void) {
    self.body = body
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 8 << 20)
    let context = Unmanaged.passRetained(self).toOpaque()
    started =
      pthread_create(
        &thread, &attributes,
        { context in
          let worker = Unmanaged<WorkerThread>.fromOpaque(context!).takeRetainedValue()
          worker.body()
          return nil
        }, context) == 0
    if !started { Unmanaged<WorkerThread>.fromOpaque(context).release() }
  }

  func join() {
    guard started else { return }
    pthread_join(thread, nil)
    started = false
  }
}
