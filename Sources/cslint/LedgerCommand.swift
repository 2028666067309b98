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

/// `cslint ledger ...`: `arguments` are the words after `ledger`.
/// Returns the exit code: 0 clean, 1 findings, 2 usage / I/O / malformed ledger.
func runLedgerCommand(arguments: [String]) -> Int32 {
  guard let subcommand = arguments.first else {
    return usageError("missing subcommand for `cslint ledger`", help: ledgerUsage)
  }
  if subcommand == "--help" || subcommand == "-h" || subcommand == "help" {
    print(ledgerUsage)
    return ExitCode.success
  }
  guard subcommand == "update" || subcommand == "check" else {
    return usageError("unknown subcommand '\(subcommand)' for `cslint ledger`", help: ledgerUsage)
  }
  var options: LedgerOptions
  do {
    guard let parsed = try LedgerOptions(arguments.dropFirst(), subcommand: subcommand) else {
      print(ledgerUsage)
      return ExitCode.success
    }
    options = parsed
  } catch {
    return usageError("\(error)", help: ledgerUsage)
  }
  // The configuration `cslint lint` uses: its folder, ledger and runner are
  // the defaults here, and `ledger check` follows its exit-code policy
  // (`--fail-on`, else `fail_on`) and rule levels.
  var lintOptions = LintOptions()
  lintOptions.configPath = options.configPath
  let configuration: Configuration
  switch LintSession.loadConfiguration(lintOptions) {
  case .success(let loaded): configuration = loaded
  case .failure(let error):
    printError("error: \(error.description)")
    return ExitCode.usageOrIO
  }
  options.applyDefaults(from: configuration)
  do {
    if subcommand == "update" {
      return try runLedgerUpdate(options)
    }
    let diagnostics = try HistoryChecker.run(
      migrationsDirectory: options.directory, ledgerPath: options.ledgerPath, baseRef: options.baseRef,
      naming: options.naming, requireLedger: options.baseRef == nil
    ).compactMap { diagnostic -> Diagnostic? in
      guard let level = configuration.rules[diagnostic.ruleID]?.level else { return diagnostic }
      guard let severity = level.severity else { return nil }
      var configured = diagnostic
      configured.severity = severity
      return configured
    }
    printHistoryDiagnostics(diagnostics)
    let threshold = options.failOn ?? configuration.failOn.severity
    return diagnostics.contains { $0.severity >= threshold } ? ExitCode.lintFailure : ExitCode.success
  } catch let error as LedgerError {
    printError("\(error.path):\(error.line):\(error.column): error: malformed ledger: \(error.message)")
    return ExitCode.usageOrIO
  } catch {
    printError("error: \(error)")
    return ExitCode.usageOrIO
  }
}

private func runLedgerUpdate(_ options: LedgerOptions) throws -> Int32 {
  let result = try Ledger.update(
    migrationsDirectory: options.directory, ledgerPath: options.ledgerPath, naming: options.naming,
    only: options.only)
  let path = options.ledgerPath ?? Ledger.defaultPath(forMigrationsDirectory: options.directory)
  if !result.wroteFile {
    print("\(path): already up to date (\(result.recorded) migrations)")
    return ExitCode.success
  }
  var summary: [String] = []
  if !result.added.isEmpty { summary.append("\(result.added.count) added") }
  if !result.updated.isEmpty { summary.append("\(result.updated.count) updated") }
  if !result.removed.isEmpty { summary.append("\(result.removed.count) removed") }
  let detail = summary.isEmpty ? "" : ": " + summary.joined(separator: ", ")
  print("\(path): recorded \(result.recorded) migrations\(detail)")
  return ExitCode.success
}

/// Prints `path:line:col: severity[rule-id]: message`, plus an indented help line.
/// (Stand-in until the shared reporters are wired in.)
func printHistoryDiagnostics(_ diagnostics: [Diagnostic]) {
  var sources: [String: SourceFile] = [:]
  for diagnostic in diagnostics {
    let source =
      sources[diagnostic.path]
      ?? SourceFile(
        path: diagnostic.path,
        bytes: (FileManager.default.contents(atPath: diagnostic.path)).map { [UInt8]($0) } ?? [])
    sources[diagnostic.path] = source
    let location = source.location(of: diagnostic.range.lowerBound)
    print(
      "\(diagnostic.path):\(location.line):\(location.column): \(diagnostic.severity.rawValue)"
        + "[\(diagnostic.ruleID)]: \(diagnostic.message)")
    if let help = diagnostic.help { print("  help: \(help)") }
  }
}

private struct LedgerOptions {
  var directory = "supabase/migrations"
  var ledgerPath: String?
  var naming = NamingScheme.supabase
  var baseRef: String?
  var only: [String]?
  var failOn: Severity?
  var configPath: String?
  /// Given on the command line (else `.cslint.yml` may supply them).
  var directoryGiven = false
  var namingGiven = false

