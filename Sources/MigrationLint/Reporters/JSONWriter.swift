import PostgresSyntax

/// A JSON value whose objects keep their keys in the order written, so output
/// is byte-for-byte deterministic (Foundation's serializer reorders keys).
indirect enum JSONValue {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  /// `value` or JSON null.
  static func optional(_ value: String?) -> JSONValue {
    value.map(JSONValue.string) ?? .null
  }

  /// Pretty-printed with two-space indentation and a trailing newline.
  func serialized() -> String {
    var output = ""
    write(to: &output, indent: 0)
    output += "\n"
    return output
  }

  private func write(to output: inout String, indent: Int) {
    switch self {
    case .string(let text): JSONValue.writeString(text, to: &output)
    case .int(let number): output += String(number)
    case .bool(let flag): output += flag ? "true" : "false"
    case .null: output += "null"
    case .array(let items):
      guard !items.isEmpty else {
        output += "[]"
        return
      }
      output += "[\n"
      for (index, item) in items.enumerated() {
        output += JSONValue.indentation(indent + 1)
        item.write(to: &output, indent: indent + 1)
        output += index + 1 < items.count ? ",\n" : "\n"
      }
      output += JSONValue.indentation(indent)
      output += "]"
    case .object(let members):
      guard !members.isEmpty else {
        output += "{}"
        return
      }
      output += "{\n"
      for (index, (key, value)) in members.enumerated() {
        output += JSONValue.indentation(indent + 1)
        JSONValue.writeString(key, to: &output)
        output += ": "
        value.write(to: &output, indent: indent + 1)
        output += index + 1 < members.count ? ",\n" : "\n"
      }
      output += JSONValue.indentation(indent)
      output += "}"
    }
  }

  private static let indentations: [String] = (0..<32).map { String(repeating: "  ", count: $0) }

  static func indentation(_ level: Int) -> String {
    level < indentations.count ? indentations[level] : String(repeating: "  ", count: level)
  }

  /// Appends `text` as a JSON string literal (escaping shared with
  /// `JSONText.quoted`, which the other JSON writers use).
  static func writeString(_ text: String, to output: inout String) {
    output += JSONText.quoted(text)
  }
}
