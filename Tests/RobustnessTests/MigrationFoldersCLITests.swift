import CSLintTestSupport
import Foundation
import Testing

/// A tree with several migrations folders (a monorepo, or a project linted
/// from its root): each folder is its own history.
@Suite("Several migrations folders in one run")
struct MigrationFoldersCLITests {
  /// Two Supabase apps; app `b` enables RLS on a table named like app `a`'s.
  static func makeTree() throws -> URL {
    let root = TestPaths.scratchURL("folders")
    let files: [String: String] = [
      "apps/a/supabase/migrations/20240101000000_notes.sql":
        "create table if not exists public.notes (id bigint primary key);\n",
      "apps/a/supabase/migrations/20240102000000_notes_index.sql":
        "create index if not exists notes_id_idx on public.notes (id);\n",
      "apps/b/supabase/migrations/20240101000000_notes.sql":
        "create table if not exists public.notes (id bigint primary key);\nalter table public.notes enable row level security;\n",
      "apps/b/supabase/migrations/20240103000000_more.sql":
        "alter table public.notes enable row level security;\n",
    ]
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  @Test("no misplaced-file warnings, and one folder's schema does not settle another's findings")
  func foldersAreSeparate() throws {
    let root = try Self.makeTree()
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["lint", ".", "--format", "json"], in: root)
    #expect(result.status == 1, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let files = try #require(object["files"] as? [[String: Any]])
    var rules: [String: [String]] = [:]
    for file in files {
      let path = try #require(file["path"] as? String)
      let diagnostics = file["diagnostics"] as? [[String: Any]] ?? []
      rules[path] = diagnostics.compactMap { $0["rule"] as? String }
    }
    #expect(
      files.compactMap { $0["path"] as? String } == [
        "./apps/a/supabase/migrations/20240101000000_notes.sql",
        "./apps/a/supabase/migrations/20240102000000_notes_index.sql",
        "./apps/b/supabase/migrations/20240101000000_notes.sql",
        "./apps/b/supabase/migrations/20240103000000_more.sql",
      ])
    #expect(!rules.values.joined().contains("invalid-migration-filename"))
    // App b enabling RLS on its own `notes` does not settle app a's finding.
    #expect(rules["./apps/a/supabase/migrations/20240101000000_notes.sql"] == ["rls-disabled-in-public"])
    #expect(
      rules["./apps/a/supabase/migrations/20240102000000_notes_index.sql"] == ["require-concurrent-index-creation"])
    // App b's table has RLS and no policy (information), and never lacked RLS.
    #expect(rules["./apps/b/supabase/migrations/20240101000000_notes.sql"] == ["rls-enabled-no-policy"])
  }

  @Test(
    "a report that waits for its folder's end reads the same on stdout and through --output",
    arguments: ["json", "text"])
  func heldReportsStreamUnchanged(format: String) throws {
    let root = try Self.makeTree()
    defer { try? FileManager.default.removeItem(at: root) }
    let output = root.appendingPathComponent("report.out")
    let streamed = try CLIRunner.cslint(["lint", ".", "--format", format, "--no-color"], in: root)
    let written = try CLIRunner.cslint(
      ["lint", ".", "--format", format, "--no-color", "--output", output.path], in: root)
    #expect(streamed.status == written.status)
    #expect(!streamed.stdout.isEmpty)
    #expect(try String(contentsOf: output, encoding: .utf8) == streamed.stdout)
    if format == "text" {
      // The held finding was written with its code frame (the file was read back).
      #expect(streamed.stdout.contains("1 | create table if not exists public.notes (id bigint primary key);"))
    }
  }

  @Test("a golang-migrate folder is checked as golang-migrate unless a runner is configured")
  func runnerFromFileNames() throws {
    let root = TestPaths.scratchURL("runner")
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("db/migrations")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in [
      ("000001_users.up.sql", "create table if not exists users (id bigint primary key);\n"),
      ("000001_users.down.sql", "drop table if exists users;\n"),
      ("000002_email.up.sql", "alter table users add column if not exists email text;\n"),
      ("000002_email.down.sql", "alter table users drop column if exists email;\n"),
    ] {
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    let inferred = try CLIRunner.cslint(["lint", "db/migrations", "--format", "json"], in: root)
    #expect(inferred.status == 0, "\(inferred.stdout)\(inferred.stderr)")
    // Runner-specific rules stay silent; the files set no lock_timeout, which
    // require-lock-timeout reports whatever the runner.
    let findings = inferred.reported.values.flatMap { $0 }.filter { $0 != "require-lock-timeout" }
    #expect(findings.isEmpty, "\(inferred.reported)")
    // Told it is a Supabase folder, the up/down pairs share versions.
    let supabase = try CLIRunner.cslint(
      ["lint", "db/migrations", "--format", "json", "--runner", "supabase"], in: root)
    #expect(supabase.reported.values.joined().contains("duplicate-migration-version"))
  }
}
