/// JSON string escaping for `JSONWriter`, on bytes (no Foundation round
/// trip, so output is byte-stable): RFC 8259 escaping, with U+2028/U+2029
/// escaped too so the output is also safe to embed in JavaScript.
enum JSONEscaping {
  /// Appends `value` as a JSON string literal, quotes included, to `output`
  /// (the report writers' hot path).
  ///
  /// Copies the bytes straight into room reserved in the sink, sixteen a
  /// step while none needs care (one vector test), else eight: the lowest
  /// flagged byte of a word is the first that may need care, so a step
  /// either moves on eight bytes or stops at that byte. The last bytes of
  /// a string are one more (overlapping) word. (Instead of a search, a copy
  /// per run and a byte loop at the end, on a mutable copy of the string:
  /// 12 M instructions less on the corpus report.)
  static func appendQuoted(_ value: String, to output: ByteSink) {
    // The string's own bytes when it has them in one piece (native and
    // small strings: every string here), without a mutable copy.
    if value.utf8.withContiguousStorageIfAvailable({ appendQuoted(bytes: $0, to: output) }) == nil {
      var native = value
      native.withUTF8 { appendQuoted(bytes: $0, to: output) }
    }
  }

  private static func appendQuoted(bytes: UnsafeBufferPointer<UInt8>, to output: ByteSink) {
    let count = bytes.count
    // Room for the quotes, the bytes unescaped and a vector stored past
    // the end; an escape makes sure of room for what is left.
    var room = count + 2 + 16
    var start = output.reserve(room)
    var out = start
    out.pointee = 0x22
    out += 1
    guard let base = bytes.baseAddress, count > 0 else {
      out.pointee = 0x22
      output.didWrite(2)
      return
    }
    let source = UnsafeRawPointer(base)
    var index = 0
    // From here on the output is the input as it is (no escape since).
    var verbatim = 0
    while true {
      // The next byte that may need care, copying the bytes before it.
      var care = false
      while index + 16 <= count {
        let vector = source.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
        UnsafeMutableRawPointer(out).storeBytes(of: vector, as: SIMD16<UInt8>.self)
        if mayNeedCare(vector) { break }
        index += 16
        out += 16
      }
      // Fewer than sixteen bytes left: the last sixteen of the string as
      // one vector, stored over the copy of those before them (the output
      // is verbatim there), when none of them needs care (the others are
      // bytes already passed). Instead of a word and a shifted last word:
      // 2 M instructions less on the corpus JSON report.
      if index < count && index + 16 > count && count - 16 >= verbatim {
        let vector = source.loadUnaligned(fromByteOffset: count - 16, as: SIMD16<UInt8>.self)
        if !mayNeedCare(vector) {
          UnsafeMutableRawPointer(out - (16 - (count - index))).storeBytes(of: vector, as: SIMD16<UInt8>.self)
          out += count - index
          index = count
          break
        }
      }
      while index + 8 <= count {
        let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        UnsafeMutableRawPointer(out).storeBytes(of: word.littleEndian, as: UInt64.self)
        let bits = careBits(word)
        if bits != 0 {
          let skip = bits.trailingZeroBitCount >> 3
          index += skip
          out += skip
          care = true
          break
        }
        index += 8
        out += 8
      }
      if !care && index < count {
        // Fewer than eight bytes left.
        let left = count - index
        var word: UInt64
        if count >= 8 {
          word =
            UInt64(littleEndian: source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            >> UInt64((8 - left) * 8)
        } else {
          word = 0
          for offset in 0..<left { word |= UInt64(base[index + offset]) << UInt64(offset * 8) }
        }
        UnsafeMutableRawPointer(out).storeBytes(of: word.littleEndian, as: UInt64.self)
        // Only the bytes of the string count (the zeros above them would).
        let bits = careBits(word) & (0x8080_8080_8080_8080 >> UInt64((8 - left) * 8))
        let skip = bits == 0 ? left : bits.trailingZeroBitCount >> 3
        index += skip
        out += skip
        care = bits != 0
      }
      guard care else { break }
      // The byte at `index` may need an escape.
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
          // As it is: one byte out for one in keeps the room.
          out.pointee = byte
          out += 1
          index += 1
          continue
        }
        escape = base[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
        width = 3
      default:
        // Another control byte: \u00XX.
        escape = controlEscapes[Int(byte)]
      }
      // Room for the escape and the rest, unescaped.
      let needed = escape.utf8CodeUnitCount + (count - index - width) + 1 + 16
      if start.distance(to: out) + needed > room {
        output.didWrite(start.distance(to: out))
        room = needed
        start = output.reserve(room)
        out = start
      }
      escape.withUTF8Buffer { text in
        for offset in 0..<text.count { out[offset] = text[offset] }
      }
      out += escape.utf8CodeUnitCount
      index += width
      verbatim = index
    }
    out.pointee = 0x22
    out += 1
    output.didWrite(start.distance(to: out))
  }

  /// `\u00XX` for each control byte (those with a short escape are not
  /// looked up here).
  private static let controlEscapes: [StaticString] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
    "\\u0008", "\\u0009", "\\u000a", "\\u000b", "\\u000c", "\\u000d", "\\u000e", "\\u000f",
    "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
    "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
  ]
}

/// Whether one of the sixteen bytes may need escaping (see `careBits`):
/// vector compares, a few instructions for all sixteen.
@inline(__always)
private func mayNeedCare(_ bytes: SIMD16<UInt8>) -> Bool {
  // Below 0x20 as "no bit of 0xE0 set", every test against a whole vector,
  // each spelled out with its type: this form compiles to vector
  // instructions (`.<`, comparing with a scalar or an inferred
  // `SIMD16(repeating:)` compiled to a loop over the bytes).
  let high = SIMD16<UInt8>(repeating: 0xE0)
  let zero = SIMD16<UInt8>(repeating: 0)
  let quote = SIMD16<UInt8>(repeating: 0x22)
  let backslash = SIMD16<UInt8>(repeating: 0x5C)
  let lineSeparatorStart = SIMD16<UInt8>(repeating: 0xE2)
  let flagged =
    ((bytes & high) .== zero) .| (bytes .== quote) .| (bytes .== backslash) .| (bytes .== lineSeparatorStart)
  let words = unsafeBitCast(flagged, to: SIMD2<UInt64>.self)
  return words[0] | words[1] != 0
}

/// The high bit of each byte of `word` (first byte lowest) that may need
/// escaping: a control byte, `"`, `\\` or 0xE2 (which starts U+2028 /
/// U+2029; whether it does is checked after). The lowest set bit is exact;
/// bits above it need not be (a borrow can flag the byte above a flagged
/// one), which is all the escaping needs and costs fewer instructions than
/// exact bits.
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
