import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// One migration that `cslint fix --split` rewrites, and what the server
/// must show before and after (issue 20, part 2).
struct SplitProofCase: Sendable, CustomTestStringConvertible {
  var name: String
  /// Run on the fresh database first (the tables the migration works on).
  var setup: String
  /// The migration file as the user wrote it.
  var original: String
  /// Sent the Supabase way, the original either fails with a message
  /// containing this text...
  var failure: String?
  /// ...or takes this lock on `t` (pg_locks mode) and holds it to the end
  /// of the file's transaction.
  var strongLock: String?
  /// After the split, the strongest lock on `t` any of the files takes
  /// (observed in each file's transaction, or, for a CONCURRENTLY file,
  /// while it waits for a writer).
  var weakLock: String
  /// After the split: a query that must return `t` (the work was done).
  var done: String

  var testDescription: String { name }

  static let table = """
    CREATE TABLE t (a int, b int);
    INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g;
    CREATE TABLE split_locks (file int, mode text);
    """

  static let index =
    "SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_b_idx')), false)"

  static let all: [SplitProofCase] = [
    SplitProofCase(
      name: "CREATE INDEX after another statement: a SHARE lock (writes wait) becomes CONCURRENTLY in its own file",
      setup: table,
      original: "CREATE TABLE IF NOT EXISTS u (id int);\nCREATE INDEX t_b_idx ON t (b);\n",
      failure: nil, strongLock: "ShareLock", weakLock: "ShareUpdateExclusiveLock",
      done: index),
    SplitProofCase(
      name: "CREATE INDEX CONCURRENTLY after another statement: refused in the pipeline, applies in its own file",
      setup: table,
      original: "CREATE TABLE IF NOT EXISTS u (id int);\nCREATE INDEX CONCURRENTLY t_b_idx ON t (b);\n",
      failure: "CONCURRENTLY", strongLock: nil, weakLock: "ShareUpdateExclusiveLock",
      done: index),
    SplitProofCase(
      name: "ADD CONSTRAINT CHECK: rows checked under ACCESS EXCLUSIVE become NOT VALID + VALIDATE in the next file",
      setup: table,
      original: "ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0);\n",
      failure: nil, strongLock: "AccessExclusiveLock", weakLock: "ShareUpdateExclusiveLock",
      done: "SELECT coalesce((SELECT convalidated FROM pg_constraint WHERE conname = 't_a_positive'), false)"),
    SplitProofCase(
      name: "ALTER TYPE ADD VALUE then its use: refused (unsafe use of new value), applies split in two",
      setup: table + "\nCREATE TYPE mood AS ENUM ('a');\nCREATE TABLE moods (m mood);",
      original: "ALTER TYPE mood ADD VALUE 'b';\nINSERT INTO moods VALUES ('b'::mood);\n",
      failure: "unsafe use of new value", strongLock: nil, weakLock: "",
      done: "SELECT count(*) = 1 FROM moods WHERE m = 'b'"),
  ]

  /// The statement appended to a file when it is sent, to record the locks
  /// the file's transaction holds on `t` at its end.
  static func lockLog(file: Int) -> String {
    """
    INSERT INTO split_locks SELECT \(file), l.mode FROM pg_locks l \
    WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted \
    AND l.relation = to_regclass('public.t');
    """
  }
}

@Suite("fix --split on live servers: the Supabase runner's way, before and after the split")
struct SplitProofLiveTests {
  static let splitRules: Set<String> = [
    "concurrently-in-transaction", "require-concurrent-index-creation", "require-concurrent-index-deletion",
    "constraint-missing-not-valid", "enum-value-in-transaction",
  ]

