import FoundationEssentials
import MigrationLint

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The replay cache on disk, in the style of ruff's `.ruff_cache`:
/// `<directory>/.gitignore` (`*`, so the cache never lands in a commit),
/// `CACHEDIR.TAG`, and `replay/<folder>/<key>.snapshot`, one directory per
/// migrations folder (by the hash of its real path). Every failure is a
/// miss or a write not done, reported only with `--verbose`: a read-only
/// checkout lints as if there were no cache.
struct ReplayCacheDirectory: ReplayCacheStore {
  let directory: String
  let verbose: Bool
  /// Entries of other chains a folder keeps (the newest), besides the current chain's.
  var otherEntries = 8
  /// When the run started (for the stamps' two-second rule).
  let startedAt = Int(time(nil))

  static let suffix = ".snapshot"

  func keys(folder: String) -> Set<String> {
    guard let entries = DirectoryListing.entries(of: folderDirectory(folder)) else { return [] }
    var keys = Set<String>()
    for entry in entries where entry.name.hasSuffix(Self.suffix) && !entry.name.hasPrefix(".") {
      keys.insert(String(entry.name.dropLast(Self.suffix.count)))
    }
    return keys
  }

  func load(folder: String, key: String) -> [UInt8]? {
    FileBytes.read(folderDirectory(folder) + "/" + key + Self.suffix)
  }

  func store(folder: String, key: String, bytes: [UInt8]) {
    let target = folderDirectory(folder)
    guard prepare(target) else { return }
    write(bytes, to: target + "/" + key + Self.suffix)
  }

  func prune(folder: String, keeping: Set<String>) {
    let target = folderDirectory(folder)
    guard let entries = DirectoryListing.entries(of: target) else { return }
    var others: [(name: String, modified: Int)] = []
    let now = Int(time(nil))
    for entry in entries {
      let path = target + "/" + entry.name
      var info = stat()
      guard stat(path, &info) == 0 else { continue }
      if entry.name.hasPrefix(".") {
        // A temporary file an interrupted write left (an hour is ample for any write).
        if entry.name.contains(".tmp-") && now - Self.modified(info).seconds > 3600 { unlink(path) }
        continue
      }
      guard entry.name.hasSuffix(Self.suffix), !keeping.contains(String(entry.name.dropLast(Self.suffix.count)))
      else { continue }
      others.append((entry.name, Self.modified(info).seconds))
    }
    guard others.count > otherEntries else { return }
    others.sort { $0.modified > $1.modified }
    for old in others[otherEntries...] { unlink(target + "/" + old.name) }
  }

  func note(_ message: String) {
    if verbose { printError(message) }
  }

