import Foundation
import MigrationLint
import PostgresSyntax

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

  static func run(options: LintOptions, fixing: Bool) -> Int32 {
    let configuration: Configuration
    switch loadConfiguration(options) {
    case .success(let loaded): configuration = loaded
    case .failure(let error):
      printError("error: \(error.description)")
      return ExitCode.usageOrIO
    }
    var paths = options.paths
    let usesConfiguredFolders = paths.isEmpty
    if paths.isEmpty {
      let base = configuration.baseDirectory
      paths = configuration.migrations.map { base == "." || $0.hasPrefix("/") ? $0 : base + "/" + $0 }
        .filter { FileManager.default.fileExists(atPath: $0) }
      guard !paths.isEmpty else {
        printError(
          "error: no PATH given and \(configuration.migrations.joined(separator: ", ")) does not exist.\n"
            + "Pass the migrations folder, e.g. 'cslint \(fixing ? "fix" : "lint") db/migrations', "
            + "or set 'migrations' in .cslint.yml.")
        return ExitCode.usageOrIO
      }
    }
    let discovery = FileDiscovery.sqlFiles(in: paths)
    var ioFailure = false
    for problem in discovery.problems {
      printError("error: \(problem)")
      ioFailure = true
    }
    var files = discovery.files
    if configuration.path != nil {
      files = files.filter { configuration.shouldLint(relativePath: relativePath($0, to: configuration.baseDirectory)) }
    }
    for id in options.only.union(options.ignored) where !RuleRegistry.knownIDs.contains(id) {
      let guess = Spelling.closest(to: id, in: RuleRegistry.knownIDs).map { " (did you mean '\($0)'?)" } ?? ""
      printError("error: unknown rule id '\(id)'\(guess)")
      return ExitCode.usageOrIO
    }
    var settings = configuration.lintSettings
    if let version = options.postgresVersion { settings.postgresVersion = version }
    if let runner = options.runner { settings.runner = runner }
    var overrides: [String: Severity?] = [:]
    for description in RuleRegistry.descriptions {
      overrides[description.id] = configuration.severity(for: description)
    }
    let selection = RuleSelection(overrides: overrides, only: options.only, ignored: options.ignored)
    let linter = Linter(settings: settings, selection: selection)

    if settings.runner == .flyway { files = flywayOrder(files) }
    let roots = paths.filter { path in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
    let folders = MigrationFolder.group(files, roots: roots)
    let linted = Set(files)
    let format = ReportFormat(rawValue: options.format) ?? .text
    let writer = format.makeWriter(
      rules: RuleRegistry.descriptions, toolVersion: CommandRouter.version,
      options: ReportOptions(color: useColor(options)))
    var stream = ReportStream(writer: writer, streams: !fixing && options.output == nil, detachesWaiting: !fixing)
    var changedFiles = 0
    var diffOutput = ""
    var clock = StageClock(enabled: options.timings)
    let naming = NamingScheme(rawValue: settings.runner.rawValue) ?? .none
    // Every file discovery saw, filtered or not: the history checks need the
    // whole folder (an excluded file is not a deleted one).
    let discoveredForHistory = (discovery.files + discovery.otherCaseSQL).sorted(by: FileDiscovery.pathOrder)
    var historyFilesByFolder: [String: [String]] = [:]
    for group in MigrationFolder.group(discoveredForHistory, roots: roots) where group.isFullyDiscovered {
      historyFilesByFolder[group.directory] = group.files
    }

    // Each folder is its own history: its own schema, naming checks and
    // ledger. Folders run one after the other, their reports in run order.
    for folder in folders {
      var changedOnlyFilter: Set<String>?
      if options.changedOnly {
        guard let base = options.baseRef else {
          printError("error: --changed-only needs --base REF")
          return ExitCode.usageOrIO
        }
        do {
          changedOnlyFilter = Set(
            try GitBaseline.changedFiles(in: folder.directory, comparedTo: base).map(normalize))
        } catch {
          printError("error: \(error)")
          return ExitCode.usageOrIO
        }
      }

      // History rules (ledger / --base): edits, deletions, renames, ordering.
      var historyByPath: [String: [Diagnostic]] = [:]
      var historyOrder: [String] = []
      let ledger = configuration.path != nil ? resolve(configuration.ledger, base: configuration.baseDirectory) : nil
      let ledgerPath = ledger.flatMap { ledgerPath in
        (ledgerPath as NSString).deletingLastPathComponent == folder.directory ? ledgerPath : nil
      }
      do {
        let known = folder.isFullyDiscovered ? historyFilesByFolder[folder.directory] ?? folder.files : nil
        var diagnostics = try clock.measure("history") {
          try HistoryChecker.run(
            migrationsDirectory: folder.directory, ledgerPath: ledgerPath, baseRef: options.baseRef, naming: naming,
            knownFiles: known)
        }
        diagnostics = diagnostics.filter { selection.isEnabled($0.ruleID) }
        for var diagnostic in diagnostics {
          diagnostic.severity = selection.severity(for: diagnostic.ruleID, default: diagnostic.severity)
          let key = normalize(diagnostic.path)
          if historyByPath[key] == nil { historyOrder.append(key) }
          historyByPath[key, default: []].append(diagnostic)
        }
      } catch {
        printError("error: \(error)")
        ioFailure = true
      }

      // Earlier migrations beside files named directly (not inside a folder
      // that is linted whole) are replayed for context.
      var schema = SchemaState()
      var fileIndex = 0
      if !folder.isFullyDiscovered && !usesConfiguredFolders {
        for path in historyFiles(for: folder.files, linted: linted) where !Linter.isDownMigration(path) {
          guard let bytes = FileDiscovery.read(path) else { continue }
          let source = SourceFile(path: path, bytes: bytes)
          schema.beginFile(index: fileIndex)
          fileIndex += 1
          schema.replay(source)
        }
      }

      stream.beginFolder(count: folder.files.count)
      // Reading, lexing and parsing do not depend on other files: they run in
      // parallel, a batch at a time (bounded memory); replay and rules then run
      // in migration order, so output is identical to a serial run.
      let batchSize = fixing ? 1 : max(1, options.jobs == 0 ? 64 : options.jobs * 32)
      // A down migration is replayed right after its own up migration; reports keep run order.
      let order = Linter.replayOrder(folder.files)
      var batchStart = 0
      while batchStart < order.count {
        let positions = Array(order[batchStart..<min(order.count, batchStart + batchSize)])
        batchStart += positions.count
        let batch = positions.map { folder.files[$0] }
        let prepared = clock.measure("read+lex+split+parse") { prepareInParallel(batch, serial: options.jobs == 1) }
        for ((position, path), item) in zip(zip(positions, batch), prepared) {
          let key = normalize(path)
          let history = historyByPath.removeValue(forKey: key) ?? []
          guard let item else {
            printError("error: cannot read '\(path)' (no such file, a directory, or permission denied)")
            ioFailure = true
            stream.submit(FileReport(path: path, source: nil, diagnostics: history), at: position, holds: false)
            continue
          }
          let source = item.scanned.source
          schema.beginFile(index: fileIndex)
          fileIndex += 1
          // Move the schema out (no second reference) so mutating it does not
          // copy every table: only a down migration works on a scratch copy.
          let isDown = Linter.isDownMigration(path)
          var fileSchema = schema
          if !isDown { schema = SchemaState() }
          var result: FileResult
          if fixing {
            let (outcome, after) = FixApplier.fix(
              source, linter: linter, schemaBefore: fileSchema, includeSuggestions: options.unsafeFixes)
            fileSchema = after
            result = outcome.remaining
            if outcome.changed {
              changedFiles += 1
              if options.diff {
                diffOutput += UnifiedDiff.make(path: path, old: outcome.original, new: outcome.fixed)
              } else {
                do {
                  try AtomicFile.write(outcome.fixed, to: path)
                  if !options.quiet { printError("fixed \(path): \(outcome.applied.joined(separator: "; "))") }
                } catch {
                  printError("error: could not write '\(path)': \(error); the file is unchanged")
                  ioFailure = true
                }
              }
            }
          } else {
            result = clock.measure("replay+rules") { linter.lintFile(item, schema: &fileSchema) }
          }
          if !isDown { schema = fileSchema }
          if let filter = changedOnlyFilter, !filter.contains(key) {
            result.diagnostics.removeAll { $0.ruleID != "syntax-error" }
          }
          let report = FileReport(path: path, source: result.source, diagnostics: result.diagnostics + history)
          stream.submit(report, at: position, holds: ReportStream.isHeld(report))
        }
      }
      // table-without-rls findings a later migration of the folder settled.
      let finalSchema = schema
      let extra = historyOrder.compactMap { key -> FileReport? in
        guard let diagnostics = historyByPath[key], let path = diagnostics.first?.path else { return nil }
        let source = FileDiscovery.read(path).map { SourceFile(path: path, bytes: $0) }
        return FileReport(path: path, source: source, diagnostics: diagnostics)
      }
      clock.measure("report") {
        stream.endFolder(
          settle: { report in
            var settled = report
            settled.diagnostics = TableWithoutRowLevelSecurity.settled(report.diagnostics, finalSchema: finalSchema)
            return settled
          }, extra: extra)
      }
    }

    var output = Array(diffOutput.utf8)
    output += clock.measure("report") { stream.finish(omitSummary: options.quiet && format == .text) }
    let summary = stream.summary
    if options.statistics { output += Array(TextReport.statistics(stream.ruleCounts).utf8) }
    if fixing && !options.diff && !options.quiet && format == .text {
      output += Array("\(changedFiles) file\(changedFiles == 1 ? "" : "s") fixed\n".utf8)
    }
    if format == .github, let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"],
      !summaryPath.isEmpty, let handle = FileHandle(forWritingAtPath: summaryPath),
      let github = stream.writer as? GitHubReportWriter
    {
      handle.seekToEndOfFile()
      handle.write(Data(github.stepSummary(summary).utf8))
      try? handle.close()
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
    clock.report(files: files.count)
    if ioFailure { return ExitCode.usageOrIO }
    let threshold = options.failOn ?? configuration.failOn.severity
    let failing = stream.worstSeverity.map { $0 >= threshold } ?? false
    return failing ? ExitCode.lintFailure : ExitCode.success
  }

  /// Flyway applies versioned migrations by version number (`V2__` before
  /// `V10__`), then repeatable ones (`R__`); path order is kept within a tie.
  static func flywayOrder(_ files: [String]) -> [String] {
    let keys = files.map { path -> MigrationVersion? in
      NamingScheme.flyway.parse((path as NSString).lastPathComponent).name?.version
    }
    let order = files.indices.sorted { left, right in
      switch (keys[left], keys[right]) {
      case (let a?, let b?): return a != b ? a < b : left < right
      case (.some, .none): return true
      case (.none, .some): return false
      case (.none, .none): return left < right
      }
    }
    return order.map { files[$0] }
  }

  /// Reads and prepares files on all cores; nil for a file that cannot be read.
  static func prepareInParallel(_ paths: [String], serial: Bool = false) -> [PreparedFile?] {
    if serial {
      return paths.map { path in
        FileDiscovery.read(path).map { PreparedFile(source: SourceFile(path: path, bytes: $0)) }
      }
    }
    var prepared = [PreparedFile?](repeating: nil, count: paths.count)
    prepared.withUnsafeMutableBufferPointer { buffer in
      let output = buffer
      DispatchQueue.concurrentPerform(iterations: paths.count) { index in
        guard let bytes = FileDiscovery.read(paths[index]) else { return }
        output[index] = PreparedFile(source: SourceFile(path: paths[index], bytes: bytes))
      }
    }
    return prepared
  }

  static func normalize(_ path: String) -> String {
    var result = path
    while result.hasPrefix("./") { result.removeFirst(2) }
    return result
  }

  static func relativePath(_ path: String, to base: String) -> String {
    let normalized = normalize(path)
    if base == "." { return normalized }
    let prefix = base.hasSuffix("/") ? base : base + "/"
    return normalized.hasPrefix(prefix) ? String(normalized.dropFirst(prefix.count)) : normalized
  }

  static func resolve(_ path: String, base: String) -> String {
    path.hasPrefix("/") || base == "." ? path : base + "/" + path
  }

  /// Earlier migrations beside explicitly named files (e.g. from pre-commit),
  /// replayed for schema context only.
  static func historyFiles(for files: [String], linted: Set<String>) -> [String] {
    var firstByDirectory: [String: String] = [:]
    for file in files {
      let directory = (file as NSString).deletingLastPathComponent
      if let current = firstByDirectory[directory], !FileDiscovery.pathOrder(file, current) { continue }
      firstByDirectory[directory] = file
    }
    var history: [String] = []
    for (directory, first) in firstByDirectory {
      let siblings = FileDiscovery.sqlFiles(in: [directory.isEmpty ? "." : directory]).files
      history += siblings.filter { !linted.contains($0) && FileDiscovery.pathOrder($0, first) }
    }
    return history.sorted(by: FileDiscovery.pathOrder)
  }

  static func useColor(_ options: LintOptions) -> Bool {
    if let color = options.color { return color }
    if ProcessInfo.processInfo.environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
    return options.output == nil && isatty(1) == 1
  }
}
