/// Escaping for the XML formats (checkstyle, JUnit).
enum XMLEscaping {
  /// Text content: `&`, `<`, `>` escaped; characters XML 1.0 forbids replaced.
  static func text(_ value: String) -> String {
    escape(value, attribute: false)
  }

  /// An attribute value in double quotes: also quotes, and line breaks and
  /// tabs as character references so parsers do not normalize them to spaces.
  static func attribute(_ value: String) -> String {
    escape(value, attribute: true)
  }

  private static func escape(_ value: String, attribute: Bool) -> String {
    var output = ""
    output.reserveCapacity(value.utf8.count)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"" where attribute: output += "&quot;"
      case "'" where attribute: output += "&apos;"
      case "\n" where attribute: output += "&#10;"
      case "\r": output += "&#13;"
      case "\t" where attribute: output += "&#9;"
      case "\n", "\t": output.unicodeScalars.append(scalar)
      default:
        // XML 1.0 allows no other C0 controls, and not U+FFFE / U+FFFF.
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          output += "\u{FFFD}"
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output
  }
}
