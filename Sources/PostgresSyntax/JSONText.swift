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

/// 1 for bytes `appendQuoted` must look at: controls, `"`, `\\`, and 0xE2
/// (which starts U+2028 / U+2029).
private let needsCare: [UInt8] = (0..<256).map { byte in
  byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 ? 1 : 0
}

extension JSONText {
  /// Appends `value` as a JSON string literal to `output`, with the escaping
  /// of `quoted(_:)`, working on bytes (the report writers' hot path).
  public static func appendQuoted(_ value: String, to output: inout [UInt8]) {
    output.append(0x22)
    var value = value
    value.withUTF8 { bytes in
      var runStart = 0
      var index = 0
      while index < bytes.count {
        // Most bytes need no escaping: skip them with one table lookup each.
        if needsCare[Int(bytes[index])] == 0 {
          index += 1
          continue
        }
        let byte = bytes[index]
        var escape: StaticString?
        var width = 1
        switch byte {
        case 0x22: escape = "\\\""
        case 0x5C: escape = "\\\\"
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        case 0x08: escape = "\\b"
        case 0x0C: escape = "\\f"
        case 0xE2
        where index + 2 < bytes.count && bytes[index + 1] == 0x80
          && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
          escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
          width = 3
        default:
          if byte < 0x20 {
            output.append(contentsOf: bytes[runStart..<index])
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            output.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            index += 1
            runStart = index
            continue
          }
        }
        if let escape {
          output.append(contentsOf: bytes[runStart..<index])
          escape.withUTF8Buffer { output.append(contentsOf: $0) }
          index += width
          runStart = index
        } else {
          index += 1
        }
      }
      output.append(contentsOf: bytes[runStart..<bytes.count])
    }
    output.append(0x22)
  }
}
