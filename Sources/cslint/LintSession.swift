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

/// One run of `cslint lint` or `cslint fix`: discovery, linting, fixing,
/// reporting and the exit code.
enum LintSession {
  /// Loads `.cslint.yml` (`--config`, else the nearest one walking up).
  static func loadConfiguration(_ options: LintOptions) -> Result<Configuration, ConfigurationError> {
    let path = options.configPath ?? Configuration.find(startingAt: FileManager.default.currentDirectoryPath)
    guard let path else { return .success(Configuration()) }
    do {
      return .success(try Configuration.load(path: path, knownRuleIDs: RuleRegistry.knownIDs))
    } catch let error as ConfigurationError {
      return .failure(error)
    } catch {
      return .failure(ConfigurationError(path: path, line: 0, column: 0, message: "\(error)"))
    }
  }

  /// How much the folders' report queues may hold (see `EventQueue`).
  /// `CSLINT_TEST_QUEUE_BUDGET` sets it in tests (a tiny budget makes every
  /// worker wait on the writer).
  static let queueBudget: Int = {
    if let value = ProcessInfo.processInfo.environment["CSLINT_TEST_QUEUE_BUDGET"].flatMap({ Int($0) }) {
      return value
    }
    // 16 MiB. With 2 MiB (session 3: within a few percent of an unbounded
    // queue) the heavier reports of 78 rules filled the budget: a worker
    // ahead of the writer then slept and woke for every file (10,000 context
    // switches on the corpus, 0.37 s); with 16 MiB 700 switches and 0.28 s,
    // no change in peak memory there (87 MiB, perf stat, 2 cores).
    return 16 << 20
  }()

  /// What a run of `lint` / `fix` works with, once the configuration, the
  /// paths and the rule selection are read.
  struct Setup {
    var configuration: Configuration
    var plan: LintPlan
    var pipeline: LintPipeline
    /// A path could not be read (reported; the run goes on, exit 2).
    var ioFailure: Bool
  }

  /// Reads the configuration and the paths and builds the pipeline; nil
  /// (after printing why) when the run must stop with exit 2.
  static func setUp(options: LintOptions, fixing: Bool) -> Setup? {
    let configuration: Configuration
    switch loadConfiguration(options) {
    case .success(let loaded): configuration = loaded
    case .failure(let error):
      printError("error: \(error.description)")
      return nil
    }
    var paths = options.paths
    let usesConfiguredFolders = paths.isEmpty
    if paths.isEmpty {
      paths = LintPlan.configuredPaths(
        configuration, currentDirectory: FileManager.default.currentDirectoryPath)
      guard !paths.isEmpty else {
        printError(
          "error: no PATH given and \(configuration.migrations.joined(separator: ", ")) does not exist.\n"
            + "Pass the migrations folder, e.g. 'cslint \(fixing ? "fix" : "lint") db/migrations', "
            + "or set 'migrations' in .cslint.yml.")
        return nil
      }
    }
    var settings = configuration.lintSettings
    if let version = options.postgresVersion { settings.postgresVersion = version }
    if let runner = options.runner { settings.runner = runner }
    // Earlier migrations beside files named directly (not inside a folder
    // that is linted whole) are replayed for context.
    let plan = LintPlan(
      paths: paths, configuration: configuration, runner: settings.runner, replaysSiblings: !usesConfiguredFolders)
    var ioFailure = false
    for problem in plan.problems {
      printError("error: \(problem)")
      ioFailure = true
    }
    for id in options.only.union(options.ignored) where !RuleRegistry.knownIDs.contains(id) {
      let guess = Spelling.closest(to: id, in: RuleRegistry.knownIDs).map { " (did you mean '\($0)'?)" } ?? ""
      printError("error: unknown rule id '\(id)'\(guess)")
      return nil
    }
    // Only rules the configuration gives a level: the others keep each
    // finding's own severity (a rule may raise one, e.g. for SECURITY DEFINER).
    var overrides: [String: Severity?] = [:]
    for description in RuleRegistry.descriptions where configuration.rules[description.id]?.level != nil {
      overrides[description.id] = configuration.severity(for: description)
    }
    let selection = RuleSelection(
      overrides: overrides, only: options.only, ignored: options.ignored, enabled: configuration.enabledRuleIDs)
    let linter = Linter(settings: settings, selection: selection)
    if options.changedOnly && options.baseRef == nil {
      printError("error: --changed-only needs --base REF")
      return nil
    }
    var pipeline = LintPipeline(
      linter: linter,
      options: .init(
        runnerIsExplicit: options.runner != nil || configuration.runnerIsExplicit,
        ledgerPath: configuration.path != nil
          ? LintPlan.resolve(configuration.ledger, base: configuration.baseDirectory) : nil,
        baseRef: options.baseRef, changedOnly: options.changedOnly,
        // Small batches: enough to keep the cores busy, few files alive at once.
        batchSize: options.jobs == 0 ? 16 : options.jobs * 8,
        fix: fixing ? .init(includeSuggestions: options.unsafeFixes) : nil,
        scope: FindingScope(
          baseline: (options.baseline ?? configuration.baseline).flatMap(MigrationVersion.parse),
          ignoredPaths: configuration.ignoredPaths, baseDirectory: configuration.baseDirectory)))
    pipeline.options.replayCache = replayCache(options, configuration: configuration)
    return Setup(configuration: configuration, plan: plan, pipeline: pipeline, ioFailure: ioFailure)
  }

