/// Turns the generated rule pages into plain terminal text for `cslint rule ID`.
public enum MarkdownText {
  /// Headings underlined, code blocks indented, emphasis, backticks and
  /// HTML comments dropped. Only the Markdown `RuleDocumentation` writes is
  /// handled; anything else passes through unchanged.
  public static func plain(_ markdown: String) -> String {
    var lines: [String] = []
    var inCode = false
    for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      if line.hasPrefix("```") {
        inCode.toggle()
        continue
      }
      if inCode {
        lines.append(line.isEmpty ? "" : "    " + line)
        continue
      }
      if line.hasPrefix("<!--") || line.hasPrefix("[All rules]") { continue }
      if line.hasPrefix("## ") {
        let title = String(line.dropFirst(3))
        lines.append(title)
        lines.append(String(repeating: "-", count: title.count))
      } else if line.hasPrefix("# ") {
        let title = String(line.dropFirst(2))
        lines.append(title)
        lines.append(String(repeating: "=", count: title.count))
      } else {
        lines.append(line.replacing("**", with: "").replacing("`", with: ""))
      }
    }
    // Dropped lines can leave runs of blank lines; keep at most one.
    var result: [String] = []
    for line in lines where !(line.isEmpty && result.last?.isEmpty == true) { result.append(line) }
    while result.last?.isEmpty == true { result.removeLast() }
    return result.joined(separator: "\n") + "\n"
  }
}
