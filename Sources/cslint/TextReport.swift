import MigrationLint
import PostgresSyntax

/// `--statistics`: findings per rule, most frequent first.
enum TextReport {
  static func statistics(_ counts: [String: Int]) -> String {
    counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value)\t\($0.key)\n" }.joined()
  }
}

/// A minimal unified diff (whole-file hunk per change region).
enum UnifiedDiff {
  static func make(path: String, old: [UInt8], new: [UInt8]) -> String {
    let oldLines = String(decoding: old, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let newLines = String(decoding: new, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    var prefix = 0
    while prefix < oldLines.count && prefix < newLines.count && oldLines[prefix] == newLines[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < oldLines.count - prefix && suffix < newLines.count - prefix
      && oldLines[oldLines.count - 1 - suffix] == newLines[newLines.count - 1 - suffix]
    {
      suffix += 1
    }
    let context = 3
    let start = max(0, prefix - context)
    let oldEnd = min(oldLines.count, oldLines.count - suffix + context)
    let newEnd = min(newLines.count, newLines.count - suffix + context)
    let shown = TextEscaping.visible(path)
    var text = "--- a/\(shown)\n+++ b/\(shown)\n"
    text += "@@ -\(start + 1),\(oldEnd - start) +\(start + 1),\(newEnd - start) @@\n"
    for index in start..<prefix { text += " \(oldLines[index])\n" }
    for index in prefix..<(oldLines.count - suffix) { text += "-\(oldLines[index])\n" }
    for index in prefix..<(newLines.count - suffix) { text += "+\(newLines[index])\n" }
    for index in (oldLines.count - suffix)..<oldEnd { text += " \(oldLines[index])\n" }
    return text
  }
}

extension UnifiedDiff {
  /// The diff that creates `path` with `new` (`--- /dev/null`).
  static func makeNew(path: String, new: [UInt8]) -> String {
    var lines = String(decoding: new, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    let shown = TextEscaping.visible(path)
    var text = "--- /dev/null\n+++ b/\(shown)\n@@ -0,0 +1,\(lines.count) @@\n"
    for line in lines { text += "+\(line)\n" }
    return text
  }
}
