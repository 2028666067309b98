import Dispatch
import FoundationEssentials

/// `--timings`: wall time per pipeline stage (the CLI prints it to standard error).
public struct StageClock: Sendable {
  public let enabled: Bool
  public private(set) var totals: [String: Double] = [:]
  public private(set) var order: [String] = []
  /// When the clock was made (the process-wide total runs from here).
  public let started = DispatchTime.now().uptimeNanoseconds

  public init(enabled: Bool) { self.enabled = enabled }

  /// Runs `work`, adding its wall time to `stage` (nothing when disabled).
  public mutating func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
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
  public mutating func add(_ other: StageClock) {
    for stage in other.order {
      if totals[stage] == nil { order.append(stage) }
      totals[stage, default: 0] += other.totals[stage] ?? 0
    }
  }
}
