import CSLintTestSupport
import Foundation

/// A throwaway migrations folder with two healthy files around the fault
/// under test, so every fault test can check that the rest of the run
/// still happened: both files linted, their findings reported.
struct FaultProject {
  let root: URL
  let migrations: URL

  /// Before the fault in path order: an index build that blocks writes.
  static let before = "20240101000000_add_index.sql"
  static let beforeSQL = "create index accounts_email_idx on accounts (email);\n"
  static let beforeRule = "require-concurrent-index-creation"
  /// After the fault: a plain DROP INDEX.
  static let after = "20240301000000_drop_index.sql"
  static let afterSQL = "drop index invoices_account_idx;\n"
  static let afterRule = "require-concurrent-index-deletion"

  init() throws {
    root = TestPaths.scratchURL("fault")
    migrations = root.appendingPathComponent("supabase/migrations")
    // World-readable, so the binary can also run as `nobody`.
    try FileManager.default.createDirectory(
      at: migrations, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    for url in [root, root.appendingPathComponent("supabase")] {
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
    try write(Self.before, Array(Self.beforeSQL.utf8))
    try write(Self.after, Array(Self.afterSQL.utf8))
  }

  func url(_ name: String) -> URL { migrations.appendingPathComponent(name) }

  func write(_ name: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: url(name))
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url(name).path)
  }

  /// Creates a file whose name is raw bytes (possibly not UTF-8, which a
  /// Swift `String` path cannot spell) in the migrations folder.
  func writeRawName(_ name: [UInt8], _ bytes: [UInt8]) -> Bool {
    let path = Array(migrations.path.utf8) + [UInt8(ascii: "/")] + name + [0]
    let descriptor = path.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      }
    }
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) } == bytes.count
  }

  func bytes(_ name: String) -> [UInt8]? {
    FileManager.default.contents(atPath: url(name).path).map { [UInt8]($0) }
  }

  /// `cslint lint --format json supabase/migrations` (plus `extra`) from the root.
  func lint(_ extra: [String] = [], environment: [String: String] = [:], asNobody: Bool = false) throws
    -> CLIRunner.Result
  {
    try CLIRunner.cslint(
      ["lint", "--format", "json"] + extra + ["supabase/migrations"], in: root, environment: environment,
      asNobody: asNobody)
  }

  /// The healthy files were linted and their findings reported.
  func healthyFilesReported(_ result: CLIRunner.Result) -> Bool {
    let reported = result.reported
    return reported[Self.before]?.contains(Self.beforeRule) == true
      && reported[Self.after]?.contains(Self.afterRule) == true
  }

  func remove() {
    // Undo anything that would stop the cleanup (modes, immutable bits).
    // rm, not FileManager: it also removes names that are not valid UTF-8.
    _ = try? CLIRunner.run(executable: "/bin/chmod", ["-R", "u+rwx", root.path], in: URL(fileURLWithPath: "/"))
    _ = try? CLIRunner.run(executable: "/bin/rm", ["-rf", root.path], in: URL(fileURLWithPath: "/"))
  }
}
