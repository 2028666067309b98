import CSLintTestSupport
import Foundation
import Testing

/// What a new user meets first, through the built binary: `cslint init`,
/// `baseline` and `ignore`, linting named files, seed files, the ledger's
/// exit code, the version and the README's example output.
@Suite("Adoption: init, baseline, ignore, named files, ledger check, README")
struct AdoptionCLITests {
  /// Writes `files` (relative path → text) under a fresh scratch directory.
  static func project(_ files: [String: String]) throws -> URL {
    let root = TestPaths.scratchURL("adopt")
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  static let notes = "supabase/migrations/20240101000000_notes.sql"
  static let notesIndex = "supabase/migrations/20240102000000_notes_index.sql"
  static let tags = "supabase/migrations/20240103000000_tags.sql"
  static let tagsIndex = "supabase/migrations/20240104000000_tags_index.sql"

  /// Four migrations, each with findings of its own; the later indexes are
  /// on tables created earlier (so replay matters).
  static func fourMigrations(extra: [String: String] = [:]) throws -> URL {
    try project(
      [
        notes: "create table public.notes (id bigint primary key, body text);\n",
        notesIndex: "create index notes_body_idx on public.notes (body);\n",
        tags: "create table if not exists public.tags (id bigint primary key, name text);\n"
          + "alter table public.tags enable row level security;\n",
        tagsIndex: "create index if not exists tags_name_idx on public.tags (name);\n",
      ].merging(extra) { $1 })
  }

  static func rulesByFile(_ result: CLIRunner.Result) -> [String: [String]] { result.reported }

  @Test("cslint lint FILE reports the named file only; neighbours are context")
  func namedFileOnly() throws {
    let root = try Self.fourMigrations(extra: ["supabase/migrations/misnamed.sql": "select 1;\n"])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["lint", Self.tagsIndex, "--format", "json"], in: root)
    #expect(result.status == 1, "\(result.stderr)")
    // Only the named file; tags exists (replayed), so the index is on a live table.
    #expect(Array(result.reported.keys) == ["20240104000000_tags_index.sql"])
    #expect(result.reported["20240104000000_tags_index.sql"] == ["require-concurrent-index-creation"])
    // The whole folder still reports the misnamed neighbour.
    let whole = try CLIRunner.cslint(["lint", "supabase/migrations", "--format", "json"], in: root)
    #expect(whole.reported["misnamed.sql"] == ["invalid-migration-filename"])
  }

