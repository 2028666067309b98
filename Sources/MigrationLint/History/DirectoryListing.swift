#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Directory entries straight from `readdir`, with the types it reports, so
/// a walk needs no `stat` per file (and no Foundation).
public enum DirectoryListing {
  public enum EntryType: Sendable { case directory, file, symlink, other }

  public struct Entry: Sendable {
    public var name: String
    /// nil when the file system does not report types (ask `lstat`).
    public var type: EntryType?
    /// False when the name is not valid UTF-8 (a `String` path cannot open it).
    public var isValidUTF8: Bool
  }

  /// The entries of `directory` without `.` and `..`, in no particular
  /// order; nil when it cannot be opened.
  public static func entries(of directory: String) -> [Entry]? {
    guard let handle = opendir(directory) else { return nil }
    defer { closedir(handle) }
    var entries: [Entry] = []
    while let record = readdir(handle) {
      let (name, valid): (String, Bool) = withUnsafePointer(to: record.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: record.pointee.d_name)) {
          chars in
          if let text = String(validatingCString: chars) { return (text, true) }
          return (String(cString: chars), false)  // U+FFFD for the invalid bytes, for messages
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

  /// The type of `path` itself (not following a symlink); nil when it does not exist.
  public static func type(of path: String) -> EntryType? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .file
    case S_IFLNK: return .symlink
    default: return .other
    }
  }

  /// True when `path` is a directory (following symlinks, like `test -d`).
  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  /// True when `path` exists (following symlinks).
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }
}

extension String {
  /// Without leading and trailing spaces, tabs and line breaks.
  public var trimmingWhitespace: String {
    let bytes = Array(utf8)
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(decoding: bytes[first...last], as: UTF8.self)
  }

  /// Every occurrence of `target` replaced by `replacement` (byte-wise).
  public func replacingAll(_ target: String, with replacement: String) -> String {
    let source = Array(utf8)
    let pattern = Array(target.utf8)
    guard !pattern.isEmpty, source.count >= pattern.count else { return self }
    var output: [UInt8] = []
    output.reserveCapacity(source.count)
    var index = 0
    while index < source.count {
      if source[index] == pattern[0] && index + pattern.count <= source.count
        && source[index..<index + pattern.count].elementsEqual(pattern)
      {
        output.append(contentsOf: replacement.utf8)
        index += pattern.count
      } else {
        output.append(source[index])
        index += 1
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}
