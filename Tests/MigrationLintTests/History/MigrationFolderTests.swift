import Testing

@testable import MigrationLint

@Suite("MigrationFolder")
struct MigrationFolderTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var file: String
    var root: String?
    var folder: String
    var testDescription: String { "\(file) under \(root ?? "(named)")" }
  }

  static let cases: [Case] = [
    // The folder the user passed is the migrations folder.
    Case(
      file: "supabase/migrations/20240101000000_init.sql", root: "supabase/migrations", folder: "supabase/migrations"),
    Case(
      file: "supabase/migrations/20240101000000_init.sql", root: "supabase/migrations/", folder: "supabase/migrations"),
    // A file in a subfolder of it stays in it (and is reported as misplaced).
    Case(file: "supabase/migrations/old/x.sql", root: "supabase/migrations", folder: "supabase/migrations"),
    // Linting a tree: each `migrations` folder below the root is its own.
    Case(file: "./apps/a/supabase/migrations/1_x.sql", root: ".", folder: "./apps/a/supabase/migrations"),
    Case(file: "repo/apps/b/supabase/migrations/1_x.sql", root: "repo", folder: "repo/apps/b/supabase/migrations"),
    Case(file: "repo/db/Migration/V1__init.sql", root: "repo", folder: "repo/db/Migration"),
    // diesel: the version folders sit inside `migrations`.
    Case(file: "repo/migrations/2024-01-01-000000_init/up.sql", root: "repo", folder: "repo/migrations"),
    Case(file: "migrations/2024-01-01-000000_init/up.sql", root: "migrations", folder: "migrations"),
    // No `migrations` folder below the root: the root.
    Case(file: "sql/schema/001_users.sql", root: "sql", folder: "sql"),
    Case(file: "sql/001_users.sql", root: "sql", folder: "sql"),
    // Names that only contain the word do not count.
    Case(file: "repo/old-migrations/1_x.sql", root: "repo", folder: "repo"),
    Case(file: "repo/migrationsx/1_x.sql", root: "repo", folder: "repo"),
    // Files named directly: nearest `migrations` ancestor, else the parent.
    Case(file: "supabase/migrations/20240101000000_init.sql", root: nil, folder: "supabase/migrations"),
    Case(file: "db/migrations/2024-01-01-000000_init/up.sql", root: nil, folder: "db/migrations"),
    Case(file: "scripts/fix.sql", root: nil, folder: "scripts"),
    Case(file: "fix.sql", root: nil, folder: "."),
    Case(file: "/fix.sql", root: nil, folder: "/"),
    // Non-ASCII names are handled as bytes.
    Case(file: "répertoire/migrations/1_é.sql", root: "répertoire", folder: "répertoire/migrations"),
  ]

  @Test("the folder of a file", arguments: cases)
  func folder(_ example: Case) {
    #expect(MigrationFolder.folder(of: example.file, root: example.root) == example.folder)
  }

  @Test("grouping keeps run order within and across folders")
  func grouping() {
    let files = [
      "repo/apps/a/supabase/migrations/1_a.sql",
      "repo/apps/a/supabase/migrations/2_a.sql",
      "repo/apps/b/supabase/migrations/1_b.sql",
      "repo/seed.sql",
      "loose/2_y.sql",
    ]
    let folders = MigrationFolder.group(files, roots: ["repo/"])
    #expect(
      folders == [
        MigrationFolder(
          directory: "repo/apps/a/supabase/migrations", files: Array(files[0...1]), isFullyDiscovered: true),
        MigrationFolder(directory: "repo/apps/b/supabase/migrations", files: [files[2]], isFullyDiscovered: true),
        MigrationFolder(directory: "repo", files: [files[3]], isFullyDiscovered: true),
        MigrationFolder(directory: "loose", files: [files[4]], isFullyDiscovered: false),
      ])
  }

  @Test("the deepest root a file is under wins")
  func nestedRoots() {
    let folders = MigrationFolder.group(["a/b/1_x.sql", "a/2_y.sql"], roots: ["a", "a/b"])
    #expect(folders.map(\.directory) == ["a/b", "a"])
  }

  @Test(
    "same parent directory: the grouping's shortcut for a file beside the one before",
    arguments: [
      ("db/migrations/1_a.sql", "db/migrations/2_b.sql", true),
      ("db/migrations/1_a.sql", "db/migrations/x/2_b.sql", false),
      ("db/migrations/x/1_a.sql", "db/migrations/2_b.sql", false),
      ("db/migrationz/1_a.sql", "db/migrations/2_b.sql", false),
      ("a.sql", "b.sql", true),
      ("a.sql", "./b.sql", false),
      ("/a.sql", "/b.sql", true),
    ])
  func sameParent(_ left: String, _ right: String, _ expected: Bool) {
    #expect(MigrationFolder.sameParent(left, right) == expected)
    #expect(MigrationFolder.sameParent(right, left) == expected)
  }

  @Test("files of a folder apart from each other still group into one folder")
  func interleaved() {
    // Flyway's version order may alternate between directories.
    let files = ["r/a/migrations/V1__x.sql", "r/b/migrations/V2__y.sql", "r/a/migrations/V3__z.sql"]
    let folders = MigrationFolder.group(files, roots: ["r"])
    #expect(folders.map(\.directory) == ["r/a/migrations", "r/b/migrations"])
    #expect(folders.map(\.files) == [[files[0], files[2]], [files[1]]])
  }
}
