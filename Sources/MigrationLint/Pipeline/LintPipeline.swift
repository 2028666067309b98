import PostgresSyntax

/// The one lint pipeline: for each migrations folder, runner inference,
/// history checks, schema replay in migration order (down migrations and
/// goose Down sections on scratch copies), rules, suppressions, severities
/// and the settle step, streaming each file's report to a sink.
///
/// `cslint lint`, `cslint fix` and `Linter.lint(files:history:)` all run
/// through `lint(_:...)`; callers supply I/O (reading, writing fixes),
/// threading (how a batch is prepared, folders on worker threads) and output.
public struct LintPipeline: Sendable {
  /// Rules, settings and selection (its runner is the run's).
  public var linter: Linter
  public var options: Options

  public struct Options: Sendable {
    /// The runner was configured or given: no inference from file names.
    public var runnerIsExplicit: Bool
    /// Run the history rules (naming, duplicates, ledger, `baseRef`).
    public var checksHistory: Bool
    /// The configured ledger; used for the folder it lies in (others use
    /// their own `cslint.lock`).
    public var ledgerPath: String?
    /// Files present at this git revision count as applied.
    public var baseRef: String?
    /// With `baseRef`: statement rules only for new or changed files.
    public var changedOnly: Bool
    /// Files prepared per batch (bounded memory; see `lint`).
    public var batchSize: Int
    /// Bytes of files prepared per batch: a batch ends before the file that
    /// would pass it (a batch holds at least one file). Parsed files take
    /// several times their size, so five 20 MB files prepared together
    /// peaked near 900 MB (issue 21).
    public var batchBytes: Int = 32 << 20
    /// Apply fixes (`cslint fix`), suggestions too when `includeSuggestions`.
    public var fix: FixMode?
    /// Files that get no rule findings (`baseline`, `ignore: paths:`).
    public var scope: FindingScope
    /// Keeps the replayed schema of the earlier migrations a file linted
    /// alone needs (`FolderJob.context`) between runs; nil: no cache.
    public var replayCache: ReplayCache? = nil

    public struct FixMode: Sendable {
      public var includeSuggestions: Bool
      public init(includeSuggestions: Bool) { self.includeSuggestions = includeSuggestions }
    }

    public init(
      runnerIsExplicit: Bool = true, checksHistory: Bool = true, ledgerPath: String? = nil, baseRef: String? = nil,
      changedOnly: Bool = false, batchSize: Int = 16, fix: FixMode? = nil, scope: FindingScope = FindingScope()
    ) {
      self.scope = scope
      self.runnerIsExplicit = runnerIsExplicit
      self.checksHistory = checksHistory
      self.ledgerPath = ledgerPath
      self.baseRef = baseRef
      self.changedOnly = changedOnly
      self.batchSize = batchSize
      self.fix = fix
    }
  }

  public init(linter: Linter, options: Options = Options()) {
    self.linter = linter
    self.options = options
  }

  /// Reads and prepares `paths` one after the other (nil: unreadable).
  public static func prepareSerially(_ paths: [String]) -> [PreparedFile?] {
    paths.map { path in FileDiscovery.read(path).map { PreparedFile(source: SourceFile(path: path, bytes: $0)) } }
  }

