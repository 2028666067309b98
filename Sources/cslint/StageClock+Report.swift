import Dispatch
import FoundationEssentials
import MigrationLint

extension StageClock {
  /// Prints the totals (and peak memory on Linux) to standard error.
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
