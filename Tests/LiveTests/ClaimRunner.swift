import Foundation
import MigrationLint

/// What one statement did on a live server.
struct Observed: Sendable {
  /// Strongest lock per table (claims with a ``LiveClaim/failure`` have none).
  var locks: [String: LockMode] = [:]
  var effects: TableEffects?
  /// The error it failed with; nil when it succeeded.
  var failure: String?
  /// For a claim with ``LiveClaim/blocks``: the other session's statement,
  /// its error while the transaction was open (nil: it did not wait) and
  /// after it ended (nil: it ran).
  var probeWhileOpen: String?
  var probeAfter: String?
  /// Why the observation itself could not be made.
  var error: String?
}

/// A claim checked on one major: what was seen, and every disagreement.
struct ClaimOutcome: Sendable {
  var claim: LiveClaim
  var major: Int
  /// False when the server is older than ``LiveClaim/since`` or newer than ``LiveClaim/until``.
  var applicable: Bool
  var statement = Observed()
  var alternative: Observed?
  /// Each names the rule, the version, the declared and the observed behaviour.
  var mismatches: [String] = []
}

/// Runs claims against servers, once per (claim, major) per test process: the
/// parameterized claim tests and the docs/verification.md test share results.
actor ClaimRunner {
  static let shared = ClaimRunner()

  private var outcomes: [String: Task<ClaimOutcome, Never>] = [:]
  /// Bounds the psql sessions in flight: Swift Testing starts every test case
  /// at once, and a server has a connection limit (and the machine two cores).
  private let gate = AsyncGate(limit: 4)

  func outcome(of claim: LiveClaim, on server: ThrowawayServer) async -> ClaimOutcome {
    let key = "\(claim.id)@\(server.install.major)"
    if let task = outcomes[key] { return await task.value }
    let gate = self.gate
    let task = Task {
      await gate.run { await Self.check(claim, on: server) }
    }
    outcomes[key] = task
    return await task.value
  }

  private static func check(_ claim: LiveClaim, on server: ThrowawayServer) async -> ClaimOutcome {
    let major = server.install.major
    var outcome = ClaimOutcome(claim: claim, major: major, applicable: major >= claim.since && major <= claim.until)
    guard outcome.applicable else { return outcome }
    let observer = LiveObserver(server: server)
    let who = "\(claim.ruleID ?? "no rule") [claim \(claim.id)] on PostgreSQL \(major)"

    if let probe = claim.blocks {
      do {
        (outcome.statement.probeWhileOpen, outcome.statement.probeAfter) = try await observer.probe(
          probe, whileOpen: claim.statement, setup: claim.setup)
      } catch {
        outcome.statement.error = "\(error)"
      }
      if let error = outcome.statement.error {
        outcome.mismatches.append("\(who): could not observe the other session: \(error)")
      } else if outcome.statement.probeWhileOpen?.contains("lock timeout") != true {
        outcome.mismatches.append(
          "\(who): declared that \"\(probe)\" waits while the transaction is open, observed "
            + (outcome.statement.probeWhileOpen.map { "\"\($0)\"" } ?? "that it ran"))
      } else if let after = outcome.statement.probeAfter {
        outcome.mismatches.append("\(who): \"\(probe)\" must run once the transaction ends, but: \(after)")
      }
    } else if let expected = claim.failure {
      do {
        outcome.statement.failure = try await observer.fails(claim.statement, setup: claim.setup)
      } catch {
        outcome.statement.error = "\(error)"
      }
      let observed = outcome.statement.failure
      if let error = outcome.statement.error {
        outcome.mismatches.append("\(who): could not observe the failure: \(error)")
      } else if observed?.contains(expected) != true {
        outcome.mismatches.append(
          "\(who): declared failure containing \"\(expected)\", observed \(observed.map { "\"\($0)\"" } ?? "success")")
      }
    } else {
      outcome.statement = await observe(
        claim.statement, setup: claim.setup, concurrently: claim.concurrently, tables: claim.effectTables,
        observer: observer)
      outcome.mismatches += compare(claim, outcome.statement, who: who)
    }

    if let alternative = claim.safeAlternative {
      let setup = alternative.extraSetup.isEmpty ? claim.setup : claim.setup + "\n" + alternative.extraSetup
      let observed = await observe(
        alternative.sql, setup: setup, concurrently: alternative.concurrently, tables: claim.effectTables,
        observer: observer, locks: alternative.maxLock != nil)
      outcome.alternative = observed
      outcome.mismatches += compare(alternative, observed, tables: claim.effectTables, who: who)
    }
    return outcome
  }

  /// Locks (when asked) and effects of a statement that must succeed.
  private static func observe(
    _ sql: String, setup: String, concurrently: Bool, tables: [String], observer: LiveObserver, locks: Bool = true
  ) async -> Observed {
    var observed = Observed()
    do {
      if locks {
        observed.locks = try await observer.strongestLocks(
          during: sql, setup: setup, on: tables, concurrently: concurrently)
      }
      observed.effects = try await observer.effects(of: sql, setup: setup, on: tables)
    } catch {
      observed.error = "\(error)"
    }
    return observed
  }

  private static func compare(_ claim: LiveClaim, _ observed: Observed, who: String) -> [String] {
    if let error = observed.error { return ["\(who): could not observe the statement: \(error)"] }
    var mismatches: [String] = []
    for expected in claim.locks where observed.locks[expected.table] != expected.mode {
      let seen = observed.locks[expected.table]?.sqlName ?? "no lock"
      mismatches.append("\(who): declared lock \(expected.mode) on \(expected.table), observed \(seen)")
    }
    mismatches += compareEffects(rewrite: claim.rewrite, scan: claim.scan, observed, who: who)
    return mismatches
  }

  private static func compare(
    _ alternative: SafeAlternative, _ observed: Observed, tables: [String], who: String
  ) -> [String] {
    let what = "\(who), safe alternative"
    if let error = observed.error { return ["\(what): it must run, but: \(error)"] }
    var mismatches: [String] = []
    if let maxLock = alternative.maxLock {
      for table in tables {
        guard let seen = observed.locks[table], seen > maxLock else { continue }
        mismatches.append("\(what): declared at most \(maxLock) on \(table), observed \(seen)")
      }
    }
    mismatches += compareEffects(rewrite: alternative.rewrite, scan: alternative.scan, observed, who: what)
    return mismatches
  }

  private static func compareEffects(rewrite: Bool?, scan: Bool?, _ observed: Observed, who: String) -> [String] {
    guard let effects = observed.effects else { return [] }
    var mismatches: [String] = []
    if let rewrite, rewrite != !effects.rewritten.isEmpty {
      mismatches.append(
        "\(who): declared \(rewrite ? "a table rewrite" : "no rewrite"), observed "
          + (effects.rewritten.isEmpty
            ? "no rewrite" : "rewrite of \(effects.rewritten.sorted().joined(separator: ", "))"))
    }
    if let scan, scan != !effects.scanned.isEmpty {
      mismatches.append(
        "\(who): declared \(scan ? "a verification scan" : "no verification scan"), observed "
          + (effects.scanned.isEmpty ? "none" : "a scan of \(effects.scanned.sorted().joined(separator: ", "))"))
    }
    return mismatches
  }
}

/// A counting semaphore for async code (no thread is blocked while waiting).
actor AsyncGate {
  private let limit: Int
  private var running = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) {
    self.limit = limit
  }

  func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
    await acquire()
    let value = await body()
    release()
    return value
  }

  private func acquire() async {
    if running < limit {
      running += 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  private func release() {
    if waiting.isEmpty {
      running -= 1
    } else {
      // The slot passes straight to the next waiter.
      waiting.removeFirst().resume()
    }
  }
}
