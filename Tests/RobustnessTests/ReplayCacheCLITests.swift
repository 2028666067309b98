import CSLintTestSupport
import Foundation
import Testing

/// The replay cache through the built binary (issue 21, item 5): where it
/// lives, `--no-cache`, `cache: false`, and a cache directory that cannot be
/// written (the run lints as without a cache, silently unless `--verbose`).
@Suite("Replay cache on the command line")
struct ReplayCacheCLITests {
  static let newFile = "supabase/migrations/20240105000000_new.sql"

  static func project(extra: [String: String] = [:]) throws -> URL {
    try AdoptionCLITests.fourMigrations(
      extra: [newFile: "alter table public.notes add column owner uuid not null;\n"].merging(extra) { $1 })
  }

  @Test("the default cache is .cslint_cache beside .cslint.yml, with a .gitignore of '*'; warm runs report the same")
  func defaultLocation() throws {
    let root = try Self.project(extra: [".cslint.yml": "runner: supabase\n"])
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let arguments = ["lint", "../" + Self.newFile, "--format", "json", "--verbose"]
    let sub = root.appendingPathComponent("sub")
    let cold = try CLIRunner.cslint(arguments, in: sub, environment: ["CSLINT_CACHE_DIR": ""])
    #expect(cold.status == 1, "\(cold.stderr)")
    #expect(cold.stderr.contains("no entry"), "\(cold.stderr)")
    let cache = root.appendingPathComponent(".cslint_cache")
    let ignore = try String(contentsOf: cache.appendingPathComponent(".gitignore"), encoding: .utf8)
    #expect(ignore.split(separator: "\n").contains("*"))
    #expect(!FileManager.default.fileExists(atPath: sub.appendingPathComponent(".cslint_cache").path))
    let warm = try CLIRunner.cslint(arguments, in: sub, environment: ["CSLINT_CACHE_DIR": ""])
    #expect(warm.stderr.contains("loaded 4 of 4 earlier files"), "\(warm.stderr)")
    #expect(warm.stdout == cold.stdout)
    let none = try CLIRunner.cslint(
      ["lint", "../" + Self.newFile, "--format", "json", "--no-cache"], in: sub, environment: ["CSLINT_CACHE_DIR": ""])
    #expect(none.stdout == cold.stdout)
  }

