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
    return Result(
      files: unique.sorted(by: pathOrder), problems: problems, otherCaseSQL: otherCase.sorted(by: pathOrder))
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
    guard let entries = listDirectory(directory) else {
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

  enum EntryType { case directory, file, symlink, other }

  struct Entry {
    var name: String
    /// nil when the file system does not report types (then `lstat` tells).
    var type: EntryType?
    var isValidUTF8: Bool
  }

  /// The entries of a directory (without `.` and `..`) with the types
  /// `readdir` reports, so a walk needs no `stat` per file.
  static func listDirectory(_ directory: String) -> [Entry]? {
    guard let handle = opendir(directory) else { return nil }
    defer { closedir(handle) }
    var entries: [Entry] = []
    while let record = readdir(handle) {
      let (name, valid): (String, Bool) = withUnsafePointer(to: record.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: 256) { chars in
          if let text = String(validatingCString: chars) { return (text, true) }
          return (String(cString: chars), false)
        }
      }
      if name == "." || name == ".." { continue }
      let type: EntryType?
      switch Int32(record.pointee.d_type) {
      case Int32(DT_DIR): type = .directory
      case Int32(DT_REG): type = .file
      case Int32(DT_LNK): type = .symlink
      case Int32(DT_UNKNOWN): type = nil
      default: type = .other
      }
      entries.append(Entry(name: name, type: type, isValidUTF8: valid))
    }
    return entries
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