  static func run(options: LintOptions, fixing: Bool) -> Int32 {
    HeapTuning.configureForBatchRun()
    var clock = StageClock(enabled: options.timings)
    // Serial, before any folder starts: worth watching (a deep tree of
    // folders costs more to list than some runs cost to lint).
    guard let setup = clock.measure("setup+discovery", { setUp(options: options, fixing: fixing) }) else {
      return ExitCode.usageOrIO
    }
    let configuration = setup.configuration
    let plan = setup.plan
    let pipeline = setup.pipeline
    var ioFailure = setup.ioFailure
    let folders = plan.jobs
    let format = ReportFormat(rawValue: options.format) ?? .text
    let writer = format.makeWriter(
      rules: RuleRegistry.descriptions, toolVersion: CommandRouter.version,
      options: ReportOptions(color: useColor(options)))
    var stream = ReportStream(
      writer: writer, streams: !fixing && options.output == nil, detachesWaiting: !fixing,
      countsRules: options.statistics)
    var folderLinter = FolderLinter(options: options, pipeline: pipeline)
    folderLinter.listedDirectories = plan.listedDirectories
    folderLinter.temporaryFiles = Dictionary(grouping: plan.temporaryFiles, by: \.deletingLastPathComponent)

    // Each folder is its own history: its own schema, naming checks and
    // ledger; reports come folder after folder, in run order. With more than
    // one job, folders are linted on worker threads (several folders at
    // once when there are several, each feeding a bounded queue) while this
    // thread writes the report, draining the folders' queues in order.
    var outcome = FolderLinter.Outcome()
    let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    let workers = min(folders.count, options.jobs == 0 ? cores : options.jobs)
    // One folder: its files are prepared on all cores. Several: one folder
    // per worker, prepared serially while the cores are busy with other
    // folders, on all cores once no folder is left to start.
    let singleWorker = workers == 1
    let budget = QueueBudget(limit: queueBudget)
    let queues = folders.map { _ in EventQueue(budget: budget) }
    let next = FolderCounter()
    // Several folders: the workers write the report between files (see
    // `ReportDrain`); one folder: this thread writes it beside the worker.
    let drain = ReportDrain(
      stream: stream, queues: queues, budget: budget, counter: next, writesOnWorkers: !singleWorker,
      timings: options.timings)
    let threads =
      options.jobs == 1 || fixing
      ? []
      : (0..<max(1, workers)).map { _ in
        WorkerThread {
          while let index = next.take(below: folders.count) {
            var workerClock = StageClock(enabled: options.timings)
            var workerOutcome = FolderLinter.Outcome()
            folderLinter.lint(
              folders[index], clock: &workerClock, outcome: &workerOutcome,
              parallelPrepare: { singleWorker || next.isExhausted(folders.count) }
            ) { drain.push($0, folder: index) }
            drain.close(folder: index, outcome: workerOutcome, clock: workerClock)
          }
        }
      }
    if !threads.contains(where: \.started) {
      var reportClock = StageClock(enabled: options.timings)
      for folder in folders {
        folderLinter.lint(folder, clock: &clock, outcome: &outcome) { event in
          reportClock.measure("report") { stream.handle(event) }
        }
        if outcome.fatal { return ExitCode.usageOrIO }
      }
      clock.add(reportClock)
    } else {
      if !drain.writesOnWorkers { drain.serve() }
      for thread in threads { thread.join() }
      let written = drain.finish()
      stream = written.stream
      outcome.merge(written.outcome)
      clock.add(written.clock)
      // A fatal error stopped the run: no more folders were started.
      if outcome.fatal { return ExitCode.usageOrIO }
    }
    if outcome.ioFailure { ioFailure = true }
    let changedFiles = outcome.changedFiles
    let diffOutput = outcome.diffOutput

    let report = clock.measure("report") { stream.finish(omitSummary: options.quiet && format == .text) }
    // The report itself unless there are diffs first (no copy of it).
    var output = diffOutput.isEmpty ? report : Array(diffOutput.utf8) + report
    let summary = stream.summary
    if options.statistics { output += Array(TextReport.statistics(stream.ruleCounts).utf8) }
    if fixing && !options.diff && !options.quiet && format == .text {
      output += Array("\(changedFiles) file\(changedFiles == 1 ? "" : "s") fixed\n".utf8)
    }
    if format == .github, let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"],
      !summaryPath.isEmpty, let github = stream.writer as? GitHubReportWriter
    {
      // Appended to the file the runner created (never created here).
      let descriptor = open(summaryPath, O_WRONLY | O_APPEND | O_CLOEXEC)
      if descriptor >= 0 {
        FileBytes.writeAll(Array(github.stepSummary(summary).utf8), to: descriptor)
        close(descriptor)
      }
    }
    if let path = options.output {
      do {
        try AtomicFile.write(output, to: path)
      } catch {
        printError("error: cannot write report to '\(path)': \(error)")
        return ExitCode.usageOrIO
      }
    } else {
      var out = StandardOutput()
      out.write(output)
      out.flush()
    }
    clock.report(files: plan.files.count)
    if ioFailure { return ExitCode.usageOrIO }
    let threshold = options.failOn ?? configuration.failOn.severity
    let failing = stream.worstSeverity.map { $0 >= threshold } ?? false
    return failing ? ExitCode.lintFailure : ExitCode.success
  }

