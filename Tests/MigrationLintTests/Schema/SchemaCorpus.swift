import CSLintTestSupport
import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// The migration projects of `../shared/corpus/migrations` (one folder per
/// project), located from this file's path.
enum SchemaCorpus {
  /// `../shared/corpus/migrations`, or nil (skip; a failure when `CI=true`).
  static func migrationsFolder() throws -> URL? { try TestPaths.corpusFolder("migrations") }

  /// Project folder names, sorted.
  static func projects(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
  }

  /// A project's up-migration files in path order, read into memory.
  static func files(of project: String, in folder: URL) -> [SourceFile] {
    let root = folder.appendingPathComponent(project)
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var paths: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let path = "\(project)/\(relative)"
      if relative.hasSuffix(".sql") && !Linter.isDownMigration(path) { paths.append(relative) }
    }
    return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { relative in
      guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(relative).path) else {
        return nil
      }
      return SourceFile(path: "\(project)/\(relative)", bytes: [UInt8](data))
    }
  }

  /// Replays a project's files in order into a fresh schema.
  static func replayProject(_ files: [SourceFile]) -> SchemaState {
    var state = SchemaState()
    for (index, file) in files.enumerated() { replay(file, index: index, into: &state) }
    return state
  }
}
