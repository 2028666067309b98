import Foundation

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
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        problems.append("no such file or directory: '\(path)'")
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      var found: [String] = []
      walk(path, into: &found, otherCase: &otherCase, problems: &problems, depth: 0)
      files.append(contentsOf: found)
    }
    var seen = Set<String>()
    let unique = files.filter { seen.insert($0).inserted }
    return Result(files: unique.sorted(by: pathOrder), problems: problems, otherCaseSQL: otherCase.sorted(by: pathOrder))
  }

  /// Byte-wise path order, so results do not depend on the locale.
  static func pathOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }

  private static func walk(
    _ directory: String, into files: inout [String], otherCase: inout [String], problems: inout [String], depth: Int
  ) {
    guard depth < 64 else {
      problems.append("directory nesting too deep at '\(directory)'")
      return
    }
    let manager = FileManager.default
    guard let entries = try? manager.contentsOfDirectory(atPath: directory) else {
      problems.append("cannot list directory '\(directory)'")
      return
    }
    for entry in entries.sorted(by: pathOrder) where !entry.hasPrefix(".") || entry.hasSuffix(".sql") {
      let path = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
      var info = stat()
      guard lstat(path, &info) == 0 else {
        // Gone since the listing, or a name that is not valid UTF-8 (Foundation
        // hands it back with U+FFFD, so it cannot be opened): never drop a
        // possible migration silently.
        if entry.hasSuffix(".sql") || entry.contains("\u{FFFD}") {
          let reason =
            entry.contains("\u{FFFD}") ? "its name is not valid UTF-8; rename it" : String(cString: strerror(errno))
          problems.append("cannot access '\(path)' (\(reason))")
        }
        continue
      }
      let type = info.st_mode & S_IFMT
      if type == S_IFDIR {
        walk(path, into: &files, otherCase: &otherCase, problems: &problems, depth: depth + 1)
      } else if type == S_IFREG || type == S_IFLNK {
        if entry.hasSuffix(".sql") {
          files.append(path)
        } else if entry.lowercased().hasSuffix(".sql") && !entry.hasPrefix(".") {
          otherCase.append(path)
        }
      }
    }
  }

  /// Reads a whole file with POSIX calls; nil when it cannot be read
  /// (missing, not a regular file, permission). Never throws.
  static func read(_ path: String) -> [UInt8]? {
    // O_NONBLOCK: opening a FIFO (say `x.sql` linked to one) must not wait
    // for a writer forever; only regular files are read, so a FIFO or a
    // device such as /dev/zero (endless) is refused instead of hanging.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(info.st_size) + 1)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
  }
}