  /// Lints one folder, emitting `begin`, one `report` per file (each as soon
  /// as the file is linted) and `end` (the settled held reports, the
  /// reports of files not linted).
  ///
  /// - Parameters:
  ///   - clock: `--timings` stages.
  ///   - prepare: reads and parses a batch of files (nil: cannot be read);
  ///     may use every core, since it does not depend on other files.
  ///   - preparesInParallel: asked before each batch; false when `prepare`
  ///     will read the batch one file after the other: the batch is then
  ///     one file (a batch only serves to keep the cores busy), and no file
  ///     size is looked up to bound it (a `stat` per file, 2,910 on the
  ///     corpus run).
  ///   - read: reads a context file or a deleted migration's report source.
  ///   - problem: I/O or git trouble (a fatal one ends the folder at once).
  ///   - fixed: with `options.fix`, each file's fix outcome, for the caller
  ///     to write or diff (before its report is emitted).
  public func lint(
    _ job: FolderJob, clock: inout StageClock, prepare: ([String]) -> [PreparedFile?] = prepareSerially,
    preparesInParallel: () -> Bool = { true }, read: (String) -> [UInt8]? = FileDiscovery.read,
    problem: (LintProblem) -> Void,
    fixed: (FixApplier.Outcome) -> Void = { _ in }, emit: (LintEvent) -> Void
  ) {
    let folder = job.folder
    var changedOnlyFilter: Set<String>?
    if options.changedOnly, let base = options.baseRef {
      do {
        changedOnlyFilter = Set(
          try GitBaseline.changedFiles(in: folder.directory, comparedTo: base).map(LintPlan.normalize))
      } catch {
        problem(LintProblem(message: "\(error)", isFatal: true))
        return
      }
    }
    let (linter, naming) = folderLinter(job)
    var (historyByPath, historyOrder, applied) = historyDiagnostics(
      job, naming: naming, clock: &clock, problem: problem)
    // With a ledger or a base, the files not applied yet ship in one deploy.
    func markUnapplied(_ path: String, _ schema: inout SchemaState) {
      guard let applied, !applied.contains(MigrationFile.relativeName(of: path, in: folder.directory)) else { return }
      schema.unappliedFiles.insert(schema.fileIndex)
    }

    var schema = SchemaState()
    var fileIndex = 0
    // Earlier migrations of a file linted alone, for context: replayed, no
    // rules. Reading and parsing go through `prepare` like linted files (in
    // parallel, a batch at a time), so the cost is one linear pass.
    let context = job.context.filter { !Linter.isDownMigration($0) }
    var contextStart = 0
    var cacheRun = options.replayCache.flatMap { cache in
      context.isEmpty
        ? nil
        : clock.measure("context: cache") {
          ReplayCacheRun(
            cache: cache, folder: folder.directory, context: context, settings: linter.settings, read: read,
            unapplied: { path in
              applied.map { !$0.contains(MigrationFile.relativeName(of: path, in: folder.directory)) } ?? false
            })
        }
    }
    if let loaded = clock.measure("context: cache", { cacheRun?.load() }) {
      schema = loaded.schema
      fileIndex = loaded.count
      contextStart = loaded.count
    }
    while contextStart < context.count {
      let count = preparesInParallel() ? max(16, options.batchSize) : 1
      let end = batchEnd(context.indices, from: contextStart, count: count) { context[$0] }
      let batch = Array(context[contextStart..<end])
      contextStart += batch.count
      let prepared = clock.measure("context: read+parse") { prepare(batch) }
      clock.measure("context: replay") {
        for (offset, item) in prepared.enumerated() {
          guard let item else {
            cacheRun?.skipped()
            continue
          }
          schema.beginFile(index: fileIndex)
          markUnapplied(item.scanned.source.path, &schema)
          fileIndex += 1
          schema.replay(item.statements, embedded: item.embedded, source: item.scanned.source)
          cacheRun?.replayed(
            path: item.scanned.source.path, bytes: item.scanned.source.bytes, schema: schema,
            isLast: contextStart == context.count && offset == prepared.count - 1)
        }
      }
    }
    cacheRun?.finish()

    var settlement = FolderSettlement(rules: linter.enabledRules, selection: linter.selection)
    emit(.begin(count: folder.files.count))
    // Reading, lexing and parsing do not depend on other files: `prepare`
    // may run them in parallel, a batch at a time (bounded memory); replay
    // and rules then run in migration order, so output is the same however
    // batches are prepared. A down migration is replayed right after its
    // own up migration; positions keep path order.
    let batchSize = options.fix == nil ? max(1, options.batchSize) : 1
    let order = Linter.replayOrder(folder.files)
    var batchStart = 0
    while batchStart < order.count {
      let count = preparesInParallel() ? batchSize : 1
      let end = batchEnd(order.indices, from: batchStart, count: count) { folder.files[order[$0]] }
      let positions = Array(order[batchStart..<end])
      batchStart += positions.count
      let batch = positions.map { folder.files[$0] }
      let prepared = clock.measure("read+lex+split+parse") { prepare(batch) }
      for ((position, path), item) in zip(zip(positions, batch), prepared) {
        let key = LintPlan.normalize(path)
        // Most folders have no history findings: no hash of every path then.
        let history = historyByPath.isEmpty ? [] : historyByPath.removeValue(forKey: key) ?? []
        guard let item else {
          problem(
            LintProblem(
              message: "cannot read '\(TextEscaping.visible(path))' (no such file, a directory, or permission denied)"))
          emit(.report(FileReport(path: path, source: nil, diagnostics: history), position: position, held: false))
          continue
        }
        schema.beginFile(index: fileIndex)
        markUnapplied(path, &schema)
        fileIndex += 1
        let quiet = !options.scope.isEmpty && options.scope.isQuiet(path, folder: folder.directory, naming: naming)
        func lintFile(_ fileSchema: inout SchemaState) -> FileResult {
          if let fix = options.fix, !quiet {
            let (outcome, after) = FixApplier.fix(
              item.scanned.source, linter: linter, schemaBefore: fileSchema,
              includeSuggestions: fix.includeSuggestions)
            fileSchema = after
            if outcome.changed { fixed(outcome) }
            return outcome.remaining
          }
          return clock.measure("replay+rules") { linter.lintFile(item, schema: &fileSchema) }
        }
        // The schema is mutated in place (no second reference, so no table is
        // copied, and no empty state made and dropped per file): only a down
        // migration works on a scratch copy.
        var result: FileResult
        if Linter.isDownMigration(path) {
          var scratch = schema
          result = lintFile(&scratch)
        } else {
          result = lintFile(&schema)
        }
        if let filter = changedOnlyFilter, !filter.contains(key) {
          result.diagnostics.removeAll { $0.ruleID != "syntax-error" }
        }
        // Baselined or ignored: replayed above, history findings only.
        if quiet { result.diagnostics.removeAll() }
        let held = settlement.hold(
          position: position, path: path, diagnostics: result.diagnostics, history: history)
        // `+` copies every diagnostic even when `history` is empty (it
        // reserves room in a shared array); without history the report
        // shares the file's array (with the held copy too).
        let diagnostics = history.isEmpty ? result.diagnostics : result.diagnostics + history
        emit(
          .report(
            FileReport(path: path, source: result.source, diagnostics: diagnostics), position: position, held: held))
      }
    }
    // Files named one by one (e.g. by pre-commit): findings for those files
    // only; their neighbours were replayed for context, not linted.
    if !folder.isFullyDiscovered { historyOrder.removeAll() }
    let extra = historyOrder.compactMap { key -> FileReport? in
      guard let diagnostics = historyByPath[key], let path = diagnostics.first?.path else { return nil }
      let source = read(path).map { SourceFile(path: path, bytes: $0) }
      return FileReport(path: path, source: source, diagnostics: diagnostics)
    }
    emit(.end(settled: settlement.settle(finalSchema: schema), extra: extra))
  }