  /// Fills what the command line left out from `.cslint.yml`: the first
  /// configured migrations folder, its configured ledger, the runner's naming.
  mutating func applyDefaults(from configuration: Configuration) {
    guard configuration.path != nil else { return }
    if !directoryGiven,
      let folder = LintPlan.configuredPaths(
        configuration, currentDirectory: FileManager.default.currentDirectoryPath
      ).first
    {
      directory = folder
    }
    if ledgerPath == nil {
      let ledger = LintPlan.resolve(configuration.ledger, base: configuration.baseDirectory)
      let ledgerFolder = URL(fileURLWithPath: ledger).deletingLastPathComponent().standardizedFileURL.path
      if ledgerFolder == URL(fileURLWithPath: directory).standardizedFileURL.path { ledgerPath = ledger }
    }
    if !namingGiven && configuration.runnerIsExplicit,
      let scheme = NamingScheme(rawValue: configuration.runner.rawValue)
    {
      naming = scheme
    }
  }

  struct UsageError: Error, CustomStringConvertible {
    var description: String
  }

  /// Nil when help was asked for.
  init?(_ arguments: ArraySlice<String>, subcommand: String) throws {
    var directory: String?
    // `--name=value` is the same as `--name value`.
    var rest = ArraySlice(
      arguments.flatMap { argument -> [String] in
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return [argument] }
        return [String(argument[..<equals]), String(argument[argument.index(after: equals)...])]
      })
    while let argument = rest.popFirst() {
      switch argument {
      case "--help", "-h":
        return nil
      case "--ledger":
        ledgerPath = try Self.value(for: argument, &rest)
      case "--naming":
        let value = try Self.value(for: argument, &rest)
        guard let scheme = NamingScheme(rawValue: value) else {
          let known = NamingScheme.allCases.map(\.rawValue).joined(separator: ", ")
          throw UsageError(description: "unknown naming scheme '\(value)' (expected one of: \(known))")
        }
        naming = scheme
        namingGiven = true
      case "--fail-on" where subcommand == "check":
        let value = try Self.value(for: argument, &rest)
        guard let severity = Severity(rawValue: value), severity != .info else {
          throw UsageError(description: "--fail-on expects 'error' or 'warning'")
        }
        failOn = severity
      case "--config":
        configPath = try Self.value(for: argument, &rest)
      case "--base" where subcommand == "check":
        baseRef = try Self.value(for: argument, &rest)
      case "--only" where subcommand == "update":
        var files: [String] = []
        while let next = rest.first, !next.hasPrefix("--") {
          files.append(next)
          rest.removeFirst()
        }
        guard !files.isEmpty else { throw UsageError(description: "--only needs at least one FILE") }
        only = (only ?? []) + files
      default:
        if argument.hasPrefix("-") && argument != "-" {
          throw UsageError(description: "unknown option '\(argument)' for `ledger \(subcommand)`")
        }
        guard directory == nil else {
          throw UsageError(description: "more than one DIR given ('\(directory ?? "")' and '\(argument)')")
        }
        directory = argument
      }
    }
    if let directory {
      self.directory = directory
      directoryGiven = true
    }
  }

  private static func value(for option: String, _ rest: inout ArraySlice<String>) throws -> String {
    guard let value = rest.popFirst(), !value.hasPrefix("--") else {
      throw UsageError(description: "\(option) needs a value")
    }
    return value
  }
}

let ledgerUsage = """
  USAGE: cslint ledger update [DIR] [--only FILE...] [--ledger PATH] [--naming SCHEME] [--config FILE]
         cslint ledger check  [DIR] [--ledger PATH] [--naming SCHEME] [--base REF]
                              [--fail-on LEVEL] [--config FILE]

  The ledger (DIR/cslint.lock) records the migrations applied to your databases
  with their SHA-256 checksums. Commit it. cslint then reports applied files that
  were edited, deleted or renamed, new files that sort before the newest applied
  one, duplicate versions and badly named files.

  SUBCOMMANDS:
    update    Record the current migration files as applied (atomic; writes
              nothing when already up to date). Run it after the migrations were
              applied, e.g. after `supabase db push` in the deploy job.
              --only FILE...  record just these files (a FILE that was deleted
                              is dropped from the ledger)
    check     Compare the migration files with the ledger.
              --base REF      also treat the files present at git revision REF
                              as applied (e.g. origin/main); needs no ledger
              --fail-on LEVEL exit 1 on findings at or above LEVEL (default:
                              fail_on of .cslint.yml, else error), as lint does

  OPTIONS:
    DIR                 migrations directory (default: the first folder of
                        .cslint.yml's migrations, else supabase/migrations)
    --ledger PATH       ledger file (default: .cslint.yml's ledger when it lies
                        in DIR, else DIR/cslint.lock)
    --naming SCHEME     supabase (default, or .cslint.yml's runner), flyway,
                        golang-migrate, dbmate, diesel, none
    --config FILE       use this configuration instead of the nearest .cslint.yml
                        (defaults above; for check: fail_on and rule levels)
    -h, --help          show this help

  EXIT CODES: 0 clean (or only findings below the failure threshold), 1 findings
  at or above it, 2 usage, I/O or git error, or malformed ledger.
  """
