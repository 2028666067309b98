import Foundation
import MigrationLint
import PostgresSyntax

/// One run of `cslint lint` or `cslint fix`: discovery, linting, fixing,
/// reporting and the exit code.
enum LintSession {
  static func run(options: LintOptions, fixing: Bool) -> Int32 {
    var paths = options.paths
    if paths.isEmpty {
      guard FileManager.default.fileExists(atPath: "supabase/migrations") else {
        printError(
          "error: no PATH given and ./supabase/migrations does not exist.\n"
            + "Pass the migrations folder, e.g. 'cslint \(fixing ? "fix" : "lint") db/migrations', "
            + "or set 'migrations' in .cslint.yml.")
        return ExitCode.usageOrIO
      }
      paths = ["supabase/migrations"]
    }
    let discovery = FileDiscovery.sqlFiles(in: paths)
    var ioFailure = false
    for problem in discovery.problems {
      printError("error: \(problem)")
      ioFailure = true
    }
    let linted = Set(discovery.files)
    let history = historyFiles(for: discovery.files, linted: linted)
    var settings = LintSettings()
    if let version = options.postgresVersion { settings.postgresVersion = version }
    if let runner = options.runner { settings.runner = runner }
    for id in options.only.union(options.ignored) where !RuleRegistry.knownIDs.contains(id) {
      let guess = Spelling.closest(to: id, in: RuleRegistry.knownIDs).map { " (did you mean '\($0)'?)" } ?? ""
      printError("error: unknown rule id '\(id)'\(guess)")
      return ExitCode.usageOrIO
    }
    let linter = Linter(settings: settings, selection: RuleSelection(only: options.only, ignored: options.ignored))

    var schema = SchemaState()
    var fileIndex = 0
    for path in history {
      guard let bytes = FileDiscovery.read(path) else { continue }
      let source = SourceFile(path: path, bytes: bytes)
      schema.beginFile(index: fileIndex)
      fileIndex += 1
      let scanned = ScannedFile(source: source)
      for statement in StatementParser.parse(scanned) { schema.apply(statement, source: source) }
    }

    var results: [FileResult] = []
    var changedFiles = 0
    var diffOutput = ""
    for path in discovery.files {
      guard let bytes = FileDiscovery.read(path) else {
        printError("error: cannot read '\(path)' (\(String(cString: strerror(errno))))")
        ioFailure = true
        continue
      }
      let source = SourceFile(path: path, bytes: bytes)
      schema.beginFile(index: fileIndex)
      fileIndex += 1
      let isDown = Linter.isDownMigration(path)
      var fileSchema = schema
      if fixing {
        let (outcome, after) = FixApplier.fix(
          source, linter: linter, schemaBefore: schema, includeSuggestions: options.unsafeFixes)
        fileSchema = after
        results.append(outcome.remaining)
        if outcome.changed {
          changedFiles += 1
          if options.diff {
            diffOutput += UnifiedDiff.make(path: path, old: outcome.original, new: outcome.fixed)
          } else {
            do {
              try AtomicFile.write(outcome.fixed, to: path)
              printError("fixed \(path): \(outcome.applied.joined(separator: "; "))")
            } catch {
              printError("error: could not write '\(path)': \(error); the file is unchanged")
              ioFailure = true
            }
          }
        }
      } else {
        results.append(linter.lintFile(source, schema: &fileSchema))
      }
      if !isDown { schema = fileSchema }
    }

    let report = TextReport.render(results: results, color: useColor(options), quiet: options.quiet)
    var text = diffOutput + report
    if options.statistics { text += TextReport.statistics(results) }
    if fixing && !options.diff && !options.quiet {
      text += "\(changedFiles) file\(changedFiles == 1 ? "" : "s") fixed\n"
    }
    if let output = options.output {
      do {
        try AtomicFile.write(Array(text.utf8), to: output)
      } catch {
        printError("error: cannot write report to '\(output)': \(error)")
        return ExitCode.usageOrIO
      }
    } else {
      var out = StandardOutput()
      out.write(text)
      out.flush()
    }
    if ioFailure { return ExitCode.usageOrIO }
    let failing = results.contains { $0.diagnostics.contains { $0.severity >= options.failOn } }
    return failing ? ExitCode.lintFailure : ExitCode.success
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

/// Writes files so that a crash or full disk never leaves a half-written file.
enum AtomicFile {
  struct WriteError: Error, CustomStringConvertible {
    var description: String
  }

  /// Writes to a temporary file in the same directory, fsyncs it, keeps the
  /// original's permissions, then renames it over the target.
  static func write(_ bytes: [UInt8], to path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).cslint-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
    var mode: mode_t = 0o644
    var info = stat()
    if stat(path, &info) == 0 { mode = info.st_mode & 0o7777 }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
    guard descriptor >= 0 else { throw WriteError(description: String(cString: strerror(errno))) }
    var failure: String?
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        offset += written
      }
    }
    if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
    fchmod(descriptor, mode)
    close(descriptor)
    if let failure {
      unlink(temporary)
      throw WriteError(description: failure)
    }
    guard rename(temporary, path) == 0 else {
      let message = String(cString: strerror(errno))
      unlink(temporary)
      throw WriteError(description: message)
    }
  }
}
