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
    do {
      try AtomicFile.write(bytes, to: target + "/" + key + Self.suffix)
    } catch {
      note("replay cache: cannot write to '\(target)': \(error)")
    }
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
  /// SHA-256 with its inode, size, modification and change times, so an
  /// unchanged file is not read again (a 20 MB migration costs a `stat`).
  /// Like git's index, a stamp younger than two seconds is not recorded: a
  /// file changed again within the clock's granularity is always re-read.
  func contentHashes(folder: String, paths: [String], read: (String) -> [UInt8]?) -> [(hash: [UInt8], size: Int)] {
    let stampsPath = folderDirectory(folder) + "/stamps"
    var known: [String: (stamp: String, hash: [UInt8])] = [:]
    if let bytes = FileBytes.read(stampsPath) {
      for line in bytes.split(separator: UInt8(ascii: "\n")) {
        let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[1].count == 64, let hash = Self.bytes(hex: fields[1]) else { continue }
        known[String(decoding: fields[2], as: UTF8.self)] = (String(decoding: fields[0], as: UTF8.self), hash)
      }
    }
    let now = Int(time(nil))
    var result: [(hash: [UInt8], size: Int)] = []
    var lines: [String] = []
    var changed = false
    for path in paths {
      var info = stat()
      let stamped = stat(path, &info) == 0
      let modified = Self.modified(info)
      let changedAt = Self.changed(info)
      let stamp =
        "\(info.st_ino):\(info.st_size):\(modified.seconds).\(modified.nanoseconds):\(changedAt.seconds).\(changedAt.nanoseconds)"
      let name = path.contains("\n") ? nil : path
      if stamped, let name, let entry = known[name], entry.stamp == stamp {
        result.append((entry.hash, Int(info.st_size)))
        lines.append(stamp + " " + SHA256.hexString(entry.hash) + " " + name)
        continue
      }
      guard let bytes = read(path) else { break }
      let hash = SHA256.hash(bytes)
      result.append((hash, bytes.count))
      if stamped, let name, Int(info.st_size) == bytes.count, now - max(modified.seconds, changedAt.seconds) >= 2 {
        lines.append(stamp + " " + SHA256.hexString(hash) + " " + name)
        changed = true
      }
    }
    if changed && prepare(folderDirectory(folder)) {
      do {
        try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: stampsPath)
      } catch {
        note("replay cache: cannot write '\(stampsPath)': \(error)")
      }
    }
    return result
  }

  static func bytes(hex: ArraySlice<UInt8>) -> [UInt8]? {
    func nibble(_ byte: UInt8) -> UInt8? {
      switch byte {
      case 0x30...0x39: return byte - 0x30
      case 0x61...0x66: return byte - 0x61 + 10
      default: return nil
      }
    }
    var result: [UInt8] = []
    result.reserveCapacity(hex.count / 2)
    var index = hex.startIndex
    while index + 1 < hex.endIndex {
      guard let high = nibble(hex[index]), let low = nibble(hex[index + 1]) else { return nil }
      result.append(high << 4 | low)
      index += 2
    }
    return result
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
      try? AtomicFile.write(Array("# Automatically created by cslint.\n*\n".utf8), to: ignore)
    }
    let tag = directory + "/CACHEDIR.TAG"
    if !DirectoryListing.exists(tag) {
      try? AtomicFile.write(
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
