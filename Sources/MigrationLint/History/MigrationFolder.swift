#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which migrations folder a file belongs to.
///
/// A run may cover several folders (a monorepo with `apps/a/supabase/migrations`
/// and `apps/b/supabase/migrations`, or a tree linted from its root). Each
/// folder is its own history: its own schema, naming checks relative to it,
/// its own ledger. The folder of a file is the deepest enclosing directory
/// named `migrations` or `migration` (Supabase, diesel, golang-migrate,
/// Flyway's `db/migration`), searched below the path the user passed; without
/// one, the path the user passed (or, for a file named directly, its parent).
public struct MigrationFolder: Sendable, Equatable {
  /// The folder, as a path built from what the user passed.
  public var directory: String
  /// Its files in run order.
  public var files: [String]
  /// True when the folder lies inside a directory the user passed, so the
  /// run's file discovery saw every file in it.
  public var isFullyDiscovered: Bool

  public init(directory: String, files: [String], isFullyDiscovered: Bool) {
    self.directory = directory
    self.files = files
    self.isFullyDiscovered = isFullyDiscovered
  }

  /// Groups `files` (in run order) by folder, folders in order of their first
  /// file. `roots` are the directories the user passed; a file under none of
  /// them was named directly.
  public static func group(_ files: [String], roots: [String]) -> [MigrationFolder] {
    let roots = roots.map(trimmingSlash).sorted { $0.utf8.count > $1.utf8.count }
    var folders: [MigrationFolder] = []
    var indexByDirectory: [String: Int] = [:]
    // A file beside the one before it (the common case: a folder's files
    // come together) is in its folder: no folder path built and hashed again
    // (11 M instructions per grouping of the corpus, in the serial start).
    var previous: (file: String, index: Int)?
    for file in files {
      if let before = previous, sameParent(before.file, file) {
        folders[before.index].files.append(file)
        previous = (file, before.index)
        continue
      }
      let root = roots.first { isInside(file, $0) }
      let directory = folder(of: file, root: root)
      if let index = indexByDirectory[directory] {
        folders[index].files.append(file)
        previous = (file, index)
      } else {
        indexByDirectory[directory] = folders.count
        previous = (file, folders.count)
        folders.append(MigrationFolder(directory: directory, files: [file], isFullyDiscovered: root != nil))
      }
    }
    return folders
  }

  /// Whether two paths name files in the same directory (the same bytes up
  /// to and including their last `/`, or no `/` in either): such files
  /// share their folder and their root, which depend on the directory only.
  static func sameParent(_ left: String, _ right: String) -> Bool {
    var left = left
    var right = right
    return left.withUTF8 { a in
      right.withUTF8 { b in
        let end = a.lastIndex(of: 0x2F) ?? -1
        guard (b.lastIndex(of: 0x2F) ?? -1) == end else { return false }
        guard end >= 0, let x = a.baseAddress, let y = b.baseAddress else { return end < 0 }
        return memcmp(x, y, end + 1) == 0
      }
    }
  }

  /// The folder of one file (see the type's documentation).
  public static func folder(of file: String, root: String?) -> String {
    let base = root.map(trimmingSlash)
    // Only directories below the root are searched (the root itself is the fallback).
    var searchStart = 0
    if let base {
      guard isInside(file, base) else { return base }
      searchStart = base == "." ? (file.utf8HasPrefix("./") ? 2 : 0) : base.utf8.count + 1
    }
    // Bytes in place (no array per call: this runs three times per file).
    var file = file
    return file.withUTF8 { bytes in
      guard let lastSlash = bytes.lastIndex(of: 0x2F) else { return base ?? "." }
      // Components from the deepest up.
      var end = lastSlash
      while end > searchStart {
        var start = end - 1
        while start >= searchStart && bytes[start] != 0x2F { start -= 1 }
        if isMigrationsName(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end])) {
          return String(decoding: bytes[0..<end], as: UTF8.self)
        }
        end = start
      }
      if let base { return base }
      return lastSlash == 0 ? "/" : String(decoding: bytes[0..<lastSlash], as: UTF8.self)
    }
  }

  /// `migrations` or `migration`, in any case.
  static func isMigrationsName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    let word: StaticString = "migrations"
    guard name.count == word.utf8CodeUnitCount || name.count == word.utf8CodeUnitCount - 1 else { return false }
    let letters = word.utf8Start
    for index in 0..<name.count {
      let byte = name[index]
      if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != letters[index] { return false }
    }
    return true
  }

  static func isInside(_ file: String, _ directory: String) -> Bool {
    if directory == "." { return !file.utf8HasPrefix("/") }
    if directory == "/" { return file.utf8HasPrefix("/") }
    // No `directory + "/"`: this runs for every file and root.
    guard file.utf8HasPrefix(directory) else { return false }
    return file.utf8.dropFirst(directory.utf8.count).first == UInt8(ascii: "/")
  }

  static func trimmingSlash(_ path: String) -> String {
    var path = path
    while path.utf8.count > 1 && path.utf8.last == UInt8(ascii: "/") { path.removeLast() }
    return path
  }
}
