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

/// `cslint init [DIR]`: writes a commented `.cslint.yml` for the project in
/// the working directory and prints the pre-commit and workflow snippets.
enum InitCommand {
  static let help = """
    USAGE: cslint init [MIGRATIONS_DIR]

    Writes a commented .cslint.yml in the working directory (never over an
    existing one), with:
      migrations  MIGRATIONS_DIR, else supabase/migrations when it exists,
                  else the first folder named migrations (or migration) found;
      runner      inferred from the folder's file names;
      baseline    the newest migration's version: existing migrations are
                  replayed for the schema but get no findings.
    Then prints the snippets for .pre-commit-config.yaml and a GitHub
    Actions workflow.

    EXIT CODES: 0 written, 2 usage or I/O error (or .cslint.yml exists).
    """

  /// What `init` found in the project.
  struct Findings {
    var folder: String
    var runner: Runner
    var baseline: String?
    var fileCount: Int
  }

  static func run(_ arguments: [String]) -> Int32 {
    var folderArgument: String?
    var scanner = ArgumentScanner(arguments)
    while let argument = scanner.next() {
      switch argument {
      case "-h", "--help":
        print(help)
        return ExitCode.success
      default:
        if argument.hasPrefix("-") || folderArgument != nil {
          return usageError("unexpected argument '\(argument)' for 'cslint init'", help: help)
        }
        folderArgument = argument
      }
    }
    let target = Configuration.fileName
    if DirectoryListing.exists(target) {
      printError("error: \(target) already exists here; edit it, or remove it to start again")
      return ExitCode.usageOrIO
    }
    guard let folder = folderArgument.map(LintPlan.normalize) ?? findMigrationsFolder() else {
      printError(
        "error: no migrations folder found (supabase/migrations, or a folder named migrations);\n"
          + "pass it: cslint init db/migrations")
      return ExitCode.usageOrIO
    }
    guard DirectoryListing.isDirectory(folder) else {
      printError("error: '\(folder)' is not a directory")
      return ExitCode.usageOrIO
    }
    let findings = inspect(folder)
    let text = configurationText(findings)
    // Never write a file cslint itself would reject.
    do {
      _ = try Configuration.parse(text, path: target, knownRuleIDs: RuleRegistry.knownIDs)
    } catch {
      printError("error: internal: the generated configuration does not load: \(error)")
      return ExitCode.usageOrIO
    }
    do {
      try AtomicFile.write(Array(text.utf8), to: target)
    } catch {
      printError("error: cannot write \(target): \(error)")
      return ExitCode.usageOrIO
    }
    var lines = ["wrote \(target): migrations \(findings.folder), runner \(findings.runner.rawValue)"]
    if let baseline = findings.baseline {
      lines.append(
        "baseline \(baseline): the \(findings.fileCount) existing migration\(findings.fileCount == 1 ? "" : "s") "
          + "get no findings; new ones are linted")
    }
    lines.append("")
    lines.append(snippets(findings))
    print(lines.joined(separator: "\n"))
    return ExitCode.success
  }

  /// `supabase/migrations`, else the first migrations folder under `.` (path order).
  static func findMigrationsFolder() -> String? {
    if DirectoryListing.isDirectory("supabase/migrations") { return "supabase/migrations" }
    let files = FileDiscovery.sqlFiles(in: ["."]).files
    for folder in MigrationFolder.group(files, roots: ["."]) where folder.directory != "." {
      let last = folder.directory.split(separator: "/").last.map { $0.lowercased() } ?? ""
      if last == "migrations" || last == "migration" { return LintPlan.normalize(folder.directory) }
    }
    return nil
  }

  static func inspect(_ folder: String) -> Findings {
    let files = FileDiscovery.sqlFiles(in: [folder]).files
    let names = files.map { MigrationFile.relativeName(of: $0, in: folder) }
    let runner = Runner.inferred(fromRelativeNames: names) ?? .supabase
    let naming = NamingScheme(rawValue: runner.rawValue) ?? .supabase
    var newest: MigrationVersion?
    var count = 0
    for name in names {
      guard let parsed = naming.parse(name).name, let version = parsed.version else { continue }
      count += 1
      if newest.map({ $0 < version }) ?? true { newest = version }
    }
    return Findings(folder: folder, runner: runner, baseline: newest?.text, fileCount: count)
  }

  static func configurationText(_ findings: Findings) -> String {
    var lines = [
      "# cslint configuration (written by `cslint init`; every key: docs/configuration.md).",
      "# `cslint config` prints the effective configuration with every default.",
      "migrations:",
      "  - \(quoted(findings.folder)) # the migrations, applied in file name order",
      "runner: \(findings.runner.rawValue) # the tool that applies them: decides transactions and file naming",
      "postgres_version: 15 # the PostgreSQL major version of the database (Supabase: 15)",
    ]
    if let baseline = findings.baseline {
      lines.append(
        "baseline: \(quoted(baseline)) # migrations up to this version already ran: replayed, no findings")
    }
    lines.append("fail_on: error # exit 1 on errors only; 'warning' fails on warnings too")
    lines.append("# rules: # a level (off, info, warning, error) or options per rule id; see `cslint rules`")
    lines.append("#   require-primary-key: warning")
    lines.append(
      "# cache: true # keep replayed earlier migrations in .cslint_cache/ (git-ignored); --no-cache skips it")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Quoted unless it is a plain word of safe characters.
  static func quoted(_ text: String) -> String {
    let safe = text.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-".unicodeScalars.contains(scalar))
    }
    return safe && !text.hasPrefix("-") ? text : "'" + text.replacingAll("'", with: "''") + "'"
  }

  static func snippets(_ findings: Findings) -> String {
    let version = CommandRouter.version
    return """
      Add it to pre-commit (.pre-commit-config.yaml; the cslint-system hook runs the
      cslint on your PATH, no Swift needed; use id cslint to build it with Swift):

        repos:
          - repo: https://github.com/<owner>/cslint
            rev: v\(version)
            hooks:
              - id: cslint-system

      And to GitHub Actions (.github/workflows/migrations.yml; installs the
      release binary, annotates the pull request, uploads SARIF):

        name: migrations
        on: [pull_request]
        jobs:
          cslint:
            runs-on: ubuntu-latest
            permissions:
              contents: read
              security-events: write
            steps:
              - uses: actions/checkout@v4
              - uses: <owner>/cslint@v\(version)
                with:
                  migrations: \(findings.folder)

      See docs/ci.md for GitLab CI and a plain shell recipe.
      """
  }
}
