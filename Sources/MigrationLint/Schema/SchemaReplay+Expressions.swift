import PostgresSyntax

// Normal forms of default and CHECK expressions.
extension SchemaState {
  /// Lower case, whitespace collapsed, outer parentheses removed.
  /// Bytes, since it runs for every default and check expression.
  static func normalize(_ expression: String) -> String {
    // ASCII text is lowered byte by byte as it is copied (no String made by
    // `lowercased()`); other text gets Unicode case mapping first.
    var text = expression
    if let ascii = text.withUTF8({ isASCII($0) ? normalizeLowering($0) : nil }) { return ascii }
    var lowered = expression.lowercased()
    return lowered.withUTF8 { normalizeLowering($0) }
  }

  /// `normalize(source.text(range))` without the intermediate String when
  /// the range is ASCII: it runs for every index element, index predicate,
  /// default and CHECK expression (with the String, and the walk of it
  /// through `String.UTF8View`, 10 M instructions more on the corpus run).
  static func normalize(_ source: SourceFile, _ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, source.bytes.count))
    let upper = max(lower, min(range.upperBound, source.bytes.count))
    let ascii = source.bytes.withUnsafeBufferPointer { bytes -> String? in
      let slice = UnsafeBufferPointer(rebasing: bytes[lower..<upper])
      return isASCII(slice) ? normalizeLowering(slice) : nil
    }
    return ascii ?? normalize(source.text(lower..<upper))
  }

  private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes where byte >= 0x80 { return false }
    return true
  }

  /// The normal form of UTF-8 text that is ASCII or already lower-cased
  /// (`lowercased()` leaves no ASCII capital): ASCII letters lowered,
  /// whitespace collapsed, outer parentheses removed.
  private static func normalizeLowering(_ text: UnsafeBufferPointer<UInt8>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.count)
    var pendingSpace = false
    for byte in text {
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
        pendingSpace = !bytes.isEmpty
      } else {
        if pendingSpace { bytes.append(0x20) }
        pendingSpace = false
        bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
      }
    }
    var start = 0
    var end = bytes.count
    guard end >= 2, bytes[0] == UInt8(ascii: "("), bytes[end - 1] == UInt8(ascii: ")") else {
      return String(decoding: bytes, as: UTF8.self)
    }
    // One pass pairs every parenthesis, so peeling 25,000 nested layers
    // does not rescan the expression for each (issue 21).
    let closing = Self.closingParentheses(bytes)
    while end - start >= 2 && bytes[start] == UInt8(ascii: "(") && closing[start] == end - 1 {
      start += 1
      end -= 1
      while start < end && bytes[start] == 0x20 { start += 1 }
      while end > start && bytes[end - 1] == 0x20 { end -= 1 }
    }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// For each `(` of `bytes`, the offset of the `)` that closes it (-1 for
  /// other bytes and unclosed ones): `(a) = (b)` starts and ends with
  /// parentheses that do not enclose it. Quoted text (`')'`, `"a)"`) does
  /// not count.
  static func closingParentheses(_ bytes: [UInt8]) -> [Int] {
    var closing = [Int](repeating: -1, count: bytes.count)
    var open: [Int] = []
    var quote: UInt8?
    for (index, byte) in bytes.enumerated() {
      if let current = quote {
        if byte == current { quote = nil }
        continue
      }
      switch byte {
      case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
      case UInt8(ascii: "("): open.append(index)
      case UInt8(ascii: ")"):
        if let opening = open.popLast() { closing[opening] = index }
      default: break
      }
    }
    return closing
  }
}
