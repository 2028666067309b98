import Foundation
import MigrationLint

/// Every relation lock one statement took in a scratch schema, and which
/// relations it gave a new file.
struct RelationObservation: Sendable {
  struct Lock: Sendable, Equatable {
    var mode: LockMode
    /// `pg_class.relkind`: `r` table, `p` partitioned table, `m` matview,
    /// `v` view, `i`/`I` index, `S` sequence.
    var kind: String
    /// Created by the statement.
    var isNew: Bool
  }

  /// By name before the statement (a renamed relation keeps its old name).
  var locks: [String: Lock]
  /// Relations whose `pg_class.relfilenode` changed.
  var rewritten: Set<String>
}

extension LiveObserver {
  /// The strongest lock `statement` took on every relation of the scratch
  /// schema (and every relation it created there), and the relations it gave
  /// a new file. In a transaction unless `blocking`, see ``LiveObserver``.
  func relationLocks(during statement: String, setup: String, blocking: Bool) async throws -> RelationObservation {
    try await withScratch(setup: setup) { scoped in
      blocking
        ? try await relationsWhileBlocked(statement, client: scoped)
        : try await relationsInTransaction(statement, client: scoped)
    }
  }

  /// Everything in one psql run: the backend reads its own locks from
  /// `pg_locks` before rolling back (the query's own locks are on catalogs).
  private func relationsInTransaction(_ statement: String, client: PsqlClient) async throws -> RelationObservation {
    let result = try await client.run(
      """
      SET lock_timeout = '10s';
      SET statement_timeout = '30s';
      \(Self.beforeQuery)
      BEGIN;
      \(Self.terminated(statement))
      \(Self.locksQuery(pid: "pg_backend_pid()"))
      \(Self.afterQuery)
      ROLLBACK;
      """)
    guard result.succeeded else {
      throw HarnessError(
        "statement failed inside BEGIN: \(PsqlClient.errorMessage(in: result.stderr) ?? result.stderr)")
    }
    return try Self.parse(result.stdout)
  }

  /// For statements that refuse a transaction block: they run in autocommit
  /// while a second session's open write on `t` makes them wait, and a third
  /// reads their locks (held and awaited).
  private func relationsWhileBlocked(_ statement: String, client: PsqlClient) async throws -> RelationObservation {
    // A plain table (not TEMP): the session that reads the locks afterwards must see it.
    try await client.execute(Self.beforeQuery.replacingOccurrences(of: "TEMP TABLE", with: "TABLE"))
    let blocker = try client.session()
    blocker.send("BEGIN;\nLOCK TABLE t IN ROW EXCLUSIVE MODE;\n\\echo __blocker_ready__\n")
    guard try await blocker.waitForLine(startingWith: "__blocker_ready__", timeout: .seconds(20)) != nil else {
      let result = try await blocker.finish()
      throw HarnessError("blocking session failed: \(result.stderr)")
    }
    let name = "cslint-relations-" + UUID().uuidString.prefix(8).lowercased()
    let runner = try client.named(name).session()
    runner.send("SET lock_timeout = '20s';\n\(Self.terminated(statement))\n")
    runner.closeInput()
    let waiting = """
      SELECT pid FROM pg_stat_activity WHERE application_name = \(name.sqlLiteral) AND wait_event_type = 'Lock';
      """
    var pid: String?
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(20))
    while pid == nil && clock.now < deadline && runner.isRunning {
      pid = try await client.rows(waiting).first?.first
      if pid == nil { try await Task.sleep(for: .milliseconds(10)) }
    }
    var locks = ""
    var failure: Error?
    if let pid {
      do { locks = try await client.execute(Self.locksQuery(pid: pid)) } catch { failure = error }
    }
    blocker.send("ROLLBACK;\n")
    _ = try await blocker.finish()
    let result = try await runner.finish()
    if let failure { throw failure }
    guard result.succeeded else {
      throw HarnessError("statement failed: \(PsqlClient.errorMessage(in: result.stderr) ?? result.stderr)")
    }
    guard pid != nil else {
      throw HarnessError("statement completed without waiting for the open writer on t; its locks went unseen")
    }
    let after = try await client.execute(Self.afterQuery)
    return try Self.parse(locks + "\n" + after)
  }

  // MARK: - Queries

  /// Oid, name, kind and file of every relation in the scratch schema.
  private static let beforeQuery = """
    CREATE TEMP TABLE cslint_before AS
      SELECT c.oid, c.relname, c.relkind::text AS relkind, c.relfilenode FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace;
    """

  /// `L <name> <kind> <mode> <new>` per lock of backend `pid` on a relation
  /// of the scratch schema, existing before or created since (a relation moved
  /// to another schema or dropped keeps its name from before).
  private static func locksQuery(pid: String) -> String {
    """
    SELECT 'L', coalesce(b.relname, c.relname), coalesce(b.relkind, c.relkind::text), l.mode, b.oid IS NULL
    FROM pg_locks l
    LEFT JOIN cslint_before b ON b.oid = l.relation
    LEFT JOIN pg_class c ON c.oid = l.relation
    WHERE l.pid = \(pid) AND l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND (b.oid IS NOT NULL OR c.relnamespace = current_schema()::regnamespace);
    """
  }

  /// `R <name>` per relation whose file changed.
  private static let afterQuery = """
    SELECT 'R', b.relname FROM cslint_before b JOIN pg_class c ON c.oid = b.oid WHERE c.relfilenode <> b.relfilenode;
    """

  private static func parse(_ output: String) throws -> RelationObservation {
    var observation = RelationObservation(locks: [:], rewritten: [])
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      switch fields.first {
      case "L":
        guard fields.count == 5, let mode = LockMode(catalogName: fields[3]) else {
          throw HarnessError("unexpected pg_locks row \(fields)")
        }
        let lock = RelationObservation.Lock(mode: mode, kind: fields[2], isNew: fields[4] == "t")
        if let old = observation.locks[fields[1]], old.mode >= mode { continue }
        observation.locks[fields[1]] = lock
      case "R":
        if fields.count == 2 { observation.rewritten.insert(fields[1]) }
      default:
        continue
      }
    }
    return observation
  }
}
