import Dispatch
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Crash-safe file replacement (for `cslint fix`, reports and the ledger)
/// and a directory lock (for the ledger).
public enum AtomicFile {
  /// Replaces `path` with `bytes` so that readers see either the old or the
  /// new file, never a partial one: write a temporary file in the same
  /// directory, fsync it, rename it over the target, fsync the directory.
  /// An existing file's permission bits are kept.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    // Fault injection for the robustness tests: behave like a full disk.
    if ProcessInfo.processInfo.environment["CSLINT_TEST_FAIL_WRITES"] == "1" {
      throw HistoryError.io(path: path, message: "injected write failure (CSLINT_TEST_FAIL_WRITES=1)")
    }
    var existing = stat()
    if stat(path, &existing) == 0, existing.st_mode & S_IFMT != S_IFREG {
      // A device, FIFO or socket (`-o /dev/null`, `-o /dev/stdout`, a
      // process substitution): write into it; renaming over it would
      // replace the device with a regular file.
      try writeInPlace(bytes, to: path)
      return
    }
    // Through a symlink, replace the file it points to, not the link.
    var path = path
    if let resolved = realpath(path, nil) {
      path = String(cString: resolved)
      free(resolved)
    }
    let directory = parentDirectory(of: path)
    let base = path.split(separator: "/").last.map(String.init) ?? path
    let temporary = join(directory, ".\(base).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    let mode: mode_t? = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : nil

    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw posixError(temporary, "cannot create a temporary file") }
    var succeeded = false
    defer {
      if !succeeded { unlink(temporary) }
    }
    do {
      defer { close(fd) }
      if let mode, fchmod(fd, mode) != 0 { throw posixError(temporary, "cannot set permissions") }
      guard FileBytes.writeAll(bytes, to: fd) else { throw posixError(temporary, "cannot write") }
      guard fsync(fd) == 0 else { throw posixError(temporary, "cannot flush to disk") }
    }
    guard rename(temporary, path) == 0 else { throw posixError(path, "cannot replace the file") }
    succeeded = true
    // Make the rename itself durable; failure here loses nothing already written.
    let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
    if directoryFD >= 0 {
      _ = fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// Writes `bytes` into an existing non-regular file (a device or a FIFO).
  static func writeInPlace(_ bytes: [UInt8], to path: String, truncate: Bool = false) throws {
    let fd = open(path, O_WRONLY | O_CLOEXEC | (truncate ? O_TRUNC : 0))
    guard fd >= 0 else { throw posixError(path, "cannot open for writing") }
    defer { close(fd) }
    guard FileBytes.writeAll(bytes, to: fd) else { throw posixError(path, "cannot write") }
  }

  /// Runs `body` holding an exclusive advisory lock (`flock`) on `directory`,
  /// so concurrent `ledger update` runs read, merge and write one at a time
  /// instead of losing each other's entries. Locking the directory creates no
  /// extra file. Where the lock cannot be taken, `body` still runs: the
  /// atomic rename alone already rules out a truncated ledger.
  static func withDirectoryLock<T>(_ directory: String, _ body: () throws -> T) rethrows -> T {
    let fd = open(directory, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return try body() }
    defer { close(fd) }
    var locked = false
    while true {
      if flock(fd, LOCK_EX) == 0 {
        locked = true
        break
      }
      if errno != EINTR { break }
    }
    defer {
      if locked { _ = flock(fd, LOCK_UN) }
    }
    return try body()
  }

  private static func posixError(_ path: String, _ what: String) -> HistoryError {
    HistoryError.io(path: path, message: "\(what): \(String(cString: strerror(errno)))")
  }
}
