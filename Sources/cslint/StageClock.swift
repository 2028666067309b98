import Dispatch
import FoundationEssentials
import MigrationLint

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--timings`: wall time per pipeline stage, printed to standard error.
struct StageClock {
  let enabled: Bool
  private(set) var totals: [String: Double] = [:]
  private(set) var order: [String] = []
  private let started = DispatchTime.now().uptimeNanoseconds

  init(enabled: Bool) { self.enabled = enabled }

  mutating func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
    guard enabled else { return try work() }
    let start = DispatchTime.now().uptimeNanoseconds
    defer {
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if totals[stage] == nil { order.append(stage) }
      totals[stage, default: 0] += elapsed
    }
    return try work()
  }

  /// Adds another clock's totals (the linting thread's).
  mutating func add(_ other: StageClock) {
    for stage in other.order {
      if totals[stage] == nil { order.append(stage) }
      totals[stage, default: 0] += other.totals[stage] ?? 0
    }
  }

  func report(files: Int) {
    guard enabled else { return }
    var lines = ["timings (\(files) files):"]
    func line(_ label: String, _ seconds: Double) -> String {
      let tenths = Int((seconds * 10_000).rounded())
      let number = "\(tenths / 10).\(tenths % 10)"
      return "  " + label.padded(to: 22) + String(repeating: " ", count: max(0, 9 - number.count)) + number + " ms"
    }
    for stage in order { lines.append(line(stage, totals[stage] ?? 0)) }
    lines.append(line("total (in process)", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
    if let status = FileBytes.read("/proc/self/status") {
      // Linux: peak and current resident memory, split into heap and mapped files.
      let wanted = ["VmHWM", "RssAnon", "RssFile"]
      let fields = String(decoding: status, as: UTF8.self).split(separator: "\n").filter { line in
        wanted.contains { line.hasPrefix($0 + ":") }
      }
      let compact: [String] = fields.map { field in
        field.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
      }
      if !compact.isEmpty { lines.append("  memory: " + compact.joined(separator: ", ")) }
    }
    printError(lines.joined(separator: "\n"))
  }
}
