/// Minimal JSON string escaping shared by every JSON writer (no Foundation
/// round trip, so output is byte-stable).
public enum JSONText {
  /// `value` as a JSON string literal, quotes included.
  /// RFC 8259 escaping; U+2028/U+2029 are escaped too so the output is also
  /// safe to embed in JavaScript.
  public static func quoted(_ value: String) -> String {
    // Fast path: most strings need no escaping and are used whole.
    if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
      return "\"" + value + "\""
    }
    var result = "\""
    result.reserveCapacity(value.utf8.count + 2)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case "\u{2028}": result += "\\u2028"
      case "\u{2029}": result += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    result += "\""
    return result
  }
}
