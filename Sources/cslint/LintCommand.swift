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

/// Options shared by `cslint lint` and `cslint fix`.
struct LintOptions {
  var paths: [String] = []
  var format = "text"
  var output: String?
  var failOn: Severity?
  var quiet = false
  var color: Bool?
  var statistics = false
  var only: Set<String> = []
  var ignored: Set<String> = []
  var postgresVersion: Int?
  var runner: Runner?
  var configPath: String?
  var baseRef: String?
  var changedOnly = false
  /// `--baseline VERSION`: overrides `baseline` of `.cslint.yml`.
  var baseline: String?
  var unsafeFixes = false
  var diff = false
  /// `fix`: write the file a symbolic link (or a hard-linked name) stands for.
  var followSymlinks = false
  var timings = false
  /// Files prepared at once in parallel; 1 = strictly serial.
  var jobs = 0
  /// `--no-cache`: replay every earlier migration, read and write no cache.
  var noCache = false
  /// `--cache-dir DIR`: overrides `CSLINT_CACHE_DIR` and `cache_dir`.
  var cacheDirectory: String?
  /// `--verbose`: say what the cache did (and why a write failed).
  var verbose = false

  /// Parses one option; returns an error message, or nil when handled.
  /// Returns "unhandled" when the argument is not a shared option.
  mutating func parse(_ argument: String, _ scanner: inout ArgumentScanner) -> String? {
    func value() -> String? { scanner.value() }
    switch argument {
    case "--format", "-f":
      guard let format = value() else { return "\(argument) needs a value" }
      guard LintOptions.formats.contains(format) else {
        return "unknown format '\(format)' (expected one of: \(LintOptions.formats.joined(separator: ", ")))"
      }
      self.format = format
    case "--output", "-o":
      guard let output = value() else { return "\(argument) needs a file path" }
      self.output = output
    case "--fail-on":
      guard let level = value(), let severity = Severity(rawValue: level), severity != .info else {
        return "--fail-on expects 'error' or 'warning'"
      }
      failOn = severity
    case "--quiet", "-q": quiet = true
    case "--no-color": color = false
    case "--color": color = true
    case "--statistics": statistics = true
    case "--timings": timings = true
    case "--no-cache": noCache = true
    case "--verbose": verbose = true
    case "--cache-dir":
      guard let path = value(), !path.isEmpty else { return "--cache-dir needs a directory" }
      cacheDirectory = path
    case "--jobs", "-j":
      guard let text = value(), let count = Int(text), count >= 1 else { return "--jobs expects a positive number" }
      jobs = count
    case "--rule":
      guard let id = value() else { return "--rule needs a rule id" }
      only.insert(RuleRegistry.canonicalID(id))
    case "--ignore":
      guard let id = value() else { return "--ignore needs a rule id" }
      ignored.insert(RuleRegistry.canonicalID(id))
    case "--postgres-version":
      guard let text = value(), let version = Int(text), (9...30).contains(version) else {
        return "--postgres-version expects a major version such as 15"
      }
      postgresVersion = version
    case "--runner":
      guard let text = value(), let runner = Runner(rawValue: text) else {
        return "--runner expects one of: \(Runner.allCases.map(\.rawValue).joined(separator: ", "))"
      }
      self.runner = runner
    case "--config":
      guard let path = value() else { return "--config needs a file path" }
      configPath = path
    case "--base":
      guard let ref = value() else { return "--base needs a git ref" }
      baseRef = ref
    case "--changed-only": changedOnly = true
    case "--baseline":
      guard let text = value(), MigrationVersion.parse(text) != nil else {
        return "--baseline expects a migration version such as 20240131120000"
      }
      baseline = text
    default:
      if argument.hasPrefix("-") && argument != "-" { return "unhandled" }
      paths.append(argument)
    }
    return nil
  }

  static let formats = ["text", "github", "json", "sarif", "checkstyle", "junit", "gitlab"]

  static let sharedHelp = """
      -f, --format FORMAT       text (default), github, json, sarif, checkstyle, junit, gitlab.
                                Inside GitHub Actions the default is github.
      -o, --output FILE         Write the report to FILE instead of standard output.
      --fail-on LEVEL           Exit 1 on findings at or above LEVEL: error (default) or warning.
      -q, --quiet               Print findings only, no summary.
      --no-color, --color       Colour is used only on a terminal and never with NO_COLOR.
      --statistics              Print the number of findings per rule.
      --timings                 Print the time spent in each stage to standard error.
      --no-cache                Replay every earlier migration; read and write no cache.
      --cache-dir DIR           Keep the replay cache in DIR (default: .cslint_cache beside
                                .cslint.yml, else in the current directory; also
                                CSLINT_CACHE_DIR, or cache_dir in .cslint.yml).
      --verbose                 Report what the cache did (and failed writes) on standard error.
      -j, --jobs N              Read and parse N files at once (default: all cores; 1 = serial).
                                Output is identical whatever N is.
      --rule ID                 Run only this rule (repeatable).
      --ignore ID               Do not run this rule (repeatable).
      --postgres-version N      Target PostgreSQL major version (default 15).
      --runner NAME             supabase, none, flyway, golang-migrate, dbmate, diesel: decides
                                which files run inside a transaction and how files are named
                                (default: supabase, or what a folder's file names show).
      --config FILE             Use this configuration instead of the nearest .cslint.yml.
      --base REF                Treat migration files present at git REF as applied (history rules).
      --changed-only            With --base: report statement rules only for new or changed files.
      --baseline VERSION        Migrations at or before VERSION are replayed and kept under the
                                history checks, but get no rule findings (default: baseline
                                of .cslint.yml).
      -h, --help                Show this help.
    """
}

