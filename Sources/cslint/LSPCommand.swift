import MigrationLint

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cslint lsp`: a Language Server on stdin/stdout.
enum LSPCommand {
  static let help = """
    USAGE: cslint lsp [options]

    Runs a Language Server (LSP) on stdin/stdout for editors: diagnostics as
    you type, quick fixes (safe ones preferred), a "suppress with a reason"
    action, and hover with the rule's why, what to write instead and the
    statement's locks. Each open file is linted as a migration of its
    folder: the schema is replayed from the files before it (kept in memory
    between edits), the unsaved text stands in for the file on disk, and the
    nearest .cslint.yml applies. Setup for VS Code, Neovim and Helix:
    docs/editors.md.

    OPTIONS:
      --rule-docs-url URL   Prefix of the rule pages linked from diagnostics
                            (URL/Rules/<id>.md; default \(defaultRuleDocs)).
                            The client's initializationOptions.ruleDocsUrl wins.
      --stdio               Accepted and ignored (stdio is the only transport).
      -h, --help            Show this help.

    EXIT CODES: 0 after shutdown and exit, 1 on exit without shutdown or end of input.
    """

  /// Where the rule reference is published.
  static let defaultRuleDocs = "https://github.com/OWNER/cslint/blob/main"

  static func run(_ arguments: [String]) -> Int32 {
    var base = defaultRuleDocs
    var scanner = ArgumentScanner(arguments)
    while let argument = scanner.next() {
      switch argument {
      case "-h", "--help":
        print(help)
        return ExitCode.success
      case "--stdio": continue
      case "--rule-docs-url":
        guard let value = scanner.value(), !value.isEmpty else {
          return usageError("--rule-docs-url expects a URL", help: help)
        }
        base = value
      default:
        return usageError("unknown option '\(argument)' for 'cslint lsp'", help: help)
      }
    }
    // A client that goes away must not kill the server mid-write.
    signal(SIGPIPE, SIG_IGN)
    let server = LanguageServer(ruleDocsBase: base) { bytes in
      _ = FileBytes.writeAll(bytes, to: 1)
    }
    var framing = MessageFraming()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while server.exitStatus == nil {
      let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      framing.append(chunk[..<count])
      while server.exitStatus == nil, let item = framing.next() { server.handle(item) }
      // Diagnostics once the messages that arrived together are handled.
      if server.exitStatus == nil { server.flush() }
    }
    return server.exitStatus ?? (server.receivedShutdown ? 0 : 1)
  }
}
