/// A problem that stops the history checks before any file is checked: the
/// CLI reports it and exits 2.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A file or directory could not be read or written.
  case io(path: String, message: String)
  /// `--base` was given but the migrations directory is not inside a git work tree.
  case notAGitRepository(path: String, detail: String)
  /// `--base REF` names no commit.
  case unknownRef(ref: String, detail: String)
  /// The `git` executable is not on `PATH`.
  case gitNotFound
  /// A git command failed unexpectedly.
  case gitFailed(command: String, detail: String)
  /// `ledger update --only FILE` named a file that is neither on disk nor in the ledger.
  case noSuchMigration(path: String)

  public var description: String {
    switch self {
    case .io(let path, let message):
      return "\(path): \(message)"
    case .notAGitRepository(let path, let detail):
      return "\(path): not inside a git repository, so --base cannot be used (\(detail))"
    case .unknownRef(let ref, let detail):
      return "unknown git revision '\(ref)' (\(detail)); fetch it first, e.g. `git fetch origin main`"
    case .gitNotFound:
      return "the git executable was not found on PATH (needed for --base)"
    case .gitFailed(let command, let detail):
      return "`\(command)` failed: \(detail)"
    case .noSuchMigration(let path):
      return "\(path): no such migration file, and the ledger does not list it"
    }
  }
}

/// A malformed line in a ledger file (exit 2; never skipped silently).
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  /// 1-based line.
  public var line: Int
  /// 1-based column, in characters.
  public var column: Int
  public var message: String

  public init(path: String, line: Int, column: Int, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  /// `path:line:column: message`, the format editors jump to.
  public var description: String { "\(path):\(line):\(column): \(message)" }
}
