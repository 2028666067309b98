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

  static func modified(_ info: stat) -> (seconds: Int, nanoseconds: Int) {
    #if canImport(Darwin)
      return (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
    #else
      return (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
    #endif
  }
}
