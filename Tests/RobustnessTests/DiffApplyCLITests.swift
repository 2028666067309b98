import CSLintTestSupport
import Foundation
import Testing

/// The diffs `cslint fix --diff` and `cslint fix --split --dry-run` print are
/// patches: `git apply` takes them and leaves the files exactly as the fix
/// itself writes them (the newline ending a file is not a line of its own; a
/// last line without one is marked `\ No newline at end of file`).
@Suite("printed diffs apply with git apply", .serialized)
struct DiffApplyCLITests {
  /// File texts to fix: a final newline or none, CRLF, a change between
  /// unchanged lines (context on both sides), two changes.
  static let cases: [(name: String, text: String)] = [
    ("final newline", "create table public.t (id bigint primary key);\n"),
    ("no final newline", "create table public.t (id bigint primary key);"),
    ("crlf", "-- one\r\ncreate table public.t (id bigint primary key);\r\n"),
    (
      "change in the middle",
      "-- a\n-- b\n-- c\n-- d\ncreate table public.t (id bigint primary key);\n-- e\n-- f\n-- g\n-- h\n"
    ),
    (
      "two changes, no final newline",
      "create table public.a (id bigint primary key);\n\ncreate table public.b (id bigint primary key);"
    ),
  ]

  @Test("fix --diff", arguments: cases.indices)
  func fixDiff(_ index: Int) throws {
    try #require(CLIRunner.binary != nil)
    let (name, text) = Self.cases[index]
    let project = try SplitProject()
    defer { try? FileManager.default.removeItem(at: project.root) }
    let file = "20240101000000_tables.sql"
    try project.write(file, text)
    let diff = try CLIRunner.cslint(
      ["fix", "--diff", "--format", "json", "--rule", "missing-if-not-exists", "supabase/migrations"],
      in: project.root)
    let patch = Self.patch(diff.stdout)
    #expect(patch.hasPrefix("--- a/"), "\(name): \(diff.stdout)")
    let fixed = try CLIRunner.cslint(
      ["fix", "--rule", "missing-if-not-exists", "supabase/migrations"], in: project.root)
    #expect(fixed.status != 2, "\(name): \(fixed.stderr)")
    let expected = try project.files()
    // Back to the original, then the patch must make the fixed files.
    try project.write(file, text)
    try Self.apply(patch, in: project.root, name: name)
    #expect(try project.files() == expected, "\(name)")
  }

  @Test("fix --split --dry-run, new files included")
  func splitDryRun() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { try? FileManager.default.removeItem(at: project.root) }
    let file = "20240102000000_orders.sql"
    let text =
      "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\nCREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note);"
    try project.write(file, text)
    let arguments = ["fix", "--split"] + SplitProject.splitRules + ["supabase/migrations"]
    let dryRun = try CLIRunner.cslint(arguments + ["--dry-run", "--format", "json"], in: project.root)
    let patch = Self.patch(dryRun.stdout)
    #expect(patch.contains("--- /dev/null"), "\(dryRun.stdout)")
    let split = try CLIRunner.cslint(arguments, in: project.root)
    #expect(split.status != 2, "\(split.stderr)")
    let expected = try project.files()
    #expect(expected.count == 2, "\(expected.keys.sorted())")
    for name in expected.keys where name != file {
      try FileManager.default.removeItem(at: project.migrations.appendingPathComponent(name))
    }
    try project.write(file, text)
    try Self.apply(patch, in: project.root, name: "split")
    #expect(try project.files() == expected)
  }

  /// The diff part of stdout: everything before the JSON report.
  static func patch(_ stdout: String) -> String {
    guard let report = stdout.range(of: "\n{\n") else { return stdout }
    return String(stdout[..<report.lowerBound]) + "\n"
  }

  /// `git apply` (not in a repository: `--unsafe-paths` is not needed for
  /// relative paths) in `directory`; fails the test with git's message.
  static func apply(_ patch: String, in directory: URL, name: String) throws {
    let patchFile = directory.appendingPathComponent("change.patch")
    try Data(patch.utf8).write(to: patchFile)
    defer { try? FileManager.default.removeItem(at: patchFile) }
    let result = try CLIRunner.run(executable: "/usr/bin/git", ["apply", "--verbose", "change.patch"], in: directory)
    #expect(result.status == 0, "\(name): git apply failed: \(result.stderr)\n\(patch)")
  }
}
