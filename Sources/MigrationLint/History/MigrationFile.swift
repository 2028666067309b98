import Foundation

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
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
      throw HistoryError.io(path: directory, message: "no such directory")
    }
    guard isDirectory.boolValue else { throw HistoryError.io(path: directory, message: "not a directory") }
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
      throw HistoryError.io(path: directory, message: "cannot list the directory")
    }
    var names: [String] = []
    while let next = enumerator.nextObject() as? String {
      let components = next.split(separator: "/")
      guard let last = components.last else { continue }
      if last.hasPrefix(".") {
        enumerator.skipDescendants()
        continue
      }
      guard isMigrationName(String(last)) else { continue }
      var entryIsDirectory: ObjCBool = false
      let full = join(directory, next)
      if FileManager.default.fileExists(atPath: full, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue {
        names.append(next)
      }
    }
    names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return try names.map { name in
      let full = join(directory, name)
      return MigrationFile(path: full, relativeName: name, bytes: readContents ? try readBytes(full) : [])
    }
  }

  /// `paths` (files inside `directory`, found by the caller's own walk) as
  /// migration files named relative to `directory`, sorted like `discover`.
  public static func files(_ paths: [String], in directory: String, readContents: Bool) throws -> [MigrationFile] {
    var files = paths.map { path in
      MigrationFile(path: path, relativeName: relativeName(of: path, in: directory), bytes: [])
    }
    files.sort { $0.relativeName.utf8.lexicographicallyPrecedes($1.relativeName.utf8) }
    if readContents {
      for index in files.indices { files[index].bytes = try readBytes(files[index].path) }
    }
    return files
  }

  /// `path` relative to `directory` (unchanged when it is not inside it).
  public static func relativeName(of path: String, in directory: String) -> String {
    if directory == "." && !path.hasPrefix("./") { return path }
    let prefix = directory == "." ? "./" : (directory.hasSuffix("/") ? directory : directory + "/")
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
  do {
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  } catch {
    throw HistoryError.io(path: path, message: "cannot read the file (\(error.localizedDescription))")
  }
}
