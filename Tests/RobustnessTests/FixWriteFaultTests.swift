import Foundation
import Testing

/// `cslint fix` when the fixed file cannot be written: the original stays
/// byte-identical, the error names it, the exit code is 2, and the other
/// files of the run are still linted and reported.
@Suite("fix write faults", .serialized)
struct FixWriteFaultTests {
  static let name = "20240201000000_settings.sql"
  /// `missing-if-not-exists` has a safe fix for this.
  static let original = Array("create table settings (key text primary key, value text);\n".utf8)

  static func check(_ result: CLIRunner.Result, _ project: FaultProject) {
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(name), "the error names the file: \(result.stderr)")
    #expect(project.bytes(name) == original, "the original changed")
    let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: project.migrations.path)) ?? []
    #expect(leftovers.filter { $0.hasSuffix(".tmp") } == [], "temporary files left behind")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("the fix is applied when writing works (the control case)")
  func fixWorks() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    try project.write(Self.name, Self.original)
    let result = try CLIRunner.cslint(["fix", "--format", "json", "supabase/migrations"], in: project.root)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(
      project.bytes(Self.name)
        == Array("create table if not exists settings (key text primary key, value text);\n".utf8))
  }

  @Test("an injected write failure (full disk) leaves the file unchanged")
  func injectedWriteFailure() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    try project.write(Self.name, Self.original)
    let result = try CLIRunner.cslint(
      ["fix", "--format", "json", "supabase/migrations"], in: project.root,
      environment: ["CSLINT_TEST_FAIL_WRITES": "1"])
    Self.check(result, project)
  }

  @Test("a read-only directory (no temporary file possible) leaves the file unchanged")
  func readOnlyDirectory() throws {
    try #require(CLIRunner.binary != nil)
    if CLIRunner.ignoresPermissions && CLIRunner.runuser == nil {
      print("skipped: running as root (read-only modes do not stop root) and runuser is not available")
      return
    }
    let project = try FaultProject()
    defer { project.remove() }
    try project.write(Self.name, Self.original)
    // Make the file itself writable by anyone, so only the directory stops
    // the atomic write (temp file + rename); as root the run is `nobody`.
    try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: project.url(Self.name).path)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: project.migrations.path)
    let result = try CLIRunner.cslint(
      ["fix", "--format", "json", "supabase/migrations"], in: project.root, asNobody: CLIRunner.ignoresPermissions)
    Self.check(result, project)
  }
}