  /// The files `fix --split` makes of `original` (first the edited original),
  /// planned through the public API on a scratch folder.
  static func split(_ original: String, major: Int) throws -> [(version: String, sql: String)] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cslint-split-live-\(UUID())")
    let migrations = directory.appendingPathComponent("supabase/migrations")
    try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = migrations.appendingPathComponent("20260101000000_live.sql").path
    try Data(original.utf8).write(to: URL(fileURLWithPath: path))
    let linter = Linter(
      settings: LintSettings(postgresVersion: major, runner: .supabase), selection: RuleSelection(only: splitRules))
    let pipeline = LintPipeline(linter: linter)
    let plan = pipeline.planSplits(
      FolderJob(folder: MigrationFolder(directory: migrations.path, files: [path], isFullyDiscovered: true)))
    #expect(plan.refusals.isEmpty, "\(plan.refusals)")
    return plan.changes.map { change in
      let name = URL(fileURLWithPath: change.path).lastPathComponent
      return (String(name.prefix(14)), String(decoding: change.bytes, as: UTF8.self))
    }
  }

  static func isConcurrent(_ sql: String) -> Bool { sql.contains("CONCURRENTLY") }

  @Test(
    "before: fails or takes the strong lock; after: applies, weaker lock", arguments: SplitProofCase.all,
    await PostgresInstalls.targetMajors())
  func proof(_ proof: SplitProofCase, major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let files = try Self.split(proof.original, major: major)
    try #require(files.count >= 2, "the split made \(files.count) file(s)")
    #expect(files[0].sql != proof.original)

    // Before: the original, sent the way the Supabase CLI sends it.
    let before = try await RunnerWire.withDatabase(on: server) { database in
      try await database.client.execute(proof.setup)
      let outcome = try await RunnerWire.send(
        proof.original + SplitProofCase.lockLog(file: 0), as: .supabasePipeline, database: database.name, on: server)
      let locks = try await database.client.rows("SELECT mode FROM split_locks").compactMap(\.first)
      return (outcome, locks)
    }
    if let failure = proof.failure {
      let message = before.0.failure?.message ?? "no failure"
      #expect(message.contains(failure), "PG \(major): \(message)")
    }
    if let strong = proof.strongLock {
      #expect(before.0.failure == nil, "PG \(major): \(before.0.failure?.message ?? "")")
      #expect(before.1.contains(strong), "PG \(major): locks held on t: \(before.1)")
    }

    // After: every file in order, each sent the same way, each applies; the
    // file that does the work (after which `done` holds) takes the weak lock.
    let after = try await RunnerWire.withDatabase(on: server) { database in
      try await database.client.execute(proof.setup)
      var failures: [String] = []
      var work: (file: Int, locks: [String])?
      for (index, file) in files.enumerated() {
        // A CONCURRENTLY file commits its own work: nothing to log in its transaction.
        let sql = Self.isConcurrent(file.sql) ? file.sql : file.sql + SplitProofCase.lockLog(file: index + 1)
        let outcome = try await RunnerWire.send(
          sql, as: .supabasePipeline, database: database.name, on: server, version: file.version)
        if let failure = outcome.failure { failures.append("file \(index + 1): \(failure.message)") }
        if !outcome.historyInserted { failures.append("file \(index + 1): not recorded as applied") }
        let done = try await database.client.rows(proof.done).first?.first
        if work == nil, done == "t" {
          let locks = try await database.client.rows("SELECT mode FROM split_locks WHERE file = \(index + 1)")
          work = (index, locks.compactMap(\.first))
        }
      }
      return (failures, work)
    }
    #expect(after.0.isEmpty, "PG \(major): \(after.0)")
    let work = try #require(after.1, "PG \(major): \(proof.done) never held after the split")
    #expect(work.file > 0, "PG \(major): the edited original already does the work")
    var locks = work.locks
    if Self.isConcurrent(files[work.file].sql) {
      // Observed while the CONCURRENTLY build waits for a writer.
      let statement = RunnerWire.statements(of: files[work.file].sql).joined(separator: ";\n")
      let lock = try await LiveObserver(server: server).strongestLock(
        during: statement, setup: SplitProofCase.table, concurrently: true)
      if let lock { locks.append(lock.catalogName) }
    }
    let allowed = Self.modesUpTo(proof.weakLock)
    #expect(locks.allSatisfy { allowed.contains($0) }, "PG \(major): locks on t in file \(work.file + 1): \(locks)")
    if !proof.weakLock.isEmpty { #expect(locks.contains(proof.weakLock), "PG \(major): \(locks)") }
  }

  /// pg_locks modes no stronger than `mode` ("" = none at all).
  static func modesUpTo(_ mode: String) -> Set<String> {
    let order = [
      "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
      "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
    ]
    guard let index = order.firstIndex(of: mode) else { return [] }
    return Set(order[...index])
  }
}