  @Test("supabase/seed.sql and other SQL outside migrations folders is not linted")
  func seedIsNotAMigration() throws {
    let root = try Self.fourMigrations(extra: [
      "supabase/seed.sql": "create index seed_idx on public.notes (body);\n",
      "supabase/tests/notes_test.sql": "drop table public.notes;\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["lint", ".", "--format", "json"], in: root)
    #expect(
      result.reported.keys.sorted() == [
        "20240101000000_notes.sql", "20240102000000_notes_index.sql", "20240103000000_tags.sql",
        "20240104000000_tags_index.sql",
      ])
    // A tree with no migrations folder is linted whole.
    let plain = try Self.project(["sql/a.sql": "drop table public.notes;\n"])
    defer { try? FileManager.default.removeItem(at: plain) }
    #expect(try CLIRunner.cslint(["lint", ".", "--format", "json"], in: plain).reported["a.sql"] != nil)
  }

  @Test("baseline: earlier migrations are replayed and history-checked but get no findings")
  func baseline() throws {
    let root = try Self.fourMigrations(extra: [
      ".cslint.yml": "baseline: 20240102000000\n", "defaults.yml": "# no keys: the defaults\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let withoutBaseline = try CLIRunner.cslint(["lint", "--format", "json", "--config", "defaults.yml"], in: root)
    #expect(withoutBaseline.reported[(Self.notes as NSString).lastPathComponent]?.isEmpty == false)
    #expect(withoutBaseline.reported["20240102000000_notes_index.sql"]?.isEmpty == false)

    let result = try CLIRunner.cslint(["lint", "--format", "json"], in: root)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.reported["20240101000000_notes.sql"] == [])
    #expect(result.reported["20240102000000_notes_index.sql"] == [])
    // The table of a baselined file is known: the later index is on a live table.
    #expect(result.reported["20240104000000_tags_index.sql"] == ["require-concurrent-index-creation"])

    // --baseline overrides the file.
    let later = try CLIRunner.cslint(["lint", "--format", "json", "--baseline", "20240104000000"], in: root)
    #expect(later.status == 0, "\(later.stdout)")
    #expect(later.reported.values.allSatisfy { $0.isEmpty })

    // cslint fix leaves baselined files alone (applied migrations are never rewritten).
    let before = try String(contentsOf: root.appendingPathComponent(Self.notes), encoding: .utf8)
    let fixed = try CLIRunner.cslint(["fix", "--baseline", "20240101000000"], in: root)
    #expect(fixed.status == 1, "\(fixed.stderr)")
    #expect(try String(contentsOf: root.appendingPathComponent(Self.notes), encoding: .utf8) == before)
    // The next file is not baselined: its safe fix is applied.
    #expect(
      try String(contentsOf: root.appendingPathComponent(Self.notesIndex), encoding: .utf8)
        == "create index if not exists notes_body_idx on public.notes (body);\n")

    // History checks still cover baselined files.
    let ledger = try CLIRunner.cslint(["ledger", "update"], in: root)
    #expect(ledger.status == 0, "\(ledger.stderr)")
    try Data("create table public.notes (id bigint primary key, body text, extra int);\n".utf8)
      .write(to: root.appendingPathComponent(Self.notes))
    let edited = try CLIRunner.cslint(["lint", "--format", "json"], in: root)
    #expect(edited.reported["20240101000000_notes.sql"] == ["edited-applied-migration"])
    #expect(edited.status == 1)
  }

  @Test("ignore: paths are replayed without findings, tables silence one rule on matching tables")
  func ignore() throws {
    let config = """
      ignore:
        paths: ['supabase/migrations/*_notes.sql']
        tables:
          require-concurrent-index-creation: ['tag*']
          table-without-rls: [public.nothing]
      """
    let root = try Self.fourMigrations(extra: [".cslint.yml": config + "\n"])
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["lint", "--format", "json"], in: root)
    #expect(result.reported["20240101000000_notes.sql"] == [])
    // notes (from the ignored file) was replayed: the index is on a live table.
    #expect(result.reported["20240102000000_notes_index.sql"]?.contains("require-concurrent-index-creation") == true)
    #expect(result.reported["20240104000000_tags_index.sql"] == [])
    let bad = try Self.project([".cslint.yml": "ignore:\n  tables:\n    no-such-rule: [x]\n"])
    defer { try? FileManager.default.removeItem(at: bad) }
    let rejected = try CLIRunner.cslint(["config"], in: bad)
    #expect(rejected.status == 2)
    #expect(rejected.stderr.contains(".cslint.yml:3:5: unknown rule id 'no-such-rule' in 'ignore.tables'"))
  }

  @Test("ledger check: a comments-only edit is a warning, exit code by fail_on; a content edit fails")
  func ledgerCheckFollowsFailOn() throws {
    let root = try Self.fourMigrations()
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(try CLIRunner.cslint(["ledger", "update"], in: root).status == 0)
    let path = root.appendingPathComponent(Self.tags)
    let original = try String(contentsOf: path, encoding: .utf8)
    try Data(("-- tags for notes\n" + original).utf8).write(to: path)
    let check = try CLIRunner.cslint(["ledger", "check"], in: root)
    #expect(check.status == 0, "\(check.stdout)")
    #expect(check.stdout.contains("warning[edited-applied-migration]"))
    #expect(check.stdout.contains("comments only"))
    #expect(try CLIRunner.cslint(["ledger", "check", "--fail-on", "warning"], in: root).status == 1)
    try Data("fail_on: warning\n".utf8).write(to: root.appendingPathComponent(".cslint.yml"))
    #expect(try CLIRunner.cslint(["ledger", "check"], in: root).status == 1)
    // lint agrees with ledger check.
    #expect(try CLIRunner.cslint(["lint", Self.tags], in: root).status == 1)
    try FileManager.default.removeItem(at: root.appendingPathComponent(".cslint.yml"))
    try Data((original + "alter table public.tags add column color text;\n").utf8).write(to: path)
    let content = try CLIRunner.cslint(["ledger", "check"], in: root)
    #expect(content.status == 1)
    #expect(content.stdout.contains("error[edited-applied-migration]"))
  }

