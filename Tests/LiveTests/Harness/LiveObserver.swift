import Foundation
import MigrationLint

/// What a statement did to the tables it touched, besides locking them.
struct TableEffects: Sendable, Equatable {
  /// Tables whose `pg_relation_filenode` changed: PostgreSQL wrote a new copy.
  var rewritten: Set<String>
  /// Tables PostgreSQL read in full to check a constraint without rewriting
  /// them (the `verifying table "t"` DEBUG1 message of ALTER TABLE's phase 3).
  var scanned: Set<String>
}

/// Observes locks, rewrites, scans and failures of SQL statements on a live
/// server. Every observation runs in a fresh scratch schema (first on the
/// `search_path`) created for it and dropped afterwards, so observations can
/// run in parallel on one server and setup SQL can use plain names (`t`).
///
/// How locks are observed:
/// - **In a transaction** (the default): session A runs `BEGIN; <statement>;`
///   and keeps the transaction open (psql reading from a pipe). Session B then
///   reads A's relation locks from `pg_locks` (joined to the target relations
///   by oid). Locks are held to the end of the transaction, so this is the
///   strongest lock the statement took, not a sample.
/// - **While blocked** (`concurrently: true`, for `CREATE INDEX CONCURRENTLY`
///   and other statements that refuse a transaction block): session C opens a
///   transaction holding ROW EXCLUSIVE on the first target table, as any
///   writer would. A runs the statement in autocommit; a concurrent build or
///   drop must wait for C's transaction to end, and does so while holding the
///   session-level lock it keeps for its whole run. B waits until
///   `pg_stat_activity` shows A waiting on a lock, reads A's relation locks
///   (held and requested), then C rolls back and A completes (and must
///   succeed). A statement that never waits cannot be observed this way and
///   is reported as a harness error, not as "no lock".
struct LiveObserver: Sendable {
  var client: PsqlClient

  init(client: PsqlClient) {
    self.client = client
  }

  init(server: ThrowawayServer) {
    self.init(client: server.client)
  }

  // MARK: - The observations

  /// The strongest relation lock `statement` takes on `table` (nil: none).
  func strongestLock(
    during statement: String, setup: String, on table: String = "t", concurrently: Bool = false
  ) async throws -> LockMode? {
    try await strongestLocks(during: statement, setup: setup, on: [table], concurrently: concurrently)[table]
  }

  /// The strongest relation lock `statement` takes on each of `tables`
  /// (a table it does not lock is absent from the result).
  func strongestLocks(
    during statement: String, setup: String, on tables: [String], concurrently: Bool = false
  ) async throws -> [String: LockMode] {
    try await withScratch(setup: setup) { scoped in
      concurrently
        ? try await locksWhileBlocked(statement, tables: tables, client: scoped)
        : try await locksInTransaction(statement, tables: tables, client: scoped)
    }
  }

  /// Whether `statement` rewrites `table` (its relfilenode changes).
  func rewrites(_ statement: String, table: String = "t", setup: String) async throws -> Bool {
    try await effects(of: statement, setup: setup, on: [table]).rewritten.contains(table)
  }

  /// Rewrites and verification scans of `statement` (run in autocommit).
  func effects(of statement: String, setup: String, on tables: [String]) async throws -> TableEffects {
    try await withScratch(setup: setup) { scoped in
      let before = try await fileNodes(tables, client: scoped)
      let result = try await scoped.run("SET client_min_messages = debug1;\n" + statement)
      guard result.succeeded else {
        throw HarnessError("statement failed: \(PsqlClient.errorMessage(in: result.stderr) ?? result.stderr)")
      }
      let after = try await fileNodes(tables, client: scoped)
      let rewritten = tables.filter { before[$0] != after[$0] }
      let scanned = tables.filter { result.stderr.contains("verifying table \"\(Self.bareName($0))\"") }
      return TableEffects(rewritten: Set(rewritten), scanned: Set(scanned))
    }
  }

