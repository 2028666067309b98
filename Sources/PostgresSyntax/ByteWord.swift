/// Eight bytes at a time: tests on a whole `UInt64` word for the scanners
/// that skip long runs of uninteresting bytes (the lexer; MigrationLint
/// has its own copy, `WordBytes`, see why there).
enum ByteWord {
  /// Eight bytes of `byte`, for comparing a whole word at once.
  @inline(__always) static func broadcast(_ byte: UInt8) -> UInt64 {
    UInt64(byte) &* 0x0101_0101_0101_0101
  }

  /// The high bit of each zero byte of `word`, and nothing else: unlike the
  /// classic `(word - ones) & ~word` test, no borrow can flag the byte above
  /// a zero byte, so the lowest flag gives the position.
  @inline(__always) static func zeroBytes(_ word: UInt64) -> UInt64 {
    let low = (word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
    return ~(low | word) & 0x8080_8080_8080_8080
  }

  /// `word` with its ASCII capitals `A`...`Z` lower-cased, other bytes
  /// (non-ASCII ones too) unchanged. On the low seven bits of each byte,
  /// adding 0x80 - 0x41 (or 0x80 - 0x5B) sets the high bit exactly when the
  /// byte is at least `A` (or past `Z`), with no carry into the next byte.
  @inline(__always) static func lowercasedASCII(_ word: UInt64) -> UInt64 {
    let low = word & 0x7F7F_7F7F_7F7F_7F7F
    let atLeastA = low &+ broadcast(0x80 - 0x41)
    let pastZ = low &+ broadcast(0x80 - 0x5B)
    let capitals = atLeastA & ~pastZ & ~word & 0x8080_8080_8080_8080
    return word | capitals >> 2
  }

  /// Whether any lane of `mask` is set, as two words: the standard library's
  /// `any(_:)` on a `SIMD16<Int8>` mask is a call that reduces the lanes one
  /// by one (8 M instructions of the UTF-8 pass on the corpus run).
  @inline(__always) static func any(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
    let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    return words[0] | words[1] != 0
  }
}