  @Test("--no-cache and cache: false write no cache; --cache-dir and CSLINT_CACHE_DIR choose it")
  func switches() throws {
    let root = try Self.project()
    defer { try? FileManager.default.removeItem(at: root) }
    let cache = root.appendingPathComponent(".cslint_cache").path
    let off = try CLIRunner.cslint(
      ["lint", Self.newFile, "--no-cache"], in: root, environment: ["CSLINT_CACHE_DIR": ""])
    #expect(off.status == 1, "\(off.stderr)")
    #expect(!FileManager.default.fileExists(atPath: cache))
    try Data("cache: false\n".utf8).write(to: root.appendingPathComponent(".cslint.yml"))
    _ = try CLIRunner.cslint(["lint", Self.newFile], in: root, environment: ["CSLINT_CACHE_DIR": ""])
    #expect(!FileManager.default.fileExists(atPath: cache))
    try Data("cache_dir: build/lint-cache\n".utf8).write(to: root.appendingPathComponent(".cslint.yml"))
    _ = try CLIRunner.cslint(["lint", Self.newFile], in: root, environment: ["CSLINT_CACHE_DIR": ""])
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("build/lint-cache/replay").path))
    _ = try CLIRunner.cslint(["lint", Self.newFile, "--cache-dir", "flag-cache"], in: root)
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("flag-cache/replay").path))
    _ = try CLIRunner.cslint(["lint", Self.newFile], in: root, environment: ["CSLINT_CACHE_DIR": "env-cache"])
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("env-cache/replay").path))
    try Data("cache: maybe\n".utf8).write(to: root.appendingPathComponent(".cslint.yml"))
    let invalid = try CLIRunner.cslint(["lint", Self.newFile], in: root)
    #expect(invalid.status == 2)
    #expect(invalid.stderr.contains("'cache' must be true or false"), "\(invalid.stderr)")
  }

  @Test("a cache directory that cannot be written: same report, silent unless --verbose")
  func unwritable() throws {
    let root = try Self.project(extra: ["blocker": "a file where the cache directory would go\n"])
    defer { try? FileManager.default.removeItem(at: root) }
    let expected = try CLIRunner.cslint(["lint", Self.newFile, "--format", "json", "--no-cache"], in: root)
    for environment in [["CSLINT_CACHE_DIR": "blocker/cache"], ["CSLINT_TEST_FAIL_WRITES": "1"]] {
      let quiet = try CLIRunner.cslint(["lint", Self.newFile, "--format", "json"], in: root, environment: environment)
      #expect(quiet.status == expected.status)
      #expect(quiet.stdout == expected.stdout)
      #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
      let verbose = try CLIRunner.cslint(
        ["lint", Self.newFile, "--format", "json", "--verbose"], in: root, environment: environment)
      #expect(verbose.stdout == expected.stdout)
      #expect(verbose.stderr.contains("cannot"), "\(verbose.stderr)")
    }
    // A read-only cache directory, for a user the permissions bind.
    if CLIRunner.runuser != nil {
      let readOnly = root.appendingPathComponent("ro-cache")
      try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: true)
      try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly.path)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
      let run = try CLIRunner.cslint(
        ["lint", Self.newFile, "--format", "json"], in: root, environment: ["CSLINT_CACHE_DIR": readOnly.path],
        asNobody: true)
      #expect(run.stdout == expected.stdout)
      #expect(run.stderr.isEmpty, "\(run.stderr)")
    }
  }

  @Test(
    "stamps: unchanged files are known by stamp; an edit keeping size and mtime is seen; damaged stamps are ignored")
  func stamps() throws {
    // The trigger's findings depend on the columns an earlier file gives notes.
    let root = try Self.project(extra: [
      Self.newFile: """
      create function touch() returns trigger language plpgsql as $$
      begin NEW.body := lower(NEW.body); return NEW; end $$;
      create trigger tr before insert on public.notes for each row execute function touch();

      """
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    // A stamp younger than two seconds is never recorded: let the files age.
    Thread.sleep(forTimeInterval: 2.2)
    let cache = root.appendingPathComponent("stamp-cache").path
    let environment = ["CSLINT_CACHE_DIR": cache]
    let arguments = ["lint", Self.newFile, "--format", "json", "--verbose"]
    let cold = try CLIRunner.cslint(arguments, in: root, environment: environment)
    let replay = cache + "/replay"
    let folders = try FileManager.default.contentsOfDirectory(atPath: replay)
    #expect(folders.count == 1)
    let stampsPath = replay + "/" + (folders.first ?? "") + "/stamps"
    let stamps = try Data(contentsOf: URL(fileURLWithPath: stampsPath))
    #expect(stamps.starts(with: Array("CSLSTMP2".utf8)))
    // The four earlier files: path, six 64-bit stamp fields, a 16-byte hash each.
    #expect(stamps.count > 4 * (4 + 48 + 16) + 16, "\(stamps.count) bytes")
    let warm = try CLIRunner.cslint(arguments, in: root, environment: environment)
    #expect(warm.stdout == cold.stdout)
    #expect(warm.stderr.contains("loaded 4 of 4"), "\(warm.stderr)")

    // Same size, same inode, modification time put back: only the change time differs.
    let notes = root.appendingPathComponent(AdoptionCLITests.notes).path
    var info = stat()
    #expect(stat(notes, &info) == 0)
    let original = try String(contentsOfFile: notes, encoding: .utf8)
    let edited = original.replacingOccurrences(of: "body text", with: "bode text")
    #expect(edited.utf8.count == original.utf8.count && edited != original)
    try edited.write(toFile: notes, atomically: false, encoding: .utf8)
    var times = [info.st_atim, info.st_mtim]
    #expect(utimensat(AT_FDCWD, notes, &times, 0) == 0)
    let none = try CLIRunner.cslint(["lint", Self.newFile, "--format", "json", "--no-cache"], in: root)
    #expect(none.stdout.contains("trigger-references-unknown-column") && !cold.stdout.contains("trigger-references"))
    let after = try CLIRunner.cslint(arguments, in: root, environment: environment)
    #expect(after.stdout == none.stdout)

    for damage in [Data(), Data("CSLSTMP2 not a stamps file".utf8), stamps.prefix(stamps.count - 1)] {
      try damage.write(to: URL(fileURLWithPath: stampsPath))
      let run = try CLIRunner.cslint(arguments, in: root, environment: environment)
      #expect(run.stdout == none.stdout)
      #expect(run.stderr.contains("loaded 4 of 4"), "\(run.stderr)")
    }
  }

  @Test("concurrent runs on one cache all report the same")
  func concurrentRuns() throws {
    let root = try Self.project()
    defer { try? FileManager.default.removeItem(at: root) }
    let expected = try CLIRunner.cslint(["lint", Self.newFile, "--format", "json", "--no-cache"], in: root)
    let cache = root.appendingPathComponent("shared-cache").path
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: 6) { _ in
      let run = try? CLIRunner.cslint(
        ["lint", Self.newFile, "--format", "json"], in: root, environment: ["CSLINT_CACHE_DIR": cache])
      results.append(run?.stdout ?? "failed")
    }
    #expect(results.all.count == 6)
    #expect(results.all.allSatisfy { $0 == expected.stdout })
    let again = try CLIRunner.cslint(
      ["lint", Self.newFile, "--format", "json", "--verbose"], in: root, environment: ["CSLINT_CACHE_DIR": cache])
    #expect(again.stdout == expected.stdout)
    #expect(again.stderr.contains("loaded 4 of 4"), "\(again.stderr)")
  }
}

private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String] = []
  func append(_ value: String) { lock.withLock { values.append(value) } }
  var all: [String] { lock.withLock { values } }
}
