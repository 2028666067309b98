import Dispatch
import FoundationEssentials
import MigrationLint
import PostgresSyntax

/// `cslint locks FILE...`: what each statement locks, for how long, what it
/// blocks and what work it does under the lock, as the runner sends the file.
enum LocksCommand {
  static let help = """
    USAGE: cslint locks FILE... [options]

    Prints, for every statement of each migration file, the locks it takes:
    the relation, the lock mode, what the lock blocks (reads and writes,
    writes, or only other DDL), whether it is held to the statement's or the
    transaction's end, whether the table is rewritten, scanned or validated
    under it, whether the table is new (created earlier in the same file), and
    the lock_timeout in force. Transaction boundaries are marked, and a header
    says how the runner sends the file (statement by statement, one pipeline,
    one query, or wrapped in BEGIN/COMMIT). Nothing is run: this is cslint's
    model of PostgreSQL, the one its rules read.

    Earlier migrations in the same folder (files sorting before FILE) are
    replayed first, so a table created by an earlier migration counts as
    existing. A directory is searched for *.sql files, each analyzed in turn.

    OPTIONS:
      -f, --format FORMAT     text (default) or json (see docs/json-output.md).
      --runner NAME           supabase, none, flyway, golang-migrate, dbmate, diesel
                              (default: .cslint.yml, else what the file names show,
                              else supabase).
      --postgres-version N    Target PostgreSQL major version (default: .cslint.yml, else 15).
      --config FILE           Use this configuration instead of the nearest .cslint.yml.
      --no-color, --color     Colour is used only on a terminal and never with NO_COLOR.
      -h, --help              Show this help.

    EXIT CODES: 0 printed, 2 usage, configuration or I/O error.
    """

  static func run(_ arguments: [String]) -> Int32 {
    var options = LintOptions()
    var format = "text"
    var scanner = ArgumentScanner(arguments)
    while let argument = scanner.next() {
      switch argument {
      case "-h", "--help":
        print(help)
        return ExitCode.success
      case "-f", "--format":
        guard let value = scanner.value(), value == "text" || value == "json" else {
          return usageError("\(argument) expects 'text' or 'json'", help: help)
        }
        format = value
      case "--runner", "--postgres-version", "--config", "--color", "--no-color":
        // The same options as `cslint lint`, parsed and checked the same way.
        if let problem = options.parse(argument, &scanner) { return usageError(problem, help: help) }
      default:
        if argument.hasPrefix("-") && argument != "-" {
          return usageError("unknown option '\(argument)' for 'cslint locks'", help: help)
        }
        options.paths.append(argument)
      }
    }
    guard !options.paths.isEmpty else { return usageError("'cslint locks' needs at least one FILE", help: help) }
    let configuration: Configuration
    switch LintSession.loadConfiguration(options) {
    case .success(let loaded): configuration = loaded
    case .failure(let error):
      printError("error: \(error.description)")
      return ExitCode.usageOrIO
    }
    var settings = configuration.lintSettings
    if let version = options.postgresVersion { settings.postgresVersion = version }
    if let runner = options.runner { settings.runner = runner }
    let runnerIsExplicit = options.runner != nil || configuration.runnerIsExplicit

    let discovery = FileDiscovery.sqlFiles(in: options.paths)
    var status = ExitCode.success
    for problem in discovery.problems {
      printError("error: \(problem)")
      status = ExitCode.usageOrIO
    }
    let files = settings.runner == .flyway ? LintPlan.flywayOrder(discovery.files) : discovery.files
    let roots = options.paths.filter(DirectoryListing.isDirectory)
    var reports: [LockReport] = []
    for folder in MigrationFolder.group(files, roots: roots) {
      // A folder whose file names show another runner is read as that
      // runner unless one was configured, as `cslint lint` does.
      var folderSettings = settings
      if !runnerIsExplicit {
        let names = folder.files.map { MigrationFile.relativeName(of: $0, in: folder.directory) }
        if let runner = Runner.inferred(fromRelativeNames: names) { folderSettings.runner = runner }
      }
      let outcome = analyze(folder, settings: folderSettings)
      if outcome.ioFailure { status = ExitCode.usageOrIO }
      reports += outcome.reports
    }
    var output = StandardOutput()
    if format == "json" {
      output.write(LockReport.json(reports, toolVersion: CommandRouter.version))
    } else {
      var table = LocksTable(color: LintSession.useColor(options))
      for (index, report) in reports.enumerated() {
        if index > 0 { output.write("\n") }
        output.write(table.render(report))
      }
      if !reports.isEmpty { output.write(table.legend) }
    }
    output.flush()
    return status
  }
}

extension LocksCommand {
  /// The reports of one folder's files, in run order.
  struct FolderOutcome {
    var reports: [LockReport] = []
    var ioFailure = false
  }

  /// Analyzes `folder.files` in migration order, each after the migrations
  /// before it: the folder's earlier files when the whole folder was found,
  /// else the siblings sorting before each file (`LintPlan.siblings`,
  /// as `cslint lint FILE` replays them). Every file is replayed once.
  static func analyze(_ folder: MigrationFolder, settings: LintSettings) -> FolderOutcome {
    let named = Set(folder.files)
    var sequence = folder.files
    if !folder.isFullyDiscovered {
      var earlier = Set<String>()
      for path in folder.files { earlier.formUnion(LintPlan.siblings(of: [path], linted: named)) }
      sequence = (Array(earlier) + folder.files).sorted(by: FileDiscovery.pathOrder)
      if settings.runner == .flyway { sequence = LintPlan.flywayOrder(sequence) }
    }
    var outcome = FolderOutcome()
    var session = LockSession(settings: settings)
    var byPath: [String: LockReport] = [:]
    // A down migration is read right after its own up migration, and is
    // history for no other file.
    for index in Linter.replayOrder(sequence) {
      let path = sequence[index]
      let isDown = Linter.isDownMigration(path)
      guard named.contains(path) else {
        if !isDown, let bytes = FileDiscovery.read(path) { session.replay(SourceFile(path: path, bytes: bytes)) }
        continue
      }
      guard let bytes = FileDiscovery.read(path) else {
        printError("error: cannot read '\(path)' (no such file, a directory, or permission denied)")
        outcome.ioFailure = true
        continue
      }
      let analysis = session.analyze(SourceFile(path: path, bytes: bytes), keep: !isDown)
      byPath[path] = LockReport(path: path, analysis: analysis, settings: settings)
    }
    outcome.reports = folder.files.compactMap { byPath[$0] }
    return outcome
  }
}
