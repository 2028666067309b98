/// Text from outside (file names, configuration values) shown in human
/// output: control characters and invisible ones become visible escapes, so
/// a crafted file name cannot drive the terminal (ESC sequences), split a
/// line, or hide in an error message (issue 21).
public enum TextEscaping {
  /// `text` with every control or invisible character escaped: `\n`, `\r`,
  /// `\t`, `\0`, `\x1B` for other C0 and C1 controls and DEL, `\u{200B}` for
  /// format characters (zero-width, bidirectional overrides, BOM).
  /// Unchanged (no copy) when there is none, the common case.
  public static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      guard needsEscape(scalar) else {
        result.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\0": result += "\\0"
      default:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += scalar.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
      }
    }
    return result
  }

  /// `visible` line by line: line breaks and tabs of a multi-line message
  /// stay, every other control or invisible character is escaped.
  public static func visibleKeepingLines(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { needsEscape($0) && $0 != "\n" && $0 != "\t" }) else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in
        line.split(separator: "\t", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(
          separator: "\t")
      }
      .joined(separator: "\n")
  }

  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
    guard value >= 0xAD else { return false }
    if value == 0xAD || value == 0xFEFF || value == 0x2028 || value == 0x2029 { return true }
    return scalar.properties.generalCategory == .format
  }
}