  @Test("cslint init writes a loadable, commented .cslint.yml with runner and baseline, and never overwrites")
  func initCommand() throws {
    let root = try Self.project([
      "db/migrations/1_create_notes.up.sql": "create table notes (id bigint primary key);\n",
      "db/migrations/1_create_notes.down.sql": "drop table notes;\n",
      "db/migrations/2_index_notes.up.sql": "create index notes_id_idx on notes (id);\n",
      "db/migrations/2_index_notes.down.sql": "drop index notes_id_idx;\n",
      "package.json": "{}\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(try CLIRunner.cslint(["lint", "--format", "json"], in: root).status == 2)  // no supabase/migrations
    let result = try CLIRunner.cslint(["init"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let text = try String(contentsOf: root.appendingPathComponent(".cslint.yml"), encoding: .utf8)
    #expect(text.contains("  - db/migrations # "))
    #expect(text.contains("runner: golang-migrate # "))
    #expect(text.contains("baseline: 2 # "))
    #expect(result.stdout.contains("- id: cslint-system"))
    #expect(result.stdout.contains("uses: <owner>/cslint@v"))
    // The existing migrations start clean; the configuration loads.
    let lint = try CLIRunner.cslint(["lint", "--format", "json"], in: root)
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    #expect(lint.reported.count == 4)
    #expect(lint.reported.values.allSatisfy { $0.isEmpty })
    // The ledger commands take the folder and runner from .cslint.yml too.
    let update = try CLIRunner.cslint(["ledger", "update"], in: root)
    #expect(update.status == 0, "\(update.stderr)")
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("db/migrations/cslint.lock").path))
    let check = try CLIRunner.cslint(["ledger", "check"], in: root)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.isEmpty, "golang-migrate names are not Supabase naming problems: \(check.stdout)")
    let again = try CLIRunner.cslint(["init"], in: root)
    #expect(again.status == 2)
    #expect(again.stderr.contains("already exists"))
  }

  @Test("cslint --version, CHANGELOG.md's top entry and the versions in README and docs/ci.md agree")
  func versionInOnePlace() throws {
    let result = try CLIRunner.cslint(["--version"], in: TestPaths.packageRoot)
    let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(
      of: "cslint ", with: "")
    #expect(!version.isEmpty)
    let changelog = try String(
      contentsOf: TestPaths.packageRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
    let top = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
    #expect(top?.split(separator: " ").first.map(String.init) == version)
    for document in ["README.md", "docs/ci.md"] {
      let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(document), encoding: .utf8)
      let mentioned = Self.versions(in: text)
      #expect(!mentioned.isEmpty, "\(document) names no version")
      #expect(mentioned == [version], "\(document) names versions \(mentioned), not \(version)")
    }
  }

  /// Versions written as `@vX.Y.Z`, `VERSION=X.Y.Z`, `rev: vX.Y.Z` or `from: "X.Y.Z"`.
  static func versions(in text: String) -> Set<String> {
    var found: Set<String> = []
    for marker in ["@v", "VERSION=", "VERSION: \"", "rev: v", "from: \""] {
      var rest = Substring(text)
      while let range = rest.range(of: marker) {
        let after = rest[range.upperBound...]
        let version = after.prefix { $0.isNumber || $0 == "." }
        if version.contains(".") { found.insert(String(version)) }
        rest = after
      }
    }
    return found
  }

  @Test("the README's example output is what the current build prints")
  func readmeExampleOutput() throws {
    let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let section = try #require(readme.components(separatedBy: "## Example output").dropFirst().first)
    let body = try #require(section.components(separatedBy: "\n## ").first)
    var blocks = body.components(separatedBy: "```\n").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    blocks = blocks.filter { $0.hasPrefix("$ cslint ") }
    #expect(blocks.count >= 2)
    for block in blocks {
      var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let command = lines.removeFirst().dropFirst(2).split(separator: " ").map(String.init)
      let expected = lines.joined(separator: "\n")
      let result = try CLIRunner.cslint(Array(command.dropFirst()) + ["--no-color"], in: TestPaths.packageRoot)
      // Exact, but for the blank line that ends a report printed with --quiet.
      #expect(
        Self.trimmingNewlines(result.stdout) == Self.trimmingNewlines(expected),
        "README block for `\(command.joined(separator: " "))` is stale")
    }
  }

  static func trimmingNewlines(_ text: String) -> String {
    var text = Substring(text)
    while text.last == "\n" { text = text.dropLast() }
    return String(text)
  }
}
