import Dispatch
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `cslint ledger update` did.
public struct LedgerUpdateResult: Sendable, Equatable {
  /// Entries in the ledger after the update.
  public var recorded: Int
  public var added: [String]
  public var updated: [String]
  public var removed: [String]
  /// False when the ledger already had exactly this content (nothing written).
  public var wroteFile: Bool
}

extension Ledger {
  /// Reads the ledger at `path`, or nil when there is none.
  public static func load(path: String) throws -> Ledger? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return try parse(readBytes(path), path: path)
  }

  /// Records migration files as applied.
  ///
  /// Without `only`, the ledger becomes exactly the current files (deleted
  /// ones are dropped). With `only`, just those files are recorded; a named
  /// file that no longer exists is dropped from the ledger. Each `only` item
  /// may be a path (as typed in a shell) or a name relative to the migrations
  /// directory. The write is atomic and skipped when nothing changed.
  @discardableResult
  public static func update(
    migrationsDirectory directory: String, ledgerPath: String? = nil, naming: NamingScheme = .supabase,
    only: [String]? = nil
  ) throws -> LedgerUpdateResult {
    let path = ledgerPath ?? defaultPath(forMigrationsDirectory: directory)
    return try AtomicFile.withDirectoryLock(parentDirectory(of: path)) {
      let files = try MigrationFile.discover(in: directory)
      let existingBytes: [UInt8]? = FileManager.default.fileExists(atPath: path) ? try readBytes(path) : nil
      var previous: [String: LedgerEntry] = [:]
      if let existingBytes {
        do {
          for entry in try parse(existingBytes, path: path).entries { previous[entry.relativeName] = entry }
        } catch let error as LedgerError {
          // A full update rebuilds the ledger from disk, which is how a
          // conflicted ledger gets repaired; a partial one must merge.
          if only != nil { throw error }
        }
      }
      var next: [String: LedgerEntry] = [:]
      if let only {
        next = previous
        let byName = Dictionary(files.map { ($0.relativeName, $0) }, uniquingKeysWith: { first, _ in first })
        for item in only {
          let name = relativeName(of: item, in: directory)
          if let file = byName[name] {
            next[name] = LedgerEntry(recording: file, naming: naming)
          } else if next[name] != nil {
            next[name] = nil
          } else {
            throw HistoryError.noSuchMigration(path: item)
          }
        }
      } else {
        for file in files { next[file.relativeName] = LedgerEntry(recording: file, naming: naming) }
      }
      let ledger = Ledger(entries: Array(next.values))
      let bytes = ledger.serialized(naming: naming)
      let wrote = bytes != existingBytes
      if wrote { try AtomicFile.write(bytes, to: path) }
      func sameContent(_ a: LedgerEntry, _ b: LedgerEntry) -> Bool {
        a.checksum == b.checksum && a.statements == b.statements && a.version == b.version
      }
      return LedgerUpdateResult(
        recorded: next.count,
        added: next.keys.filter { previous[$0] == nil }.sorted(),
        updated: next.keys.filter { key in
          previous[key].map { old in next[key].map { !sameContent(old, $0) } ?? false } ?? false
        }.sorted(),
        removed: previous.keys.filter { next[$0] == nil }.sorted(),
        wroteFile: wrote)
    }
  }

  /// Maps a user-typed file to its name relative to the migrations directory.
  static func relativeName(of item: String, in directory: String) -> String {
    let absoluteDirectory = URL(fileURLWithPath: directory).standardizedFileURL.path
    let absoluteItem = URL(fileURLWithPath: item).standardizedFileURL.path
    let prefix = absoluteDirectory.hasSuffix("/") ? absoluteDirectory : absoluteDirectory + "/"
    if absoluteItem.hasPrefix(prefix) {
      return String(absoluteItem.dropFirst(prefix.count))
    }
    // Not under the directory as typed: take it as a name relative to it.
    var name = Substring(item)
    while name.hasPrefix("./") { name = name.dropFirst(2) }
    return String(name)
  }
}
