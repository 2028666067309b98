import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One throwaway server per PostgreSQL major for the whole test process,
/// started on first use and shared by every test (starting one costs about a
/// second; a test costs milliseconds).
actor LiveServers {
  static let shared = LiveServers()

  private var starting: [Int: Task<ThrowawayServer, Error>] = [:]
  private var staleSweep: Task<Void, Never>?

  /// The server for `major`, started (with the Supabase stub applied) on first use.
  func server(major: Int) async throws -> ThrowawayServer {
    if let task = starting[major] { return try await task.value }
    // Everything up to storing the task is synchronous: a suspension point
    // here would let a second caller start a second server.
    let sweep = staleSweep ?? Task { await Self.prepareProcess() }
    staleSweep = sweep
    let task = Task { () throws -> ThrowawayServer in
      await sweep.value
      return try await Self.startServer(major: major)
    }
    starting[major] = task
    return try await task.value
  }

  /// Once per test process: survive writes to dead psql pipes, and remove
  /// servers left behind by earlier runs whose process is gone.
  private static func prepareProcess() async {
    // A psql whose server died would otherwise kill us with SIGPIPE when we
    // write to its stdin; with SIG_IGN the write just fails.
    signal(SIGPIPE, SIG_IGN)
    _ = try? await Subprocess.run("/bin/bash", [ThrowawayServer.cleanupScript, "--stale"])
  }

  private static func startServer(major: Int) async throws -> ThrowawayServer {
    guard let install = await PostgresInstalls.byMajor()[major] else {
      let searched = PostgresInstalls.candidateDirectories().joined(separator: ", ")
      throw HarnessError(
        "no PostgreSQL \(major) install found (searched: \(searched.isEmpty ? "nothing" : searched)); "
          + "see docs/verification.md, 'Running the live suite'")
    }
    let server = try await ThrowawayServer.start(install)
    let stub = PostgresInstalls.packageRoot.appendingPathComponent("Scripts/pg/supabase-stub.sql")
    let sql = try String(contentsOf: stub, encoding: .utf8)
    do {
      try await server.client.execute(sql)
    } catch {
      server.stop()
      throw HarnessError("Scripts/pg/supabase-stub.sql failed on PostgreSQL \(install.version): \(error)")
    }
    return server
  }

  /// The server for `major`, or — when none can be started — a test failure
  /// in CI (`CI=true`) and a loud skip everywhere else.
  static func require(major: Int) async throws -> ThrowawayServer {
    do {
      return try await shared.server(major: major)
    } catch {
      try unavailable("PostgreSQL \(major) server unavailable: \(error)")
    }
  }

  static var isCI: Bool {
    let value = ProcessInfo.processInfo.environment["CI"]?.lowercased()
    return value == "true" || value == "1"
  }

  /// Fails in CI, otherwise prints a banner (once per reason) and cancels the
  /// current test (case), which Swift Testing reports as skipped.
  static func unavailable(_ reason: String) throws -> Never {
    if isCI { throw HarnessError("\(reason)\n(CI=true: the live suite must run, so this is a failure)") }
    Banner.shared.printOnce(reason)
    try Test.cancel("LiveTests skipped: \(reason)")
  }
}

/// Prints each skip reason once, loudly, on stderr.
private final class Banner: @unchecked Sendable {
  static let shared = Banner()
  private let lock = NSLock()
  private var printed: Set<String> = []

  func printOnce(_ reason: String) {
    lock.lock()
    let isNew = printed.insert(reason).inserted
    lock.unlock()
    guard isNew else { return }
    let rule = String(repeating: "!", count: 78)
    let text = "\n\(rule)\n!! LIVE TESTS SKIPPED: \(reason)\n!! (set CI=true to make this a failure)\n\(rule)\n"
    FileHandle.standardError.write(Data(text.utf8))
  }
}