/// `cslint lint [PATH...]`.
enum LintCommand {
  static let help = """
    USAGE: cslint lint [options] [--] [PATH...]

    Lints PostgreSQL migration files: what would lock, rewrite, fail or expose
    data, why, and what to write instead. PATH is a file or a directory
    (searched recursively for *.sql, in path order = migration order).
    Default: the configured migrations folders, else supabase/migrations.

    OPTIONS:
    \(LintOptions.sharedHelp)

    SUPPRESSING:
      -- cslint-disable-next-statement rule-id[, rule-id] -- reason
      -- cslint-disable rule-id -- reason      (until -- cslint-enable rule-id)
      -- squawk-ignore squawk-id[, squawk-id]  (squawk's: the next statement)
      -- squawk-ignore-file [squawk-id ...]    (squawk's: the whole file)
      squawk ids map to cslint rules as Rules/README.md lists ("Coming from squawk").

    EXIT CODES: 0 clean, 1 findings at or above --fail-on, 2 usage/config/I/O error.
    """

  static func run(_ arguments: [String]) -> Int32 {
    var options = LintOptions()
    if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" { options.format = "github" }
    var scanner = ArgumentScanner(arguments)
    while let argument = scanner.next() {
      if scanner.isOperand {
        options.paths.append(argument)
        continue
      }
      if argument == "-h" || argument == "--help" {
        print(help)
        return ExitCode.success
      }
      if let problem = options.parse(argument, &scanner) {
        let message = problem == "unhandled" ? "unknown option '\(argument)' for 'cslint lint'" : problem
        return usageError(message, help: help)
      }
    }
    return LintSession.run(options: options, fixing: false)
  }
}

/// `cslint fix [PATH...]`.
enum FixCommand {
  static let help = """
    USAGE: cslint fix [--unsafe-fixes] [--diff] [--split [--dry-run]] [options] [--] [PATH...]

    Applies the safe fixes of every finding, re-lints and repeats until
    nothing changes, then reports what is left. Files are written atomically
    (temporary file, fsync, rename; file mode kept). A file with a syntax
    error is never touched. Running it twice changes nothing the second time.

    OPTIONS:
      --unsafe-fixes            Also apply suggestions (e.g. inserting CONCURRENTLY,
                                which then must be alone in its migration file: --split).
      --diff                    Print a unified diff of the changes; write nothing.
      --split                   First move what must run in a later transaction into new
                                migrations, named with the next free versions right after the
                                file: CREATE/DROP INDEX [CONCURRENTLY] into a file of its own,
                                ADD CONSTRAINT ... NOT VALID here and VALIDATE CONSTRAINT in
                                the next file, the statements after an ALTER TYPE ... ADD VALUE
                                that use the value into the next file. Statements keep their
                                order. All files are written or none; an applied migration (the
                                ledger, --base) is never edited nor has one inserted before it
                                (exit 2, nothing written). Then the ordinary fixes run.
      --dry-run                 With --split: print the plan as a unified diff (new files
                                from /dev/null); write nothing.
      --follow-symlinks         Fix a migration that is a symbolic link (its target, which must
                                be inside the project) or a hard link (written in place).
                                Without it such files, and read-only ones, are refused (exit 2).
    \(LintOptions.sharedHelp)
    """

  static func run(_ arguments: [String]) -> Int32 {
    var options = LintOptions()
    var split = false
    var dryRun = false
    var scanner = ArgumentScanner(arguments)
    while let argument = scanner.next() {
      if scanner.isOperand {
        options.paths.append(argument)
        continue
      }
      switch argument {
      case "-h", "--help":
        print(help)
        return ExitCode.success
      case "--unsafe-fixes": options.unsafeFixes = true
      case "--diff": options.diff = true
      case "--follow-symlinks": options.followSymlinks = true
      case "--split": split = true
      case "--dry-run": dryRun = true
      default:
        if let problem = options.parse(argument, &scanner) {
          let message = problem == "unhandled" ? "unknown option '\(argument)' for 'cslint fix'" : problem
          return usageError(message, help: help)
        }
      }
    }
    if dryRun && !split { return usageError("--dry-run goes with --split (use --diff for fixes)", help: help) }
    if split && options.diff { return usageError("--split prints its plan with --dry-run, not --diff", help: help) }
    if split { return SplitSession.run(options: options, dryRun: dryRun) }
    return LintSession.run(options: options, fixing: true)
  }
}
