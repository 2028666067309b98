import Foundation

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

  func report(files: Int) {
    guard enabled else { return }
    var lines = ["timings (\(files) files):"]
    for stage in order {
      lines.append(String(format: "  %-22@ %8.1f ms", stage as NSString, (totals[stage] ?? 0) * 1000))
    }
    let total = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    lines.append(String(format: "  %-22@ %8.1f ms", "total (in process)" as NSString, total * 1000))
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  }
}
