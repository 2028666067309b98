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
      name: "two CREATE INDEX CONCURRENTLY in one file: the second is refused, one file each applies",
      setup: table,
      original: "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nCREATE INDEX CONCURRENTLY t_b_idx ON t (b);\n",
      failure: "CONCURRENTLY", strongLock: nil, weakLock: "ShareUpdateExclusiveLock",
      done: """
        SELECT count(*) = 2 AND bool_and(indisvalid) FROM pg_index \
        WHERE indexrelid IN (to_regclass('t_a_idx'), to_regclass('t_b_idx'))
        """),
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

/// What one case did on one server, before and after the split.
struct SplitProofOutcome: Sendable {
  var proof: SplitProofCase
  var major: Int
  /// The migrations the split made (the edited original first).
  var files: [String] = []
  var before = ""
  var after = ""
  /// Disagreements with the case's expectations (empty: it holds).
  var problems: [String] = []
}

/// Runs a `SplitProofCase` on a live server (for the test and for
/// docs/verification.md).
enum SplitProofRunner {
  static let splitRules: Set<String> = [
    "concurrently-in-transaction", "require-concurrent-index-creation", "require-concurrent-index-deletion",
    "constraint-missing-not-valid", "enum-value-in-transaction",
  ]

  /// The files `fix --split` makes of `original` (first the edited original),
  /// planned through the public API on a scratch folder.
  static func split(_ original: String, major: Int) throws -> (
    files: [(version: String, sql: String)], refusals: [String]
  ) {
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
    let files = plan.changes.map { change in
      let name = URL(fileURLWithPath: change.path).lastPathComponent
      return (String(name.prefix(14)), String(decoding: change.bytes, as: UTF8.self))
    }
    return (files, plan.refusals)
  }

  static func isConcurrent(_ sql: String) -> Bool { sql.contains("CONCURRENTLY") }

  static func outcome(of proof: SplitProofCase, on server: ThrowawayServer) async -> SplitProofOutcome {
    let major = server.install.major
    var outcome = SplitProofOutcome(proof: proof, major: major)
    do {
      try await run(proof, on: server, into: &outcome)
    } catch {
      outcome.problems.append("harness: \(error)")
    }
    return outcome
  }

  private static func run(
    _ proof: SplitProofCase, on server: ThrowawayServer, into outcome: inout SplitProofOutcome
  ) async throws {
    let major = outcome.major
    let (files, refusals) = try split(proof.original, major: major)
    outcome.files = files.map(\.sql)
    if !refusals.isEmpty { outcome.problems.append("refused: \(refusals)") }
    guard files.count >= 2, files[0].sql != proof.original else {
      outcome.problems.append("the split made \(files.count) file(s)")
      return
    }

    // Before: the original, sent the way the Supabase CLI sends it.
    let before = try await RunnerWire.withDatabase(on: server) { database in
      try await database.client.execute(proof.setup)
      let result = try await RunnerWire.send(
        proof.original + SplitProofCase.lockLog(file: 0), as: .supabasePipeline, database: database.name, on: server)
      let locks = try await database.client.rows("SELECT mode FROM split_locks").compactMap(\.first)
      return (result, locks)
    }
    if let failure = before.0.failure {
      outcome.before = "refused: \(failure.message)"
    } else {
      outcome.before = "applies, holding \(Self.strongest(before.1) ?? "no lock") on t to the end of the file"
    }
    if let failure = proof.failure, before.0.failure?.message.contains(failure) != true {
      outcome.problems.append("before: expected a failure with '\(failure)'")
    }
    if let strong = proof.strongLock, before.0.failure != nil || !before.1.contains(strong) {
      outcome.problems.append("before: expected to apply holding \(strong), got \(before.1)")
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
        let result = try await RunnerWire.send(
          sql, as: .supabasePipeline, database: database.name, on: server, version: file.version)
        if let failure = result.failure { failures.append("file \(index + 1): \(failure.message)") }
        if !result.historyInserted { failures.append("file \(index + 1): not recorded as applied") }
        let done = try await database.client.rows(proof.done).first?.first
        if work == nil, done == "t" {
          let locks = try await database.client.rows("SELECT mode FROM split_locks WHERE file = \(index + 1)")
          work = (index, locks.compactMap(\.first))
        }
      }
      return (failures, work)
    }
    outcome.problems += after.0
    guard let work = after.1 else {
      outcome.problems.append("after: \(proof.done) never held")
      return
    }
    if work.file == 0 { outcome.problems.append("after: the edited original already does the work") }
    var locks = work.locks
    if isConcurrent(files[work.file].sql) {
      // Observed while the CONCURRENTLY build waits for a writer.
      let statement = RunnerWire.statements(of: files[work.file].sql).joined(separator: ";\n")
      let lock = try await LiveObserver(server: server).strongestLock(
        during: statement, setup: SplitProofCase.table, concurrently: true)
      if let lock { locks.append(lock.catalogName) }
    }
    outcome.after = """
      \(after.0.isEmpty ? (files.count == 2 ? "both files apply" : "all \(files.count) files apply") : "fails"); file \(work.file + 1) does the work \
      holding \(Self.strongest(locks) ?? "no lock") on t
      """
    let allowed = modesUpTo(proof.weakLock)
    if !locks.allSatisfy({ allowed.contains($0) }) || (!proof.weakLock.isEmpty && !locks.contains(proof.weakLock)) {
      outcome.problems.append("after: file \(work.file + 1) holds \(locks) on t, expected \(proof.weakLock)")
    }
  }

  static let modes = [
    "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
    "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
  ]

  /// pg_locks modes no stronger than `mode` ("" = none at all).
  static func modesUpTo(_ mode: String) -> Set<String> {
    guard let index = modes.firstIndex(of: mode) else { return [] }
    return Set(modes[...index])
  }

  static func strongest(_ locks: [String]) -> String? {
    locks.max { (modes.firstIndex(of: $0) ?? -1) < (modes.firstIndex(of: $1) ?? -1) }
  }
}

