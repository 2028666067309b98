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
    for file in files {
      let root = roots.first { isInside(file, $0) }
      let directory = folder(of: file, root: root)
      if let index = indexByDirectory[directory] {
        folders[index].files.append(file)
      } else {
        indexByDirectory[directory] = folders.count
        folders.append(MigrationFolder(directory: directory, files: [file], isFullyDiscovered: root != nil))
      }
    }
    return folders
  }

  /// The folder of one file (see the type's documentation).
  public static func folder(of file: String, root: String?) -> String {
    let parent = parentDirectory(of: file)
    let searched: String
    let base: String
    if let root {
      base = trimmingSlash(root)
      guard isInside(file, base), parent != base else { return base }
      let skipped = base == "." && !parent.hasPrefix("./") ? 0 : base.utf8.count + 1
      searched = String(decoding: parent.utf8.dropFirst(skipped), as: UTF8.self)
    } else {
      base = ""
      searched = parent
    }
    let components = searched.split(separator: "/", omittingEmptySubsequences: false)
    guard let last = components.lastIndex(where: { isMigrationsName($0) }) else { return root.map(trimmingSlash) ?? parent }
    let inside = components[...last].joined(separator: "/")
    if base.isEmpty || (base == "." && !parent.hasPrefix("./")) { return inside }
    return base + "/" + inside
  }

  static func isMigrationsName(_ name: Substring) -> Bool {
    let lowered = name.lowercased()
    return lowered == "migrations" || lowered == "migration"
  }

  static func isInside(_ file: String, _ directory: String) -> Bool {
    if directory == "." { return !file.hasPrefix("/") }
    if directory == "/" { return file.hasPrefix("/") }
    return file.hasPrefix(directory + "/")
  }

  static func trimmingSlash(_ path: String) -> String {
    var path = path
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    return path
  }
}