  /// The end of the batch of `indices` that starts at `start`: at most
  /// `count` files and `options.batchBytes` bytes (by `FileBytes.size` of
  /// `path(index)`; unknown sizes count 0), at least one file.
  func batchEnd(_ indices: Range<Int>, from start: Int, count: Int, path: (Int) -> String) -> Int {
    guard start < indices.upperBound else { return start }
    // The first file is in the batch whatever its size: no need to ask.
    var end = start + 1
    var bytes = end - start < count ? FileBytes.size(path(start)) ?? 0 : 0
    while end < indices.upperBound && end - start < count {
      let size = FileBytes.size(path(end)) ?? 0
      if bytes + size > options.batchBytes { break }
      bytes += size
      end += 1
    }
    return end
  }

  /// Lints every job one after the other and returns the reports in path
  /// order per folder, settled (`extra` reports after each folder's own).
  /// For tests and library users; the CLI streams through `lint`.
  public func collect(
    _ jobs: [FolderJob], read: (String) -> [UInt8]? = FileDiscovery.read,
    prepare: ([String]) -> [PreparedFile?] = prepareSerially, problem: (LintProblem) -> Void = { _ in }
  ) -> [FileReport] {
    var reports: [FileReport] = []
    var clock = StageClock(enabled: false)
    for job in jobs {
      var folder: [FileReport?] = []
      lint(job, clock: &clock, prepare: prepare, read: read, problem: problem) { event in
        switch event {
        case .begin(let count):
          folder = Array(repeating: nil, count: count)
        case .report(let report, let position, _):
          folder[position] = report
        case .end(let settled, let extra):
          for (position, diagnostics) in settled { folder[position]?.diagnostics = diagnostics }
          reports += folder.compactMap { $0 } + extra
        }
      }
    }
    return reports
  }