  /// The error `statement` fails with (psql's first `ERROR:` line), or nil when
  /// it succeeds. Write `BEGIN; … COMMIT;` into the statement to test
  /// transaction-block behaviour.
  func fails(_ statement: String, setup: String) async throws -> String? {
    try await withScratch(setup: setup) { scoped in
      let result = try await scoped.run(statement)
      switch result.status {
      case 0: return nil
      case 3: return PsqlClient.errorMessage(in: result.stderr) ?? result.stderr
      default: throw HarnessError("psql could not run the statement (status \(result.status)): \(result.stderr)")
      }
    }
  }

  /// Runs `statement` in session A inside `BEGIN` and keeps the transaction
  /// open; session B then runs `probe` with a 1 s lock_timeout. Returns B's
  /// error while A's transaction was open (nil: B did not wait) and B's
  /// error when run again after A rolled back (nil: it ran).
  func probe(_ probe: String, whileOpen statement: String, setup: String) async throws -> (String?, String?) {
    try await withScratch(setup: setup) { scoped in
      let session = try scoped.session()
      session.send(
        """
        SET lock_timeout = '10s';
        SET statement_timeout = '30s';
        BEGIN;
        \(Self.terminated(statement))
        \\echo \(Self.ready)

        """)
      guard try await session.waitForLine(startingWith: Self.ready, timeout: .seconds(40)) != nil else {
        let result = try await session.finish()
        throw HarnessError(
          "statement failed inside BEGIN: \(PsqlClient.errorMessage(in: result.stderr) ?? result.stderr)")
      }
      let during: ProcessResult
      do {
        during = try await scoped.run("SET lock_timeout = '1s';\n" + Self.terminated(probe))
      } catch {
        session.send("ROLLBACK;\n")
        _ = try? await session.finish()
        throw error
      }
      session.send("ROLLBACK;\n")
      _ = try await session.finish()
      let after = try await scoped.run("SET lock_timeout = '5s';\n" + Self.terminated(probe))
      func error(_ result: ProcessResult) -> String? {
        result.succeeded ? nil : PsqlClient.errorMessage(in: result.stderr) ?? result.stderr
      }
      return (error(during), error(after))
    }
  }

  // MARK: - Scratch schemas

  func withScratch<T: Sendable>(setup: String, _ body: (PsqlClient) async throws -> T) async throws -> T {
    let schema = "cslint_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    let scoped = client.scoped(searchPath: "\(schema),public")
    do {
      // One psql run: the schema did not exist when the session connected, so
      // search_path is set again once it does.
      let result = try await scoped.run(
        "CREATE SCHEMA \(schema);\nSET search_path = \(schema), public;\n" + setup)
      guard result.succeeded else { throw HarnessError("setup failed: \(result.stderr)") }
      let value = try await body(scoped)
      _ = try? await client.run("DROP SCHEMA \(schema) CASCADE;")
      return value
    } catch {
      _ = try? await client.run("DROP SCHEMA \(schema) CASCADE;")
      throw error
    }
  }

  // MARK: - Strategies

  private static let ready = "__cslint_ready__"

  private func locksInTransaction(
    _ statement: String, tables: [String], client: PsqlClient
  ) async throws -> [String: LockMode] {
    let session = try client.session()
    session.send(
      """
      SET lock_timeout = '10s';
      SET statement_timeout = '30s';
      BEGIN;
      \(Self.terminated(statement))
      SELECT pg_backend_pid() AS cslint_pid \\gset
      \\echo \(Self.ready) :cslint_pid

      """)
    let line = try await session.waitForLine(startingWith: Self.ready, timeout: .seconds(40))
    guard let line, let pid = line.split(separator: " ").last.flatMap({ Int($0) }) else {
      let result = try await session.finish()
      let message = PsqlClient.errorMessage(in: result.stderr) ?? result.stderr
      throw HarnessError("statement failed inside BEGIN: \(message)")
    }
    let locks: [String: LockMode]
    do {
      locks = try await relationLocks(pid: pid, tables: tables, client: client)
    } catch {
      session.send("ROLLBACK;\n")
      _ = try? await session.finish()
      throw error
    }
    session.send("ROLLBACK;\n")
    _ = try await session.finish()
    return locks
  }

