import CSLintTestSupport
import Foundation

/// A deterministic sample of the third-party corpus in `../shared/corpus`
/// (read in place, never copied into the repository).
enum RobustCorpus {
  static let packageRoot = TestPaths.packageRoot
  static let directory = TestPaths.sharedCorpus

  static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: directory.appendingPathComponent("migrations").path)
      && FileManager.default.fileExists(atPath: directory.appendingPathComponent("postgres-regress").path)
  }

  /// CI must run the corpus tests, so there a missing corpus is a failure.
  static var isCI: Bool { TestPaths.isCI }

  struct Entry: Sendable {
    /// Relative to the corpus directory.
    var name: String
    var bytes: [UInt8]
  }

  /// Every `migrations` file whose index is a multiple of a stride chosen to
  /// give about `migrationCount` files (the corpus listing is sorted, so the
  /// sample is stable), plus every `postgres-regress` file under `regressLimit`
  /// bytes.
  static func sample(migrationCount: Int = 150, regressLimit: Int = 20_000) -> [Entry] {
    let migrations = sqlFiles(in: "migrations")
    let stride = max(1, migrations.count / max(1, migrationCount))
    var names: [String] = []
    for (index, name) in migrations.enumerated() where index % stride == 0 && names.count < migrationCount {
      names.append(name)
    }
    var entries = names.compactMap(read)
    entries += sqlFiles(in: "postgres-regress").compactMap(read).filter { $0.bytes.count < regressLimit }
    return entries
  }

  static func read(_ name: String) -> Entry? {
    guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
      return nil
    }
    return Entry(name: name, bytes: [UInt8](data))
  }

  /// Every `.sql` file under `folder`, relative to the corpus, sorted.
  static func sqlFiles(in folder: String) -> [String] {
    let root = directory.appendingPathComponent(folder)
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var files: [String] = []
    while let entry = enumerator.nextObject() as? String {
      if entry.hasSuffix(".sql") { files.append(folder + "/" + entry) }
    }
    return files.sorted()
  }
}
