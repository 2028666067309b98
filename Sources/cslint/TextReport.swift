import MigrationLint
import PostgresSyntax

/// `--statistics`: findings per rule, most frequent first.
enum TextReport {
  static func statistics(_ counts: [String: Int]) -> String {
    counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value)\t\($0.key)\n" }.joined()
  }
}

/// A minimal unified diff (one hunk around the changed region) that
/// `git apply` and `patch` accept: the newline ending the last line is not a
/// line of its own, and a last line without one is marked
/// `\ No newline at end of file`.
enum UnifiedDiff {
  /// A file's lines without their line feeds, and whether the last one had one.
  struct Lines {
    var lines: [String]
    var endsWithNewline: Bool

    init(_ bytes: [UInt8]) {
      // Split on the byte: as Characters, "\r\n" is one that is not "\n",
      // and a CRLF file would be one long line.
      lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
      }
      endsWithNewline = bytes.last == 0x0A
      // "a\n" splits into "a" and "": the final line feed ends a line, it starts none.
      if lines.last == "" { lines.removeLast() }
    }

    var count: Int { lines.count }

    /// Whether line `index` is the last one and has no line feed.
    func lacksNewline(_ index: Int) -> Bool { index == lines.count - 1 && !endsWithNewline }

    /// Line `index` as diff text after `marker`.
    func rendered(_ index: Int, _ marker: String) -> String {
      marker + lines[index] + (lacksNewline(index) ? "\n\\ No newline at end of file\n" : "\n")
    }
  }

  static func make(path: String, old: [UInt8], new: [UInt8]) -> String {
    let old = Lines(old)
    let new = Lines(new)
    func same(_ oldIndex: Int, _ newIndex: Int) -> Bool {
      old.lines[oldIndex] == new.lines[newIndex] && old.lacksNewline(oldIndex) == new.lacksNewline(newIndex)
    }
    var prefix = 0
    while prefix < old.count && prefix < new.count && same(prefix, prefix) { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix && suffix < new.count - prefix
      && same(old.count - 1 - suffix, new.count - 1 - suffix)
    {
      suffix += 1
    }
    let context = 3
    let start = max(0, prefix - context)
    let oldEnd = min(old.count, old.count - suffix + context)
    let newEnd = min(new.count, new.count - suffix + context)
    // An empty side starts at the line before the hunk (0 for an empty file).
    func range(_ end: Int) -> String { "\(end - start == 0 ? start : start + 1),\(end - start)" }
    let shown = TextEscaping.visible(path)
    var text = "--- a/\(shown)\n+++ b/\(shown)\n"
    text += "@@ -\(range(oldEnd)) +\(range(newEnd)) @@\n"
    for index in start..<prefix { text += old.rendered(index, " ") }
    for index in prefix..<(old.count - suffix) { text += old.rendered(index, "-") }
    for index in prefix..<(new.count - suffix) { text += new.rendered(index, "+") }
    for index in (old.count - suffix)..<oldEnd { text += old.rendered(index, " ") }
    return text
  }
}

extension UnifiedDiff {
  /// The diff that creates `path` with `new` (`--- /dev/null`).
  static func makeNew(path: String, new: [UInt8]) -> String {
    let lines = Lines(new)
    let shown = TextEscaping.visible(path)
    var text = "--- /dev/null\n+++ b/\(shown)\n@@ -0,0 +1,\(lines.count) @@\n"
    for index in 0..<lines.count { text += lines.rendered(index, "+") }
    return text
  }
}