  /// The replay cache of the run (nil: `--no-cache` or `cache: false`):
  /// `--cache-dir`, else `CSLINT_CACHE_DIR`, else `cache_dir` (relative to
  /// the configuration's directory), else `.cslint_cache` beside
  /// `.cslint.yml` (or in the current directory without one).
  static func replayCache(_ options: LintOptions, configuration: Configuration) -> ReplayCache? {
    guard !options.noCache, configuration.cache else { return nil }
    let environment = ProcessInfo.processInfo.environment["CSLINT_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    let directory =
      options.cacheDirectory ?? environment
      ?? LintPlan.resolve(configuration.cacheDirectory ?? ".cslint_cache", base: configuration.baseDirectory)
    return ReplayCache(
      store: ReplayCacheDirectory(directory: directory, verbose: options.verbose),
      buildIdentity: ReplayCacheDirectory.buildIdentity)
  }

  /// Reads and prepares files on all cores; nil for a file that cannot be read.
  static func prepareInParallel(_ paths: [String], serial: Bool = false) -> [PreparedFile?] {
    if serial { return LintPipeline.prepareSerially(paths) }
    var prepared = [PreparedFile?](repeating: nil, count: paths.count)
    prepared.withUnsafeMutableBufferPointer { buffer in
      // nonisolated(unsafe): each iteration writes only its own index, and
      // concurrentPerform returns after every write, so no element is shared.
      nonisolated(unsafe) let output = buffer
      DispatchQueue.concurrentPerform(iterations: paths.count) { index in
        guard let bytes = FileDiscovery.read(paths[index]) else { return }
        output[index] = PreparedFile(source: SourceFile(path: paths[index], bytes: bytes))
      }
    }
    return prepared
  }

  static func useColor(_ options: LintOptions) -> Bool {
    if let color = options.color { return color }
    if ProcessInfo.processInfo.environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
    return options.output == nil && isatty(1) == 1
  }
}
