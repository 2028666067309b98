/// Dispatches `cslint <command>` to its implementation.
enum CommandRouter {
  static let version = "0.1.0"

  static let help = """
    cslint \(version) — a linter for PostgreSQL migration files (Supabase first).

    USAGE: cslint <command> [options]

    COMMANDS:
      lint [PATH...]        Lint migrations (default: supabase/migrations).
      fix [PATH...]         Apply safe fixes (--unsafe-fixes for suggestions), then lint.
                            --split: move what must run in a later transaction into
                            new migrations (--dry-run prints the plan).
      config                Print the effective configuration (.cslint.yml).
      init [DIR]            Write a commented .cslint.yml (runner, baseline inferred) and
                            print the pre-commit and GitHub Actions snippets.
      ledger update|check   Record / verify checksums of applied migrations.
      statements PATH...    Print statement boundaries (PostgreSQL's split).
      parse FILE...         Print how cslint classifies each statement.
      locks FILE...         Print each statement's locks, what they block and for how long.
      rules                 List the rules (--json; --markdown DIR writes the reference).
      rule ID               Print one rule's documentation.
      lsp                   Run the Language Server (stdio) for editors (docs/editors.md).

    Run 'cslint <command> --help' for a command's options.

    EXIT CODES:
      0  clean (or only findings below the failure threshold)
      1  lint errors found
      2  usage, configuration or I/O error
    """

  static func run(_ arguments: [String]) -> Int32 {
    guard let command = arguments.first else {
      print(help)
      return ExitCode.usageOrIO
    }
    let rest = Array(arguments.dropFirst())
    switch command {
    case "lint": return LintCommand.run(rest)
    case "fix": return FixCommand.run(rest)
    case "ledger": return runLedgerCommand(arguments: rest)
    case "config": return ConfigCommand.run(rest)
    case "init": return InitCommand.run(rest)
    case "statements": return StatementsCommand.run(rest)
    case "parse": return ParseCommand.run(rest)
    case "locks": return LocksCommand.run(rest)
    case "rules": return RulesCommand.run(rest)
    case "rule": return RulesCommand.runSingle(rest)
    case "lsp": return LSPCommand.run(rest)
    case "-h", "--help", "help":
      print(help)
      return ExitCode.success
    case "--version", "version":
      print("cslint \(version)")
      return ExitCode.success
    default:
      return usageError("unknown command '\(command)'", help: help)
    }
  }
}