@Suite("fix --split on live servers: the Supabase runner's way, before and after the split")
struct SplitProofLiveTests {
  @Test(
    "before: fails or takes the strong lock; after: applies, weaker lock", arguments: SplitProofCase.all,
    await PostgresInstalls.targetMajors())
  func proof(_ proof: SplitProofCase, major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await SplitProofRunner.outcome(of: proof, on: server)
    #expect(outcome.problems.isEmpty, "PG \(major): \(outcome.problems)\nfiles: \(outcome.files)")
  }
}

extension VerificationDoc {
  static func splitSection(_ outcomes: [SplitProofOutcome]) -> [String] {
    var lines = [
      "",
      "## `cslint fix --split` against the Supabase runner",
      "",
      "Each case of `Tests/LiveTests/SplitProofLiveTests.swift` is split by `cslint fix --split`'s planner",
      "(`LintPipeline.planSplits`), then sent to a fresh stubbed database the way the Supabase CLI sends",
      "migrations (one pipeline per file, with the history insert): first the original file, then, on",
      "another fresh database, the split files in order. A statement appended to each file's pipeline",
      "records the locks its transaction holds on `t` at its end; a `CONCURRENTLY` file's lock is",
      "observed while it waits for a writer. The file that does the work is the first after which the",
      "index is valid, the constraint validated or the row inserted.",
      "",
    ]
    guard !outcomes.isEmpty else { return lines + ["Not run."] }
    lines += ["| Case | PG | Before the split | After | Agrees |", "| --- | --- | --- | --- | --- |"]
    for outcome in outcomes {
      lines.append(
        row([
          outcome.proof.name, "\(outcome.major)", firstLine(outcome.before), firstLine(outcome.after),
          outcome.problems.isEmpty ? "yes" : "**NO**",
        ]))
    }
    lines += ["", "| Case | Original | Split into |", "| --- | --- | --- |"]
    var seen: Set<String> = []
    for outcome in outcomes where seen.insert(outcome.proof.name).inserted {
      let split = outcome.files.enumerated().map { "\($0.offset + 1): \(codeLines($0.element))" }
      lines.append(row([outcome.proof.name, codeLines(outcome.proof.original), split.joined(separator: " ")]))
    }
    return lines
  }
}
