import MigrationLint

/// `JSONValue` on one line, for protocol messages.
enum CompactJSON {
  static func bytes(_ value: JSONValue) -> [UInt8] {
    var output: [UInt8] = []
    write(value, to: &output)
    return output
  }

  private static func write(_ value: JSONValue, to output: inout [UInt8]) {
    switch value {
    case .string(let text): quote(text, to: &output)
    case .int(let number): output += Array(String(number).utf8)
    case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
    case .null: output += Array("null".utf8)
    case .array(let items):
      output.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        write(item, to: &output)
      }
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      for (index, (name, item)) in members.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        quote(name, to: &output)
        output.append(UInt8(ascii: ":"))
        write(item, to: &output)
      }
      output.append(UInt8(ascii: "}"))
    }
  }

  private static func quote(_ text: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    let digits = Array("0123456789abcdef".utf8)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): output += [0x5C, byte]
      case UInt8(ascii: "\\"): output += [0x5C, byte]
      case 0x0A: output += [0x5C, UInt8(ascii: "n")]
      case 0x0D: output += [0x5C, UInt8(ascii: "r")]
      case 0x09: output += [0x5C, UInt8(ascii: "t")]
      case 0x00..<0x20:
        output += Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 15)]]
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }
}
