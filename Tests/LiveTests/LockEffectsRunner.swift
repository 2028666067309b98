import MigrationLint

/// One lock case on one major: what cslint says, what the server did, and
/// every difference.
struct LockEffectsOutcome: Sendable {
  var lockCase: LockCase
  var major: Int
  /// cslint's effect per relation name.
  var claimed: [String: RelationEffect]
  var observed: RelationObservation?
  /// Why the observation could not be made.
  var error: String?
  var disagreements: [String]
}

/// Runs lock cases once per (case, major) per test process: the
/// parameterized test and the docs/verification.md test share results.
actor LockEffectsRunner {
  static let shared = LockEffectsRunner()

  private var outcomes: [String: Task<LockEffectsOutcome, Never>] = [:]
  private var roles: [Int: Task<String?, Never>] = [:]
  /// Bounds the psql sessions in flight (see ``ClaimRunner``).
  private let gate = AsyncGate(limit: 4)

  func outcome(of lockCase: LockCase, on server: ThrowawayServer) async -> LockEffectsOutcome {
    let major = server.install.major
    let key = "\(lockCase.name)@\(major)"
    if let task = outcomes[key] { return await task.value }
    // Nothing awaits between the lookup and storing the task: a second
    // caller for the same key finds it.
    let gate = self.gate
    let task = Task {
      let roleError = await self.prepare(server)
      return await gate.run { await Self.check(lockCase, on: server, roleError: roleError) }
    }
    outcomes[key] = task
    return await task.value
  }

  /// The roles and the schema some cases name, created once per server.
  private func prepare(_ server: ThrowawayServer) async -> String? {
    let major = server.install.major
    if let task = roles[major] { return await task.value }
    let task = Task { () -> String? in
      do {
        try await server.client.execute(
          "CREATE ROLE cslint_owner;\nCREATE ROLE cslint_reader;\nCREATE SCHEMA cslint_other;\n")
        return nil
      } catch {
        return "\(error)"
      }
    }
    roles[major] = task
    return await task.value
  }

  private static func check(_ lockCase: LockCase, on server: ThrowawayServer, roleError: String?) async
    -> LockEffectsOutcome
  {
    let major = server.install.major
    let claimed = LockEffectsComparison.claimed(lockCase, major: major)
    var outcome = LockEffectsOutcome(lockCase: lockCase, major: major, claimed: claimed, disagreements: [])
    if let roleError {
      outcome.error = "roles for the lock cases: \(roleError)"
    } else {
      do {
        outcome.observed = try await LiveObserver(server: server).relationLocks(
          during: lockCase.statement, setup: lockCase.fullSetup, blocking: lockCase.blocking)
      } catch {
        outcome.error = "\(error)"
      }
    }
    if let observed = outcome.observed {
      outcome.disagreements = LockEffectsComparison.disagreements(
        claimed: claimed, observed: observed, newEmptyFile: lockCase.newEmptyFile)
    } else {
      outcome.disagreements = ["could not observe: \(outcome.error ?? "unknown error")"]
    }
    return outcome
  }
}
