import Foundation
import Testing

/// Faults in the file system and in file contents, each run through the
/// real `cslint` binary. In every case the healthy files of the same run
/// are still linted and reported, and the exit code says what happened:
/// 2 when a file could not be read or written, else 1 for findings.
@Suite("CLI faults", .serialized)
struct CLIFaultTests {
  /// Fails the test with a readable message unless the binary exists.
  static func requireBinary() throws {
    try #require(CLIRunner.binary != nil, "cslint binary not found beside the tests or in .build/debug")
  }

  @Test("swift test builds the cslint executable the fault tests run")
  func binaryIsBuilt() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    let result = try project.lint()
    #expect(result.status == 1, "\(result.stderr)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("an unreadable file is named, exit 2, the others are linted")
  func unreadableFile() throws {
    try Self.requireBinary()
    if CLIRunner.ignoresPermissions && CLIRunner.runuser == nil {
      print("skipped: running as root (mode 000 does not stop root) and runuser is not available")
      return
    }
    let project = try FaultProject()
    defer { project.remove() }
    let name = "20240201000000_secret.sql"
    try project.write(name, Array("select 1;\n".utf8))
    try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: project.url(name).path)
    // As root, run the binary as `nobody`, for whom mode 000 means no access.
    let result = try project.lint(asNobody: CLIRunner.ignoresPermissions)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(name), "\(result.stderr)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("a directory named x.sql is searched, not read as a file")
  func directoryNamedSQL() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    let folder = project.url("20240201000000_folder.sql")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    let result = try project.lint()
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.reported["20240201000000_folder.sql"] == nil, "\(result.stdout)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
    // Named directly on the command line it is a folder to search, too.
    let direct = try CLIRunner.cslint(
      ["lint", "--format", "json", folder.path, project.url(FaultProject.after).path], in: project.root)
    #expect(direct.status == 1, "\(direct.stderr)")
    #expect(direct.reported[FaultProject.after]?.contains(FaultProject.afterRule) == true, "\(direct.stdout)")
  }

  @Test("symlink loops neither hang discovery nor stop the run")
  func symlinkLoop() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    let manager = FileManager.default
    // A file symlink pointing at itself, and a directory symlink to its parent.
    try manager.createSymbolicLink(
      atPath: project.url("20240201000000_loop.sql").path, withDestinationPath: "20240201000000_loop.sql")
    let nested = project.url("nested")
    try manager.createDirectory(at: nested, withIntermediateDirectories: false)
    try manager.createSymbolicLink(atPath: nested.appendingPathComponent("up").path, withDestinationPath: "..")
    let result = try project.lint()
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("20240201000000_loop.sql"), "\(result.stderr)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("a file gone between discovery and reading (dangling symlink) is named, exit 2")
  func fileDeletedBeforeReading() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    // Discovery lists the link; opening it fails exactly as for a file
    // deleted after the directory was listed.
    let name = "20240201000000_gone.sql"
    try FileManager.default.createSymbolicLink(
      atPath: project.url(name).path, withDestinationPath: "deleted-after-listing.sql")
    let result = try project.lint()
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(name), "\(result.stderr)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("a file whose name is not UTF-8 is reported, not skipped silently (regression)")
  func nonUTF8FileName() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    // `20240201000000_caf\xE9.sql`: Latin-1 é. Foundation lists it with
    // U+FFFD, which names no file; cslint used to drop it without a word.
    let name = Array("20240201000000_caf".utf8) + [0xE9] + Array(".sql".utf8)
    #expect(project.writeRawName(name, Array("drop index x;\n".utf8)))
    let result = try project.lint()
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("20240201000000_caf\u{FFFD}.sql"), "\(result.stderr)")
    #expect(result.stderr.contains("not valid UTF-8"), "\(result.stderr)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("a .sql symlink to a FIFO is refused, not waited on forever (regression)")
  func fifo() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    let fifo = project.root.appendingPathComponent("pipe")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    let name = "20240201000000_pipe.sql"
    try FileManager.default.createSymbolicLink(atPath: project.url(name).path, withDestinationPath: fifo.path)
    let result = try project.lint()
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(name), "\(result.stderr)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
  }

  @Test("an endless device given as a path is refused, not read forever (regression)")
  func endlessDevice() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    let healthy = project.url(FaultProject.after).path
    let result = try CLIRunner.cslint(["lint", "--format", "json", "/dev/zero", healthy], in: project.root)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("/dev/zero"), "\(result.stderr)")
    #expect(result.reported[FaultProject.after]?.contains(FaultProject.afterRule) == true, "\(result.stdout)")
  }

  /// Latin-1 `é`, Windows-1252 curly quotes and a euro sign, a lone
  /// continuation byte: none of them is UTF-8.
  static let encodings: [(name: String, bytes: [UInt8])] = [
    ("latin1", Array("comment on table accounts is 'caf".utf8) + [0xE9] + Array("';\n".utf8)),
    (
      "win1252",
      Array("select ".utf8) + [0x93] + Array("quoted".utf8) + [0x94] + Array(", '".utf8) + [0x80] + Array("5';\n".utf8)
    ),
    ("utf16le", [0xFF, 0xFE] + Array("select 1;\n".utf8).flatMap { [$0, 0] }),
  ]

  @Test("a non-UTF-8 file is a syntax error with its position; it is never fixed", arguments: encodings.map(\.name))
  func nonUTF8File(encoding: String) throws {
    try Self.requireBinary()
    let bytes = try #require(Self.encodings.first { $0.name == encoding }?.bytes)
    let project = try FaultProject()
    defer { project.remove() }
    let name = "20240201000000_\(encoding).sql"
    // A fixable statement too: `fix` must still leave the file alone.
    let content = Array("create table settings (key text);\n".utf8) + bytes
    try project.write(name, content)
    let result = try project.lint()
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.reported[name]?.contains("syntax-error") == true, "\(result.stdout)")
    #expect(project.healthyFilesReported(result), "\(result.stdout)")
    let text = try CLIRunner.cslint(["lint", "supabase/migrations"], in: project.root)
    #expect(text.status == 1)
    #expect(text.stdout.contains("\(name):2:"), "the text report points at line 2: \(text.stdout)")
    let fixed = try CLIRunner.cslint(["fix", "supabase/migrations"], in: project.root)
    #expect(fixed.status == 1, "\(fixed.stderr)")
    #expect(project.bytes(name) == content, "a file with a syntax error was changed by fix")
  }

  @Test("a 50 MB file is linted, and so are the files around it")
  func fiftyMegabyteFile() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    // A function whose body is 50 MB of statements (one large token for
    // the lexer, one statement for the rules), then a statement to flag.
    var bytes = Array("create or replace function filler() returns void language plpgsql as $$\nbegin\n".utf8)
    let line = Array("  perform pg_sleep(0); -- padding line, repeated to make the file large\n".utf8)
    bytes.reserveCapacity(50 << 20 + 200)
    while bytes.count < 50 << 20 { bytes += line }
    bytes += Array("end\n$$;\ndrop index big_idx;\n".utf8)
    let name = "20240201000000_big.sql"
    try project.write(name, bytes)
    let result = try project.lint()
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.reported[name]?.contains(FaultProject.afterRule) == true, "\(result.stdout.prefix(2000))")
    #expect(project.healthyFilesReported(result), "\(result.stdout.prefix(2000))")
  }

  @Test("a file of 200,000 statements is linted")
  func manyStatements() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    var text = "create table if not exists counters (n int);\n"
    for number in 0..<200_000 { text += "insert into counters values (\(number));\n" }
    text += "create index counters_n_idx on counters (n);\n"
    let name = "20240201000000_many.sql"
    try project.write(name, Array(text.utf8))
    let result = try project.lint()
    #expect(result.status == 1, "\(result.stderr)")
    // The index follows 200,000 inserts into a table this file created,
    // so the table is new and the index build is fine; IF NOT EXISTS is not.
    let rules = result.reported[name] ?? []
    #expect(rules.contains("missing-if-not-exists"), "\(result.stdout.prefix(2000))")
    #expect(!rules.contains(FaultProject.beforeRule), "the table created 200,000 statements earlier was forgotten")
    #expect(project.healthyFilesReported(result), "\(result.stdout.prefix(2000))")
  }

  @Test("a 1 MB single-line statement is linted and shown in text and JSON")
  func megabyteLine() throws {
    try Self.requireBinary()
    let project = try FaultProject()
    defer { project.remove() }
    var text = "create index counters_big_idx on counters (n) where n in (0"
    var number = 1
    while text.utf8.count < 1 << 20 {
      text += ",\(number)"
      number += 1
    }
    text += ");\n"
    let name = "20240201000000_line.sql"
    try project.write(name, Array(text.utf8))
    let json = try project.lint()
    #expect(json.status == 1, "\(json.stderr)")
    #expect(json.reported[name]?.contains(FaultProject.beforeRule) == true, "\(json.stdout.prefix(2000))")
    #expect(project.healthyFilesReported(json), "\(json.stdout.prefix(2000))")
    let plain = try CLIRunner.cslint(["lint", "supabase/migrations"], in: project.root)
    #expect(plain.status == 1)
    #expect(plain.stdout.contains("\(name):1:1: error[\(FaultProject.beforeRule)]"))
  }
}
