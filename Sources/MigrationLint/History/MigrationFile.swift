import Dispatch
import FoundationEssentials
import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One migration file on disk (or at a git revision).
public struct MigrationFile: Sendable, Equatable {
  /// The path as shown to the user, e.g. `supabase/migrations/20240101120000_init.sql`.
  public var path: String
  /// The path relative to the migrations directory, `/`-separated; the key
  /// the ledger and git mode use.
  public var relativeName: String
  public var bytes: [UInt8]

  public init(path: String, relativeName: String, bytes: [UInt8]) {
    self.path = path
    self.relativeName = relativeName
    self.bytes = bytes
  }

  /// Every `.sql` file under `directory` (recursively; names starting with
  /// `.` are skipped), sorted by relative name. The extension is matched
  /// case-insensitively so that `X.SQL` is found and reported by
  /// `invalid-migration-filename` instead of being ignored.
  /// With `readContents: false` the files' bytes are left empty (enough for
  /// naming and duplicate-version checks, which look at names only).
  public static func discover(in directory: String, readContents: Bool = true) throws -> [MigrationFile] {
    guard DirectoryListing.exists(directory) else {
      throw HistoryError.io(path: directory, message: "no such directory")
    }
    guard DirectoryListing.isDirectory(directory) else {
      throw HistoryError.io(path: directory, message: "not a directory")
    }
    guard DirectoryListing.entries(of: directory) != nil else {
      throw HistoryError.io(path: directory, message: "cannot list the directory")
    }
    // The shared walk, ledger policy: hidden names skipped, any case of
    // `.sql`, links to directories skipped, nothing reported.
    var names = SQLFileWalk.walk(directory, policy: .ledger).files.map {
      SQLFileWalk.relativeName(of: $0, root: directory)
    }
    names.sort { $0.utf8Precedes($1) }
    return try names.map { name in
      let full = join(directory, name)
      return MigrationFile(path: full, relativeName: name, bytes: readContents ? try readBytes(full) : [])
    }
  }

  /// `paths` (files inside `directory`, found by the caller's own walk) as
  /// migration files named relative to `directory`, sorted like `discover`.
  public static func files(_ paths: [String], in directory: String, readContents: Bool) throws -> [MigrationFile] {
    var files = zip(paths, relativeNames(of: paths, in: directory)).map { path, name in
      MigrationFile(path: path, relativeName: name, bytes: [])
    }
    files.sort { $0.relativeName.utf8Precedes($1.relativeName) }
    if readContents {
      for index in files.indices { files[index].bytes = try readBytes(files[index].path) }
    }
    return files
  }

  /// `path` relative to `directory` (unchanged when it is not inside it).
  public static func relativeName(of path: String, in directory: String) -> String {
    relativeName(of: path, prefix: relativePrefix(directory))
  }

  /// `relativeName(of:in:)` of each of `paths`, with the directory's
  /// prefix made once (not a string built per file: about 2 M
  /// instructions per pass over the corpus folders).
  public static func relativeNames(of paths: [String], in directory: String) -> [String] {
    let prefix = relativePrefix(directory)
    return paths.map { relativeName(of: $0, prefix: prefix) }
  }

  /// What a path inside `directory` starts with.
  private static func relativePrefix(_ directory: String) -> String {
    directory == "." ? "./" : (directory.hasSuffix("/") ? directory : directory + "/")
  }

  /// `path` without `prefix` (`relativePrefix`), unchanged when it does
  /// not start with it.
  private static func relativeName(of path: String, prefix: String) -> String {
    guard path.hasPrefix(prefix) else { return path }
    return String(decoding: path.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
  }

  /// Whether a file name (last path component) is considered a migration.
  static func isMigrationName(_ name: String) -> Bool {
    name.lowercased().hasSuffix(".sql")
  }

}

/// `directory/name`, without doubling separators or prefixing `./`.
func join(_ directory: String, _ name: String) -> String {
  if directory.isEmpty || directory == "." { return name }
  return directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

/// The directory part of a path (`.` when there is none).
func parentDirectory(of path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  if slash == path.startIndex { return "/" }
  return String(path[..<slash])
}

func readBytes(_ path: String) throws -> [UInt8] {
  guard let bytes = FileBytes.read(path) else {
    throw HistoryError.io(path: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
  }
  return bytes
}

/// Whole-file reads and writes with POSIX calls.
public enum FileBytes {
  /// Writes every byte to `descriptor`, retrying short writes and EINTR.
  /// - Returns: false when a write fails (`errno` says why) or writes
  ///   nothing (e.g. the reading end of a pipe is gone).
  @discardableResult
  public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
    bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
  }

  /// Writes every byte of `buffer` (as `writeAll(_:to:)` for an array).
  @discardableResult
  public static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
    guard let base = buffer.baseAddress else { return true }
    var offset = 0
    while offset < buffer.count {
      let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return false }
      offset += written
    }
    return true
  }

  /// The bytes of a regular file; nil when it cannot be read (missing, not
  /// a regular file, permission; `errno` says why). Never throws, never
  /// blocks on a FIFO.
  /// The size of the regular file at `path` in bytes, or nil (missing, not
  /// a regular file).
  public static func size(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int(info.st_size)
  }

  public static func read(_ path: String) -> [UInt8]? {
    // O_NONBLOCK: opening a FIFO (say `x.sql` linked to one) must not wait
    // for a writer forever; only regular files are read, so a FIFO or a
    // device such as /dev/zero (endless) is refused instead of hanging.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    guard info.st_mode & S_IFMT == S_IFREG else {
      errno = info.st_mode & S_IFMT == S_IFDIR ? EISDIR : EINVAL
      return nil
    }
    // Read straight into the array: one allocation of the file's size (and
    // one byte more), not zeroed first. Asking for one byte more than fstat
    // said lets a read that comes back short with exactly the file's size
    // end the file: no second read only to see end-of-file (one system call
    // per file, 2,910 on the corpus run).
    let size = Int(info.st_size)
    var count = 0
    var failed = false
    var atEnd = false
    var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
      while count < size + 1 {
        let want = size + 1 - count
        let got = Glibc.read(descriptor, buffer.baseAddress! + count, want)
        if got < 0 {
          if errno == EINTR { continue }
          failed = true
          break
        }
        if got == 0 {
          atEnd = true
          break
        }
        count += got
        if got < want && count == size {
          atEnd = true
          break
        }
      }
      initialized = count
    }
    if failed { return nil }
    if atEnd { return bytes }
    // The file grew since fstat: read the rest (an uninitialized buffer:
    // zeroing 64 KiB per file cost more than reading the file).
    let complete: Bool = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { chunk in
      while true {
        let got = Glibc.read(descriptor, chunk.baseAddress, chunk.count)
        if got < 0 {
          if errno == EINTR { continue }
          return false
        }
        if got == 0 { return true }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<got]))
      }
    }
    return complete ? bytes : nil
  }
}