  private func locksWhileBlocked(
    _ statement: String, tables: [String], client: PsqlClient
  ) async throws -> [String: LockMode] {
    guard let first = tables.first else { return [:] }
    let blocker = try client.session()
    blocker.send("BEGIN;\nLOCK TABLE \(first) IN ROW EXCLUSIVE MODE;\n\\echo \(Self.ready)\n")
    guard try await blocker.waitForLine(startingWith: Self.ready, timeout: .seconds(20)) != nil else {
      let result = try await blocker.finish()
      throw HarnessError("blocking session failed: \(result.stderr)")
    }
    let name = "cslint-observed-" + UUID().uuidString.prefix(8).lowercased()
    let runner = try client.named(name).session()
    runner.send("SET lock_timeout = '20s';\n\(Self.terminated(statement))\n")
    runner.closeInput()
    let pid = try await waitingBackend(named: name, runner: runner, client: client)
    var locks: [String: LockMode] = [:]
    var failure: Error?
    if let pid {
      do { locks = try await relationLocks(pid: pid, tables: tables, client: client) } catch { failure = error }
    }
    blocker.send("ROLLBACK;\n")
    _ = try await blocker.finish()
    let result = try await runner.finish()
    if let failure { throw failure }
    guard result.succeeded else {
      throw HarnessError("statement failed: \(PsqlClient.errorMessage(in: result.stderr) ?? result.stderr)")
    }
    guard pid != nil else {
      throw HarnessError(
        "statement completed without waiting for the open writer on \(first), so its locks could not be observed")
    }
    return locks
  }

  /// Polls `pg_stat_activity` until the session named `name` waits on a lock;
  /// nil when its psql exits first or 20 s pass.
  private func waitingBackend(named name: String, runner: InteractiveProcess, client: PsqlClient) async throws -> Int? {
    let query = """
      SELECT pid FROM pg_stat_activity WHERE application_name = \(name.sqlLiteral) AND wait_event_type = 'Lock';
      """
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(20))
    while clock.now < deadline && runner.isRunning {
      if let pid = try await client.rows(query).first?.first.flatMap({ Int($0) }) { return pid }
      try await Task.sleep(for: .milliseconds(10))
    }
    return nil
  }

  // MARK: - Catalog reads

  /// Strongest relation lock of backend `pid` on each table, held or awaited.
  private func relationLocks(pid: Int, tables: [String], client: PsqlClient) async throws -> [String: LockMode] {
    let rows = try await client.rows(
      """
      SELECT r.name, l.mode
      FROM (VALUES \(Self.valuesList(tables))) AS r(name)
      JOIN pg_locks l ON l.locktype = 'relation' AND l.relation = to_regclass(r.name) AND l.pid = \(pid);
      """)
    var strongest: [String: LockMode] = [:]
    for row in rows {
      guard row.count == 2 else { throw HarnessError("unexpected pg_locks row \(row)") }
      guard let mode = LockMode(catalogName: row[1]) else { throw HarnessError("unknown lock mode \(row[1])") }
      strongest[row[0]] = max(strongest[row[0]] ?? mode, mode)
    }
    return strongest
  }

  private func fileNodes(_ tables: [String], client: PsqlClient) async throws -> [String: String] {
    let rows = try await client.rows(
      """
      SELECT r.name, coalesce(pg_relation_filenode(to_regclass(r.name))::text, 'missing')
      FROM (VALUES \(Self.valuesList(tables))) AS r(name);
      """)
    var nodes: [String: String] = [:]
    for row in rows where row.count == 2 { nodes[row[0]] = row[1] }
    return nodes
  }

  // MARK: - Helpers

  private static func valuesList(_ names: [String]) -> String {
    names.map { "(\($0.sqlLiteral))" }.joined(separator: ", ")
  }

  /// `storage.objects` -> `objects`: DEBUG messages name the bare relation.
  static func bareName(_ table: String) -> String {
    String(table.split(separator: ".").last ?? Substring(table))
  }

  static func terminated(_ sql: String) -> String {
    let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.hasSuffix(";") ? trimmed : trimmed + ";"
  }
}
