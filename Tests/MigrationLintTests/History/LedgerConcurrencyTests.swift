import Foundation
import Testing

@testable import MigrationLint

@Suite("Ledger concurrency")
struct LedgerConcurrencyTests {
  /// Several `ledger update --only` runs at once (threads; each opens the
  /// ledger's directory for its own lock, as separate processes do), while a
  /// reader keeps reading the ledger: every read parses completely, and no
  /// update is lost.
  @Test func concurrentUpdatesNeverTruncateOrLoseEntries() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root)
      let baseCount = 20
      for index in 0..<baseCount {
        try project.write(String(format: "202401%02d120000_base_%02d.sql", index + 1, index), "select \(index);\n")
      }
      try project.update()
      let writers = 8
      let rounds = 5
      let names = (0..<writers).map { index in
        String(format: "202402%02d120000_new_%02d.sql", index + 1, index)
      }

      let failures = FailureLog()
      let done = FailureLog()
      let reader = Thread {
        while !done.flag {
          guard let bytes = FileManager.default.contents(atPath: project.ledgerPath) else {
            failures.add("ledger missing during update")
            continue
          }
          do {
            let ledger = try Ledger.parse([UInt8](bytes), path: project.ledgerPath)
            if ledger.entries.count < baseCount { failures.add("ledger had \(ledger.entries.count) entries") }
          } catch {
            failures.add("unreadable ledger: \(error)")
          }
        }
        done.add("reader finished")
      }
      reader.start()
      // Each writer rewrites its own file every round and records just that
      // file, so every update really writes, and any lost update would leave
      // a stale checksum behind.
      DispatchQueue.concurrentPerform(iterations: writers) { index in
        for round in 0..<rounds {
          do {
            try project.write(names[index], "insert into t values (\(index), \(round));\n")
            try Ledger.update(migrationsDirectory: project.migrations, only: [names[index]])
          } catch {
            failures.add("update failed: \(error)")
          }
        }
      }
      done.flag = true
      while done.messages.isEmpty { usleep(1000) }

      let messages = failures.messages
      #expect(messages.count == 0, "first failures: \(messages.prefix(3))")
      let ledger = try #require(try Ledger.load(path: project.ledgerPath))
      #expect(ledger.entries.count == baseCount + writers)
      // The final contents of every file are recorded: nothing was lost.
      #expect(try project.check().isEmpty)
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.migrations).filter {
        $0.hasPrefix(".")
      }
      #expect(leftovers.isEmpty)
    }
  }
}

/// Thread-safe message list plus a stop flag, shared with the reader thread.
private final class FailureLog: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  private var stop = false

  func add(_ message: String) { lock.withLock { stored.append(message) } }
  var messages: [String] { lock.withLock { stored } }
  var flag: Bool {
    get { lock.withLock { stop } }
    set { lock.withLock { stop = newValue } }
  }
}
