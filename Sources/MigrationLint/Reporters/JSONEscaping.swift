/// JSON string escaping for `JSONWriter`, on bytes (no Foundation round
/// trip, so output is byte-stable): RFC 8259 escaping, with U+2028/U+2029
/// escaped too so the output is also safe to embed in JavaScript.
enum JSONEscaping {
  /// Appends `value` as a JSON string literal, quotes included, to `output`
  /// (the report writers' hot path).
  ///
  /// Bytes that need no escaping go out in runs, one copy per run, so a
  /// string with nothing to escape (most of them) is a single copy. The
  /// search for the next byte that may need care tests sixteen bytes a step.
  static func appendQuoted(_ value: String, to output: ByteSink) {
    output.append(0x22)
    var value = value
    value.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      let raw = UnsafeRawPointer(base)
      let count = bytes.count
      var runStart = 0
      var index = 0
      while true {
        // Skip to the next byte that may need care: two words, then one,
        // then byte by byte.
        while index + 16 <= count {
          let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
          let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
          if careBits(first) | careBits(second) != 0 { break }
          index += 16
        }
        if index + 8 <= count && careBits(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) == 0 {
          index += 8
        }
        while index < count && !mayNeedCare(base[index]) { index += 1 }
        guard index < count else { break }
        let byte = base[index]
        var width = 1
        let escape: StaticString
        switch byte {
        case 0x22: escape = "\\\""
        case 0x5C: escape = "\\\\"
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        case 0x08: escape = "\\b"
        case 0x0C: escape = "\\f"
        case 0xE2:
          // U+2028 and U+2029 (E2 80 A8, E2 80 A9); another 0xE2 stays.
          guard index + 2 < count && base[index + 1] == 0x80 && (base[index + 2] == 0xA8 || base[index + 2] == 0xA9)
          else {
            index += 1
            continue
          }
          escape = base[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
          width = 3
        default:
          // Another control byte: \u00XX.
          output.append(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
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
        output.append(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
        output.append(escape)
        index += width
        runStart = index
      }
      output.append(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
    }
    output.append(0x22)
  }
}

/// Whether `byte` may need escaping: a control byte, `"`, `\\` or 0xE2
/// (which starts U+2028 / U+2029; whether it does is checked after).
@inline(__always)
private func mayNeedCare(_ byte: UInt8) -> Bool {
  byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2
}

/// Non-zero when one of the eight bytes of `word` may need escaping (see
/// `mayNeedCare(_:)`). Only zero or not is meant: a set bit need not mark
/// the byte (a borrow can flag the byte above a flagged one), which is all
/// the search needs and costs fewer instructions than exact bits.
@inline(__always)
private func careBits(_ word: UInt64) -> UInt64 {
  let ones: UInt64 = 0x0101_0101_0101_0101
  let quote = word ^ (ones &* 0x22)
  let backslash = word ^ (ones &* 0x5C)
  let lineSeparatorStart = word ^ (ones &* 0xE2)
  // Bytes below 0x20, and bytes equal to zero (after the xors).
  let control = (word &- ones &* 0x20) & ~word
  let zero =
    (quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (lineSeparatorStart &- ones) & ~lineSeparatorStart
  return (control | zero) & 0x8080_8080_8080_8080
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
