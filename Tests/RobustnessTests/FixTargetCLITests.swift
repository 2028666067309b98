import Foundation
import Testing

/// Issue 21, items 8 to 12: `cslint fix` never silently rewrites a
/// read-only file, never replaces a symbolic or hard link with a regular
/// file (unless --follow-symlinks, and then only inside the project),
/// cleans up the temporary files of an interrupted run, escapes control
/// characters in file names, and `--` ends the options.
@Suite("fix targets: read-only files, links, stale temporary files; file names in text output", .serialized)
struct FixTargetCLITests {
  static let name = "20240201000000_settings.sql"
  /// `missing-if-not-exists` has a safe fix for this.
  static let original = Array("create table settings (key text primary key, value text);\n".utf8)
  static let fixed = Array("create table if not exists settings (key text primary key, value text);\n".utf8)

  static func fix(_ project: FaultProject, _ extra: [String] = []) throws -> CLIRunner.Result {
    try CLIRunner.cslint(["fix", "--format", "json"] + extra + ["supabase/migrations"], in: project.root)
  }

  @Test("a read-only migration (mode 0444) is refused with exit 2, even for root, and keeps its bytes")
  func readOnly() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    try project.write(Self.name, Self.original)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: project.url(Self.name).path)
    let result = try Self.fix(project)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(Self.name) && result.stderr.contains("read-only"), "\(result.stderr)")
    #expect(project.bytes(Self.name) == Self.original)
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("a symbolic link is refused without --follow-symlinks; with it, a target outside the project still is")
  func symlinkOutside() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent("cslint-outside-\(UUID()).sql")
    try Data(Self.original).write(to: outside)
    defer { try? FileManager.default.removeItem(at: outside) }
    try FileManager.default.createSymbolicLink(atPath: project.url(Self.name).path, withDestinationPath: outside.path)
    for extra in [[], ["--follow-symlinks"]] {
      let result = try Self.fix(project, extra)
      #expect(result.status == 2, "\(extra): \(result.stderr)")
      #expect(result.stderr.contains("symbolic link"), "\(result.stderr)")
      #expect(Array((try? Data(contentsOf: outside)) ?? Data()) == Self.original)
      let kind =
        try FileManager.default.attributesOfItem(atPath: project.url(Self.name).path)[.type] as? FileAttributeType
      #expect(kind == .typeSymbolicLink, "the link was replaced")
    }
  }

  @Test("with --follow-symlinks a link to a file inside the project fixes the target and stays a link")
  func symlinkInside() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    let target = project.root.appendingPathComponent("shared.sql")
    try Data(Self.original).write(to: target)
    try FileManager.default.createSymbolicLink(
      atPath: project.url(Self.name).path, withDestinationPath: "../../shared.sql")
    let refused = try Self.fix(project)
    #expect(refused.status == 2 && refused.stderr.contains("--follow-symlinks"), "\(refused.stderr)")
    #expect(Array(try Data(contentsOf: target)) == Self.original)
    let result = try Self.fix(project, ["--follow-symlinks"])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(Array(try Data(contentsOf: target)) == Self.fixed)
    let kind =
      try FileManager.default.attributesOfItem(atPath: project.url(Self.name).path)[.type] as? FileAttributeType
    #expect(kind == .typeSymbolicLink)
  }

  @Test("a hard-linked migration is refused; with --follow-symlinks it is written in place, links kept")
  func hardLink() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    try project.write(Self.name, Self.original)
    let other = project.root.appendingPathComponent("other-name.sql")
    try FileManager.default.linkItem(at: project.url(Self.name), to: other)
    let refused = try Self.fix(project)
    #expect(refused.status == 2 && refused.stderr.contains("hard links"), "\(refused.stderr)")
    #expect(Array(try Data(contentsOf: other)) == Self.original)
    let result = try Self.fix(project, ["--follow-symlinks"])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(Array(try Data(contentsOf: other)) == Self.fixed, "the other link sees the fix")
    #expect(project.bytes(Self.name) == Self.fixed)
  }

  @Test("a stale temporary file of our pattern is removed and reported; others are left alone")
  func staleTemporaryFiles() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    // PID 2^22 + 1 is above Linux's pid_max limit: no such process.
    let stale = ".\(FaultProject.before).tmp-4194305-77"
    let running = ".\(FaultProject.before).tmp-\(getpid())-78"
    let unrelated = ".notes.tmp-4194305-x"
    for name in [stale, running, unrelated] { try project.write(name, Array("partial".utf8)) }
    let result = try project.lint()
    #expect(result.stderr.contains(stale) && result.stderr.contains("interrupted"), "\(result.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: project.migrations.path)
    #expect(!names.contains(stale))
    #expect(names.contains(running) && names.contains(unrelated))
    #expect(project.healthyFilesReported(result), "\(result.stdout)")

    // A file named directly: its directory was not walked by discovery, so
    // the cleanup lists it itself.
    let again = ".\(FaultProject.before).tmp-4194305-79"
    try project.write(again, Array("partial".utf8))
    let single = try CLIRunner.cslint(
      ["lint", "--format", "json", "supabase/migrations/\(FaultProject.after)"], in: project.root)
    #expect(single.stderr.contains(again), "\(single.stderr)")
    #expect(try !FileManager.default.contentsOfDirectory(atPath: project.migrations.path).contains(again))
  }

  @Test("control characters in a file name are escaped in the text report and in messages")
  func controlCharactersInNames() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    let name = Array("20240401000000_\u{1B}[31mred\nline.sql".utf8)
    try #require(project.writeRawName(name, Array("create index i on t (c);\n".utf8)))
    let result = try CLIRunner.cslint(["lint", "--no-color", "supabase/migrations"], in: project.root)
    #expect(result.stdout.contains("20240401000000_\\x1B[31mred\\nline.sql:1:1"), "\(result.stdout)")
    #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"))
  }

  @Test("`--` ends the options: a file name may begin with '-'")
  func doubleDash() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    try project.write("-h.sql", Array("create index i on t (c);\n".utf8))
    let result = try CLIRunner.cslint(
      ["lint", "--format", "json", "--", "supabase/migrations/-h.sql"], in: project.root)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.reported["-h.sql"]?.contains("require-concurrent-index-creation") == true, "\(result.stdout)")
    let unknown = try CLIRunner.cslint(["lint", "supabase/migrations/-h.sql", "--bogus"], in: project.root)
    #expect(unknown.status == 2 && unknown.stderr.contains("unknown option '--bogus'"))
  }

  @Test("a NUL byte in a configuration value is shown visibly in the error")
  func nulInConfiguration() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    try Data("fail_on: error\u{0}\n".utf8).write(to: project.root.appendingPathComponent(".cslint.yml"))
    let result = try project.lint()
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("'error\\0'"), "\(result.stderr)")
    #expect(!result.stderr.unicodeScalars.contains("\u{0}"))
  }
}
