/// JSON string escaping for `JSONWriter`, on bytes (no Foundation round
/// trip, so output is byte-stable): RFC 8259 escaping, with U+2028/U+2029
/// escaped too so the output is also safe to embed in JavaScript.
enum JSONEscaping {
  /// Appends `value` as a JSON string literal, quotes included, to `output`
  /// (the report writers' hot path).
  static func appendQuoted(_ value: String, to output: ByteSink) {
    output.append(0x22)
    var value = value
    value.withUTF8 { bytes in
      var runStart = 0
      var index = 0
      let raw = UnsafeRawPointer(bytes.baseAddress)
      // Bytes before this index are looked at one by one.
      var bytewiseEnd = 0
      while index < bytes.count {
        // Most bytes need no escaping: skip eight at a time while none of
        // them does; a word that may need care is walked byte by byte.
        if index >= bytewiseEnd, let raw, index + 8 <= bytes.count {
          if !mayNeedCare(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
            index += 8
            continue
          }
          bytewiseEnd = index + 8
        }
        let byte = bytes[index]
        guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 else {
          index += 1
          continue
        }
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
            output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            let hex: StaticString = "0123456789abcdef"
            output.append("\\u00")
            hex.withUTF8Buffer { digits in
              output.append(digits[Int(byte >> 4)])
              output.append(digits[Int(byte & 0x0F)])
            }
            index += 1
            runStart = index
            continue
          }
        }
        if let escape {
          output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
          output.append(escape)
          index += width
          runStart = index
        } else {
          index += 1
        }
      }
      output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }
    output.append(0x22)
  }
}

/// Whether any of the eight bytes in `word` may need escaping: a control
/// byte (< 0x20, its top three bits clear), `"`, `\\` or 0xE2 (which starts
/// U+2028 / U+2029; whether it does is then checked byte by byte).
@inline(__always)
private func mayNeedCare(_ word: UInt64) -> Bool {
  let control = WordBytes.zeroBytes(word & 0xE0E0_E0E0_E0E0_E0E0)
  let quote = WordBytes.equal(word, 0x22)
  let backslash = WordBytes.equal(word, 0x5C)
  let lineSeparatorStart = WordBytes.equal(word, 0xE2)
  return control | quote | backslash | lineSeparatorStart != 0
}

/// PostgresSyntax's `ByteWord` tests, for this module's word-at-a-time
/// scans (JSON escaping, the binary-file check). A copy, not a call: across
/// the module boundary the optimizer leaves `ByteWord.zeroBytes` a call per
/// word, even when it is `@inlinable` (3.8 million calls on the corpus
/// report; 115 M more instructions, measured with callgrind).
enum WordBytes {
  /// The high bit of each zero byte of `word`, and nothing else (no borrow
  /// flags the byte above a zero byte).
  @inline(__always) static func zeroBytes(_ word: UInt64) -> UInt64 {
    let low = (word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
    return ~(low | word) & 0x8080_8080_8080_8080
  }

  /// The high bit of each byte of `word` equal to `byte`.
  @inline(__always) static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    zeroBytes(word ^ (UInt64(byte) &* 0x0101_0101_0101_0101))
  }
}
