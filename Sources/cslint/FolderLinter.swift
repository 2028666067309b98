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

extension LintEvent {
  /// About how many bytes of memory the event keeps alive: the file's bytes
  /// and line table, and the diagnostics' texts.
  var weight: Int {
    switch self {
    case .begin: return 256
    case .report(let report, _, _):
      var total = 256 + report.path.utf8.count
      if let source = report.source { total += source.bytes.count + source.lineStarts.count * 8 }
      return total + Self.weight(of: report.diagnostics)
    case .end(let settled, _):
      return settled.values.reduce(256) { $0 + Self.weight(of: $1) }
    }
  }

  private static func weight(of diagnostics: [Diagnostic]) -> Int {
    var total = 0
    for diagnostic in diagnostics {
      total += 160 + diagnostic.message.utf8.count + (diagnostic.help?.utf8.count ?? 0)
      for fix in diagnostic.fixes { total += 96 + fix.edits.reduce(0) { $0 + 64 + $1.replacement.utf8.count } }
    }
    return total
  }
}

extension ReportStream {
  mutating func handle(_ event: LintEvent) {
    switch event {
    case .begin(let count):
      beginFolder(count: count)
    case .report(let report, let position, let held):
      submit(report, at: position, holds: held)
    case .end(let settled, let extra):
      endFolder(settled: settled, extra: extra)
    }
  }
}

/// Runs `LintPipeline` on one folder for `cslint lint` / `cslint fix`: the
/// CLI's side of it (parallel preparation, error messages, writing fixes).
struct FolderLinter {
  let options: LintOptions
  let pipeline: LintPipeline
  /// Directories discovery already listed, and the temporary files it saw
  /// there, by directory: only other directories are listed again for the
  /// stale-file cleanup (a second listing of each directory cost 1,800
  /// system calls on the corpus).
  var listedDirectories: Set<String> = []
  var temporaryFiles: [String: [String]] = [:]

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
    _ job: FolderJob, clock: inout StageClock, outcome: inout Outcome, parallelPrepare: () -> Bool = { true },
    emit: (LintEvent) -> Void
  ) {
    let serial = options.jobs == 1
    var folderOutcome = outcome
    // Temporary files an interrupted `fix` left beside the migrations.
    var directories = Set<String>()
    for path in job.folder.files { directories.insert(path.deletingLastPathComponent) }
    for directory in directories.sorted() {
      let removedFiles =
        listedDirectories.contains(directory)
        ? FixTarget.removeStaleTemporaryFiles(temporaryFiles[directory] ?? [])
        : FixTarget.removeStaleTemporaryFiles(in: directory.isEmpty ? "." : directory)
      for removed in removedFiles {
        printError("removed '\(TextEscaping.visible(removed))', a temporary file an interrupted `cslint fix` left")
      }
    }
    pipeline.lint(
      job, clock: &clock,
      // Decided once per batch, by the pipeline: a batch of one file is
      // what it asks for when the cores are taken (or with --jobs 1).
      prepare: { LintSession.prepareInParallel($0, serial: $0.count == 1) },
      preparesInParallel: { !serial && parallelPrepare() },
      problem: { problem in
        printError("error: \(problem.message)")
        if problem.isFatal { folderOutcome.fatal = true } else { folderOutcome.ioFailure = true }
      },
      fixed: { fixed in write(fixed, outcome: &folderOutcome) }, emit: emit)
    outcome = folderOutcome
  }

  /// `cslint fix`: writes a changed file (atomically), or adds its diff.
  private func write(_ fixed: FixApplier.Outcome, outcome: inout Outcome) {
    let path = fixed.remaining.source.path
    outcome.changedFiles += 1
    if options.diff {
      outcome.diffOutput += UnifiedDiff.make(path: path, old: fixed.original, new: fixed.fixed)
    } else {
      let target = FixTarget.decide(
        path, followSymlinks: options.followSymlinks, projectRoot: FileManager.default.currentDirectoryPath)
      if case .refused(let reason) = target {
        printError("error: will not write '\(TextEscaping.visible(path))': \(reason); the file is unchanged")
        outcome.ioFailure = true
        return
      }
      do {
        try FixTarget.write(fixed.fixed, target)
        if !options.quiet {
          printError("fixed \(TextEscaping.visible(path)): \(fixed.applied.joined(separator: "; "))")
        }
      } catch {
        printError("error: could not write '\(TextEscaping.visible(path))': \(error); the file is unchanged")
        outcome.ioFailure = true
      }
    }
  }
}

/// A mutex with one condition variable (pthread), for `EventQueue` and `ReportDrain`.
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
  /// Takes the lock if it is free; false (without waiting) when it is held.
  func tryLock() -> Bool { pthread_mutex_trylock(mutex) == 0 }
  func unlock() { pthread_mutex_unlock(mutex) }
  /// Waits for `broadcast` (call with the lock held; spurious wake-ups happen, so loop).
  func wait() { pthread_cond_wait(variable, mutex) }
  func broadcast() { pthread_cond_broadcast(variable) }
}

/// Hands out folder indices to worker threads, in order.
final class FolderCounter: @unchecked Sendable {
  private let condition = Condition()
  private var next = 0
  private var stopped = false

  /// True once every folder has been handed out (the other workers are
  /// finishing their last folder or done, so cores are free).
  func isExhausted(_ count: Int) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    return next >= count
  }

  /// The next index, or nil when all `count` are taken (or the run stopped).
  func take(below count: Int) -> Int? {
    condition.lock()
    defer { condition.unlock() }
    guard next < count, !stopped else { return nil }
    next += 1
    return next - 1
  }

  /// Hands out no more folders (a fatal error ends the run).
  func stop() {
    condition.lock()
    stopped = true
    condition.unlock()
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
          HeapTuning.reserveThreadHeap()
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
