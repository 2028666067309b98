import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where `cslint fix` may write a fixed migration (issue 21): never over a
/// read-only file, never replacing a symbolic link or one name of a
/// hard-linked file with a regular file, never outside the project.
public enum FixTarget {
  /// The file to write for `path`, or why it must not be written.
  public enum Decision: Equatable, Sendable {
    /// Replace this regular file atomically (temporary file and rename).
    case replace(String)
    /// Write into this file in place: it has other hard links, which a
    /// rename would detach (`--follow-symlinks` only).
    case inPlace(String)
    case refused(String)
  }

  /// Decides for `path`; `projectRoot` is the directory a link may point into.
  public static func decide(_ path: String, followSymlinks: Bool, projectRoot: String) -> Decision {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .refused("cannot inspect it: \(String(cString: strerror(errno)))") }
    var target = path
    if info.st_mode & S_IFMT == S_IFLNK {
      guard followSymlinks else {
        return .refused("it is a symbolic link; pass --follow-symlinks to write the file it points to")
      }
      guard let resolved = realpath(path, nil) else { return .refused("it is a broken symbolic link") }
      target = String(cString: resolved)
      free(resolved)
      let root = realpath(projectRoot, nil).map { pointer -> String in
        defer { free(pointer) }
        return String(cString: pointer)
      }
      guard let root, target == root || target.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
        return .refused("it is a symbolic link to '\(target)', outside the project")
      }
      guard stat(target, &info) == 0 else { return .refused("cannot inspect its target '\(target)'") }
    }
    guard info.st_mode & S_IFMT == S_IFREG else { return .refused("it is not a regular file") }
    // No write bit at all: read-only on purpose, even for root.
    if info.st_mode & 0o222 == 0 || access(target, W_OK) != 0 {
      return .refused("it is read-only (mode \(String(info.st_mode & 0o777, radix: 8)))")
    }
    if info.st_nlink > 1 {
      guard followSymlinks else {
        return .refused(
          "it has \(info.st_nlink) hard links; pass --follow-symlinks to write it in place (every link sees the change)"
        )
      }
      return .inPlace(target)
    }
    return .replace(target)
  }

  /// Writes `bytes` as `decision` says; throws for a refusal.
  public static func write(_ bytes: [UInt8], _ decision: Decision) throws {
    switch decision {
    case .replace(let path): try AtomicFile.write(bytes, to: path)
    case .inPlace(let path): try AtomicFile.writeInPlace(bytes, to: path, truncate: true)
    case .refused(let reason): throw HistoryError.io(path: "", message: reason)
    }
  }

  /// Removes the temporary files an interrupted `cslint fix` left in
  /// `directory` (`.NAME.tmp-PID-N`, `AtomicFile`'s pattern, whose process
  /// is gone) and returns their names.
  public static func removeStaleTemporaryFiles(in directory: String) -> [String] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return removeStaleTemporaryFiles(
      entries.sorted().map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 })
  }

  /// The same for `paths` already listed (by discovery): removes those named
  /// like a temporary file whose process is gone, and returns them.
  public static func removeStaleTemporaryFiles(_ paths: [String]) -> [String] {
    var removed: [String] = []
    for path in paths {
      guard let pid = temporaryFilePID(path.lastPathComponent), pid != getpid() else { continue }
      // Still running (or not ours to signal): leave it.
      if kill(pid, 0) == 0 || errno != ESRCH { continue }
      var info = stat()
      guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, unlink(path) == 0 else { continue }
      removed.append(path)
    }
    return removed
  }

  /// The PID in `.NAME.tmp-PID-N`, or nil for any other name.
  static func temporaryFilePID(_ name: String) -> pid_t? {
    let bytes = Array(name.utf8)
    let marker = Array(".tmp-".utf8)
    guard bytes.first == UInt8(ascii: "."), bytes.count > marker.count + 4 else { return nil }
    // The last `.tmp-`, after at least one character of NAME.
    var start = bytes.count - marker.count
    while start > 1 && !bytes[start..<(start + marker.count)].elementsEqual(marker) { start -= 1 }
    guard start > 1 else { return nil }
    let parts = bytes[(start + marker.count)...].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
    guard parts.count == 2,
      parts.allSatisfy({ !$0.isEmpty && $0.count <= 10 && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
      let pid = pid_t(String(decoding: parts[0], as: UTF8.self)), pid > 0,
      UInt32(String(decoding: parts[1], as: UTF8.self)) != nil
    else { return nil }
    return pid
  }
}