  /// Hashes by file stamp: `replay/<folder>/stamps` remembers each file's
  /// `ReplayHash` with its inode, size, modification and change times, so an
  /// unchanged file is not read again (a 20 MB migration costs a `stat`).
  /// The file is binary (see `StampFile`); the files are looked up in
  /// order, so a warm run builds no string per file.
  func knownFiles(folder: String, paths: [String]) -> [KnownFile?] {
    let stamps = FileBytes.read(folderDirectory(folder) + "/" + Self.stampsName).flatMap(StampFile.init)
    var cursor = 0
    var byName: [String: Int]?
    var result: [KnownFile?] = []
    result.reserveCapacity(paths.count)
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0 else {
        result.append(nil)
        continue
      }
      let stamp = FileStamp(info)
      var hash: [UInt8]?
      if let stamps {
        // Usually the files of the last run, in the same order.
        var found: Int?
        if cursor < stamps.count, stamps.name(cursor, equals: path) {
          found = cursor
        } else {
          if byName == nil { byName = stamps.names() }
          found = byName?[path]
        }
        if let found {
          cursor = found + 1
          if stamps.stamp(found) == stamp { hash = stamps.hash(found) }
        }
      }
      result.append(KnownFile(size: Int(info.st_size), hash: hash, stamp: stamp))
    }
    return result
  }

  /// Records the files' stamps with their hashes: the stamp `knownFiles`
  /// took before the file was read (a change after it gives the file a new
  /// stamp, so a stale hash is never found again). Like git's index, a file
  /// modified or changed less than two seconds before this run started is
  /// not recorded: it may change again within the clock's granularity, so
  /// it is always read again.
  func remember(folder: String, files: [(path: String, hash: [UInt8], stamp: FileStamp?)]) {
    var writer = StampFile.Writer()
    for (path, hash, known) in files where hash.count == ReplayHash.digestCount {
      var info = stat()
      guard let stamp = known ?? (stat(path, &info) == 0 ? FileStamp(info) : nil) else { continue }
      guard startedAt - max(stamp.modified, stamp.changed) >= 2 else { continue }
      writer.append(path: path, stamp: stamp, hash: hash)
    }
    let target = folderDirectory(folder)
    guard prepare(target) else { return }
    write(writer.finish(), to: target + "/" + Self.stampsName)
  }

  static let stampsName = "stamps"

  /// Writes a cache file: a temporary file renamed over the target, without
  /// fsync (unlike `AtomicFile`): entries are checksummed and verified on
  /// load, so a write a crash tears is only a miss.
  private func write(_ bytes: [UInt8], to path: String) {
    guard ProcessInfo.processInfo.environment["CSLINT_TEST_FAIL_WRITES"] != "1" else {
      return note("replay cache: cannot write '\(path)': injected write failure (CSLINT_TEST_FAIL_WRITES=1)")
    }
    let directory = path.deletingLastPathComponent
    let base = path.split(separator: "/").last.map(String.init) ?? path
    let temporary = directory + "/.\(base).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      return note("replay cache: cannot write to '\(directory)': \(String(cString: strerror(errno)))")
    }
    let written = FileBytes.writeAll(bytes, to: fd)
    let reason = String(cString: strerror(errno))
    close(fd)
    guard written, rename(temporary, path) == 0 else {
      unlink(temporary)
      return note("replay cache: cannot write '\(path)': \(reason)")
    }
  }

  /// `replay/<hash of the folder's real path>`.
  func folderDirectory(_ folder: String) -> String {
    var real = folder.isEmpty ? "." : folder
    if let resolved = realpath(real, nil) {
      real = String(cString: resolved)
      free(resolved)
    }
    return directory + "/replay/" + String(SHA256.hex(of: Array(real.utf8)).prefix(24))
  }

  /// Creates the cache directory (with its `.gitignore` and `CACHEDIR.TAG`)
  /// and `target` below it; false (noted) when that fails.
  private func prepare(_ target: String) -> Bool {
    if DirectoryListing.isDirectory(target) { return true }
    guard makeDirectories(directory) else {
      note("replay cache: cannot create '\(directory)'; not caching")
      return false
    }
    let ignore = directory + "/.gitignore"
    if !DirectoryListing.exists(ignore) {
      write(Array("# Automatically created by cslint.\n*\n".utf8), to: ignore)
    }
    let tag = directory + "/CACHEDIR.TAG"
    if !DirectoryListing.exists(tag) {
      write(
        Array(
          "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by cslint.\n"
            .utf8), to: tag)
    }
    guard makeDirectories(target) else {
      note("replay cache: cannot create '\(target)'; not caching")
      return false
    }
    return true
  }

  /// `mkdir -p`; true when `path` is a directory afterwards.
  private func makeDirectories(_ path: String) -> Bool {
    if DirectoryListing.isDirectory(path) { return true }
    let parent = path.deletingLastPathComponent
    if !parent.isEmpty && parent != path && !DirectoryListing.isDirectory(parent) {
      guard makeDirectories(parent) else { return false }
    }
    // Another run may create it at the same moment: only the outcome counts.
    _ = mkdir(path, 0o755)
    return DirectoryListing.isDirectory(path)
  }

  /// What makes this build's replay distinct: the version and the
  /// executable itself (size and modification time), so a rebuilt cslint
  /// never reads entries an older build wrote.
  static var buildIdentity: String {
    var info = stat()
    var identity = CommandRouter.version
    for candidate in ["/proc/self/exe", CommandLine.arguments.first ?? ""] where !candidate.isEmpty {
      if stat(candidate, &info) == 0 {
        let modified = Self.modified(info)
        identity += " \(info.st_size) \(modified.seconds).\(modified.nanoseconds) \(info.st_ino)"
        break
      }
    }
    return identity
  }

  static func changed(_ info: stat) -> (seconds: Int, nanoseconds: Int) {
    #if canImport(Darwin)
      return (Int(info.st_ctimespec.tv_sec), Int(info.st_ctimespec.tv_nsec))
    #else
      return (Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec))
    #endif
  }

  static func modified(_ info: stat) -> (seconds: Int, nanoseconds: Int) {
    #if canImport(Darwin)
      return (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
    #else
      return (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
    #endif
  }
}

extension FileStamp {
  init(_ info: stat) {
    let modified = ReplayCacheDirectory.modified(info)
    let changed = ReplayCacheDirectory.changed(info)
    self.init(
      inode: Int64(truncatingIfNeeded: info.st_ino), size: Int64(info.st_size), modified: modified.seconds,
      modifiedNanoseconds: modified.nanoseconds, changed: changed.seconds, changedNanoseconds: changed.nanoseconds)
  }
}

/// The `stamps` file: the magic `CSLSTMP1`, then per file its path
/// (32-bit length, UTF-8), its stamp (six 64-bit integers) and its
/// `ReplayHash` (16 bytes), all little endian, then the FNV-1a 64 of everything before.
/// A file that does not check out is ignored (every file is read again).
struct StampFile {
  static let magic: [UInt8] = Array("CSLSTMP2".utf8)
  static let stampBytes = 48
  private let bytes: [UInt8]
  /// Where each entry's path starts, and its length.
  private var entries: [(offset: Int, length: Int)] = []

  var count: Int { entries.count }

  init?(_ bytes: [UInt8]) {
    guard bytes.count >= Self.magic.count + 8, bytes.starts(with: Self.magic) else { return nil }
    let end = bytes.count - 8
    guard Self.fixed(bytes, at: end) == Self.checksum(bytes[..<end]) else { return nil }
    self.bytes = bytes
    var position = Self.magic.count
    while position < end {
      guard end - position >= 4 else { return nil }
      let length = Int(Self.fixed(bytes, at: position, width: 4))
      guard length <= end - position - 4 - Self.stampBytes - ReplayHash.digestCount else { return nil }
      entries.append((position + 4, length))
      position += 4 + length + Self.stampBytes + ReplayHash.digestCount
    }
  }

  func name(_ index: Int, equals path: String) -> Bool {
    let entry = entries[index]
    var path = path
    return path.withUTF8 { utf8 in
      utf8.count == entry.length
        && bytes.withUnsafeBufferPointer { buffer in
          utf8.elementsEqual(UnsafeBufferPointer(rebasing: buffer[entry.offset..<(entry.offset + entry.length)]))
        }
    }
  }

  func names() -> [String: Int] {
    var result: [String: Int] = [:]
    for (index, entry) in entries.enumerated() {
      result[String(decoding: bytes[entry.offset..<(entry.offset + entry.length)], as: UTF8.self)] = index
    }
    return result
  }

  func stamp(_ index: Int) -> FileStamp {
    let start = entries[index].offset + entries[index].length
    func field(_ number: Int) -> Int64 { Int64(bitPattern: Self.fixed(bytes, at: start + 8 * number)) }
    return FileStamp(
      inode: field(0), size: field(1), modified: Int(field(2)), modifiedNanoseconds: Int(field(3)),
      changed: Int(field(4)), changedNanoseconds: Int(field(5)))
  }

  func hash(_ index: Int) -> [UInt8] {
    let start = entries[index].offset + entries[index].length + Self.stampBytes
    return Array(bytes[start..<(start + ReplayHash.digestCount)])
  }

  static func fixed(_ bytes: [UInt8], at offset: Int, width: Int = 8) -> UInt64 {
    var value: UInt64 = 0
    for index in 0..<width { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
    return value
  }

  /// FNV-1a 64.
  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
  }

  struct Writer {
    var bytes = StampFile.magic

    mutating func fixed(_ value: UInt64, width: Int = 8) {
      for index in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
    }

    mutating func append(path: String, stamp: FileStamp, hash: [UInt8]) {
      fixed(UInt64(path.utf8.count), width: 4)
      bytes += path.utf8
      for field in [
        stamp.inode, stamp.size, Int64(stamp.modified), Int64(stamp.modifiedNanoseconds), Int64(stamp.changed),
        Int64(stamp.changedNanoseconds),
      ] {
        fixed(UInt64(bitPattern: field))
      }
      bytes += hash
    }

    mutating func finish() -> [UInt8] {
      fixed(StampFile.checksum(bytes[...]))
      return bytes
    }
  }
}
