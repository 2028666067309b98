import PostgresSyntax

// Normal forms of default and CHECK expressions.
extension SchemaState {
  /// Lower case, whitespace collapsed, outer parentheses removed.
  /// Bytes, since it runs for every default and check expression.
  static func normalize(_ expression: String) -> String {
    // (`lowercased()` has its own fast path for ASCII text.)
    let lowered = expression.lowercased()
    var bytes: [UInt8] = []
    bytes.reserveCapacity(lowered.utf8.count)
    var pendingSpace = false
    for byte in lowered.utf8 {
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
        pendingSpace = !bytes.isEmpty
      } else {
        if pendingSpace { bytes.append(0x20) }
        pendingSpace = false
        bytes.append(byte)
      }
    }
    var start = 0
    var end = bytes.count
    while end - start >= 2 && Self.parenthesesEnclose(bytes, start, end) {
      start += 1
      end -= 1
      while start < end && bytes[start] == 0x20 { start += 1 }
      while end > start && bytes[end - 1] == 0x20 { end -= 1 }
    }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// Whether `bytes[start]` is a `(` closed by `bytes[end - 1]`: `(a) = (b)`
  /// starts and ends with parentheses that do not enclose it. Quoted text
  /// (`')'`, `"a)"`) does not count.
  static func parenthesesEnclose(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
    guard bytes[start] == UInt8(ascii: "("), bytes[end - 1] == UInt8(ascii: ")") else { return false }
    var depth = 0
    var quote: UInt8?
    for index in start..<end {
      let byte = bytes[index]
      if let open = quote {
        if byte == open { quote = nil }
        continue
      }
      switch byte {
      case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"):
        depth -= 1
        if depth == 0 { return index == end - 1 }
      default: break
      }
    }
    return false
  }
}
