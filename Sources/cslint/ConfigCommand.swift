import Dispatch
import FoundationEssentials
import MigrationLint

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cslint config [--config FILE]`: prints the effective configuration.
enum ConfigCommand {
  static let help = """
    USAGE: cslint config [--config FILE]

    Prints the effective configuration: .cslint.yml (found by walking up
    from the working directory, or --config FILE) merged over the defaults,
    with every rule's severity and options (defaults marked '# default').

    KEYS (.cslint.yml):
      migrations        Folders holding migrations (default [supabase/migrations]).
      include, exclude  Globs (*, **, ?, [abc]) selecting files to lint.
      postgres_version  Target PostgreSQL major version (default 15).
      runner            supabase (default), none, flyway, golang-migrate, dbmate, diesel.
      rules             rule-id: off | info | warning | error, or {severity: ..., option: value}.
      exposed_schemas   Schemas exposed through the API (default [public]).
      ledger            Applied-migrations checksum file (default supabase/migrations/cslint.lock).
      fail_on           error (default) or warning.
      baseline          Migration version: files at or before it get no rule findings.
      ignore            paths: [globs] and tables: {rule-id: [table patterns]}: no findings there.
    See docs/configuration.md for details.
    """

  static func run(_ arguments: [String]) -> Int32 {
    var options = LintOptions()
    var scanner = ArgumentScanner(arguments)
    while let argument = scanner.next() {
      switch argument {
      case "-h", "--help":
        print(help)
        return ExitCode.success
      case "--config":
        guard let path = scanner.value() else { return usageError("--config needs a file path", help: help) }
        options.configPath = path
      default:
        return usageError("unknown argument '\(argument)' for 'cslint config'", help: help)
      }
    }
    switch LintSession.loadConfiguration(options) {
    case .success(let configuration):
      print(configuration.effectiveDescription(ruleDescriptions: RuleRegistry.descriptions), terminator: "")
      return ExitCode.success
    case .failure(let error):
      printError("error: \(error.description)")
      return ExitCode.usageOrIO
    }
  }
}