  /// The linter and naming scheme for `job`'s folder: a folder whose file
  /// names show another runner (golang-migrate, diesel, Flyway) is linted
  /// as that runner unless one was configured.
  func folderLinter(_ job: FolderJob) -> (Linter, NamingScheme) {
    var linter = self.linter
    var naming = NamingScheme(rawValue: linter.settings.runner.rawValue) ?? .none
    if !options.runnerIsExplicit {
      let names = MigrationFile.relativeNames(of: job.knownFiles ?? job.folder.files, in: job.folder.directory)
      if let runner = Runner.inferred(fromRelativeNames: names) {
        linter.settings.runner = runner
        naming = NamingScheme(rawValue: runner.rawValue) ?? naming
      }
    }
    return (linter, naming)
  }

  /// History rules (ledger / `baseRef`): edits, deletions, renames,
  /// ordering, by normalized path, the paths in first-finding order, and
  /// the relative names of the applied migrations (nil: no ledger or base).
  private func historyDiagnostics(
    _ job: FolderJob, naming: NamingScheme, clock: inout StageClock, problem: (LintProblem) -> Void
  ) -> ([String: [Diagnostic]], [String], Set<String>?) {
    guard options.checksHistory else { return ([:], [], nil) }
    let folder = job.folder
    var byPath: [String: [Diagnostic]] = [:]
    var order: [String] = []
    var applied: Set<String>?
    let ledgerPath = options.ledgerPath.flatMap { path in
      path.deletingLastPathComponent == folder.directory ? path : nil
    }
    do {
      let known = folder.isFullyDiscovered ? job.knownFiles ?? folder.files : nil
      let (diagnostics, sets) = try clock.measure("history") {
        try HistoryChecker.runReturningApplied(
          migrationsDirectory: folder.directory, ledgerPath: ledgerPath, baseRef: options.baseRef, naming: naming,
          knownFiles: known)
      }
      if !sets.isEmpty { applied = Set(sets.flatMap { $0.migrations.map(\.relativeName) }) }
      let selection = linter.selection
      for var diagnostic in diagnostics where selection.isEnabled(diagnostic.ruleID) {
        diagnostic.severity = selection.severity(for: diagnostic.ruleID, default: diagnostic.severity)
        let key = LintPlan.normalize(diagnostic.path)
        // One hash per finding: the count grows only for a new path.
        let pathCount = byPath.count
        byPath[key, default: []].append(diagnostic)
        if byPath.count != pathCount { order.append(key) }
      }
    } catch {
      problem(LintProblem(message: "\(error)"))
    }
    return (byPath, order, applied)
  }
}
