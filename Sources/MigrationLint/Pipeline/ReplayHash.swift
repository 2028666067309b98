/// The replay cache's content hash: 128 bits from two XXH64 lanes (seeds 0
/// and 1) over the same input, about one instruction per byte where
/// `SHA256` takes fifty. The cache only needs to tell files apart, not to
/// resist forgery (whoever can write the migrations decides what they
/// contain anyway), and hashing a 20 MB migration with SHA-256 cost more
/// than replaying it (docs/benchmarks.md, Replay cache).
public enum ReplayHash {
  /// Digest length in bytes.
  public static let digestCount = 16

  static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
  static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

  /// The 16-byte digest of `bytes`.
  public static func digest(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { digest($0) }
  }

  /// The 16-byte digest of `buffer`.
  public static func digest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    let (first, second) = xxh64Pair(buffer)
    var result: [UInt8] = []
    result.reserveCapacity(digestCount)
    for word in [first, second] {
      for shift in stride(from: 0, to: 64, by: 8) { result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
    return result
  }

  @inline(__always) static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 &- count))
  }

  @inline(__always) static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
    rotate(accumulator &+ input &* prime2, 31) &* prime1
  }

  @inline(__always) static func merge(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
    (accumulator ^ round(0, value)) &* prime1 &+ prime4
  }

  /// XXH64 of `buffer` with seeds 0 and 1, in one pass over the input.
  static func xxh64Pair(_ buffer: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
    let count = buffer.count
    var offset = 0
    var first: UInt64
    var second: UInt64
    if count >= 32, let base = buffer.baseAddress {
      var a1 = prime1 &+ prime2
      var a2 = prime2
      var a3: UInt64 = 0
      var a4 = 0 &- prime1
      var b1 = 1 &+ prime1 &+ prime2
      var b2 = 1 &+ prime2
      var b3: UInt64 = 1
      var b4 = 1 &- prime1
      while offset &+ 32 <= count {
        let w1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let w2 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset &+ 8, as: UInt64.self))
        let w3 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset &+ 16, as: UInt64.self))
        let w4 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset &+ 24, as: UInt64.self))
        a1 = round(a1, w1)
        a2 = round(a2, w2)
        a3 = round(a3, w3)
        a4 = round(a4, w4)
        b1 = round(b1, w1)
        b2 = round(b2, w2)
        b3 = round(b3, w3)
        b4 = round(b4, w4)
        offset &+= 32
      }
      first = rotate(a1, 1) &+ rotate(a2, 7) &+ rotate(a3, 12) &+ rotate(a4, 18)
      first = merge(merge(merge(merge(first, a1), a2), a3), a4)
      second = rotate(b1, 1) &+ rotate(b2, 7) &+ rotate(b3, 12) &+ rotate(b4, 18)
      second = merge(merge(merge(merge(second, b1), b2), b3), b4)
    } else {
      first = prime5
      second = 1 &+ prime5
    }
    first &+= UInt64(count)
    second &+= UInt64(count)
    return (finish(first, buffer, from: offset), finish(second, buffer, from: offset))
  }

  /// The tail (under 32 bytes) and the final avalanche.
  static func finish(_ hash: UInt64, _ buffer: UnsafeRawBufferPointer, from start: Int) -> UInt64 {
    var hash = hash
    var offset = start
    let count = buffer.count
    while offset &+ 8 <= count {
      hash ^= round(0, UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
      hash = rotate(hash, 27) &* prime1 &+ prime4
      offset &+= 8
    }
    if offset &+ 4 <= count {
      hash ^= UInt64(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) &* prime1
      hash = rotate(hash, 23) &* prime2 &+ prime3
      offset &+= 4
    }
    while offset < count {
      hash ^= UInt64(buffer[offset]) &* prime5
      hash = rotate(hash, 11) &* prime1
      offset &+= 1
    }
    hash ^= hash >> 33
    hash &*= prime2
    hash ^= hash >> 29
    hash &*= prime3
    hash ^= hash >> 32
    return hash
  }
}
