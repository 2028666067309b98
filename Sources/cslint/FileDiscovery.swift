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

/// Finds `.sql` files under the paths a user passed, in a stable order.
enum FileDiscovery {
  struct Result {
    var files: [String]
    /// Paths that do not exist or cannot be listed, as messages.
    var problems: [String]
    /// Files whose extension is `.sql` in another case (`X.SQL`): not
    /// linted, but the history checks report their names.
    var otherCaseSQL: [String] = []
  }

  /// Files given directly are kept whatever their extension; directories are
  /// searched recursively for `*.sql` (symlinked directories are not followed,
  /// so a symlink loop cannot hang the walk). Sorted by path, duplicates removed.
  static func sqlFiles(in paths: [String]) -> Result {
    var files: [String] = []
    var problems: [String] = []
    var otherCase: [String] = []
    for path in paths {
      guard DirectoryListing.exists(path) else {
        problems.append("no such file or directory: '\(path)'")
        continue
      }
      guard DirectoryListing.isDirectory(path) else {
        files.append(path)
        continue
      }
      var found: [String] = []
      walk(path, into: &found, otherCase: &otherCase, problems: &problems, depth: 0)
      files.append(contentsOf: found)
    }
    var seen = Set<String>()
    let unique = files.filter { seen.insert($0).inserted }
    return Result(
      files: unique.sorted(by: pathOrder), problems: problems, otherCaseSQL: otherCase.sorted(by: pathOrder))
  }

  /// Byte-wise path order, so results do not depend on the locale.
  static func pathOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8Precedes(rhs)
  }

  private static func walk(
    _ directory: String, into files: inout [String], otherCase: inout [String], problems: inout [String], depth: Int
  ) {
    guard depth < 64 else {
      problems.append("directory nesting too deep at '\(directory)'")
      return
    }
    guard let entries = DirectoryListing.entries(of: directory) else {
      problems.append("cannot list directory '\(directory)'")
      return
    }
    for entry in entries.sorted(by: { pathOrder($0.name, $1.name) })
    where !entry.name.hasPrefix(".") || entry.name.hasSuffix(".sql") {
      let path = directory.hasSuffix("/") ? directory + entry.name : directory + "/" + entry.name
      guard entry.isValidUTF8 else {
        // A name that is not valid UTF-8 cannot be opened through a String
        // path: never drop a possible migration silently.
        problems.append("cannot access '\(path)' (its name is not valid UTF-8; rename it)")
        continue
      }
      var type = entry.type
      if type == nil {
        // The file system did not say (DT_UNKNOWN): ask.
        var info = stat()
        guard lstat(path, &info) == 0 else {
          if entry.name.hasSuffix(".sql") {
            problems.append("cannot access '\(path)' (\(String(cString: strerror(errno))))")
          }
          continue
        }
        let mode = info.st_mode & S_IFMT
        type = mode == S_IFDIR ? .directory : mode == S_IFREG ? .file : mode == S_IFLNK ? .symlink : .other
      }
      switch type {
      case .directory:
        walk(path, into: &files, otherCase: &otherCase, problems: &problems, depth: depth + 1)
      case .file, .symlink:
        if entry.name.hasSuffix(".sql") {
          files.append(path)
        } else if entry.name.lowercased().hasSuffix(".sql") && !entry.name.hasPrefix(".") {
          otherCase.append(path)
        }
      default:
        break
      }
    }
  }

  /// Reads a whole file with POSIX calls; nil when it cannot be read
  /// (missing, not a regular file, permission). Never throws, never blocks.
  static func read(_ path: String) -> [UInt8]? { FileBytes.read(path) }
}
