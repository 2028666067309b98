import MigrationLint
import PostgresSyntax
import Testing

/// Schema context found wrong while comparing with squawk on the corpus
/// (docs/comparison.md): down migrations and goose Down sections.
@Suite struct ReplayContextTests {
  static func findings(_ rule: String, in results: [FileResult], path: String) -> [Diagnostic] {
    results.first { $0.source.path == path }?.diagnostics.filter { $0.ruleID == rule } ?? []
  }

  @Test(arguments: [
    (["a/down.sql", "a/up.sql", "b/down.sql", "b/up.sql"], [1, 0, 3, 2]),
    (["1_x.down.sql", "1_x.up.sql", "2_y.up.sql"], [1, 0, 2]),
    // A down migration without its up migration keeps its place.
    (["a/down.sql", "b/up.sql"], [0, 1]),
    // Not next to each other: found by path all the same.
    (["a/down.sql", "a/notes.sql", "a/up.sql"], [1, 2, 0]),
    (["a/up.sql", "b/x.sql", "a/down.sql"], [0, 2, 1]),
    (["001_init.sql", "002_more.sql"], [0, 1]),
  ])
  func downMigrationFollowsItsUpMigration(paths: [String], expected: [Int]) {
    #expect(Linter.replayOrder(paths) == expected)
  }

  @Test func downMigrationSeesTheSchemaItsUpMigrationLeaves() {
    // up makes the column nullable; down makes it NOT NULL again: a scan.
    let files = [
      SourceFile(path: "m/1_create/up.sql", text: "CREATE TABLE pets (id bigint PRIMARY KEY, name text NOT NULL);"),
      SourceFile(path: "m/2_relax/down.sql", text: "ALTER TABLE pets ALTER COLUMN name SET NOT NULL;"),
      SourceFile(path: "m/2_relax/up.sql", text: "ALTER TABLE pets ALTER COLUMN name DROP NOT NULL;"),
    ]
    let results = Linter(settings: LintSettings(runner: .diesel)).lint(files: files)
    #expect(results.map(\.source.path) == files.map(\.path))
    #expect(Self.findings("set-not-null-scan", in: results, path: "m/2_relax/down.sql").count == 1)
  }

  @Test func gooseDownSectionIsLintedOnItsOwnAndNotReplayed() {
    let up = """
      -- +goose Up
      CREATE TABLE pets (id bigint PRIMARY KEY, owner_id bigint NOT NULL);
      -- +goose StatementBegin
      ALTER TABLE pets ADD COLUMN IF NOT EXISTS tag text;
      CREATE INDEX IF NOT EXISTS pets_tag_idx ON pets (tag);
      -- +goose StatementEnd
      -- +goose Down
      DROP INDEX IF EXISTS pets_tag_idx;
      DROP TABLE IF EXISTS pets;
      """
    let later = "ALTER TABLE pets ALTER COLUMN owner_id SET NOT NULL;"
    let files = [SourceFile(path: "m/001_pets.sql", text: up), SourceFile(path: "m/002_owner.sql", text: later)]
    let results = Linter(settings: LintSettings(runner: .flyway)).lint(files: files)
    // The Down section drops an index made by an earlier run of Up: not new.
    #expect(Self.findings("require-concurrent-index-deletion", in: results, path: "m/001_pets.sql").count == 1)
    // Up's index is on a table it creates: fine.
    #expect(Self.findings("require-concurrent-index-creation", in: results, path: "m/001_pets.sql").isEmpty)
    // Down's DROP TABLE was not replayed: 002 still sees the NOT NULL column
    // (an unknown table would be reported).
    #expect(Self.findings("set-not-null-scan", in: results, path: "m/002_owner.sql").isEmpty)
  }
}
