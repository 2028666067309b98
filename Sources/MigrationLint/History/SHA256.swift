/// SHA-256 (FIPS 180-4), streaming.
///
/// Foundation has no hash functions on Linux and cslint takes no packages, so
/// the ledger's checksums are computed here. The compression loop works on raw
/// buffer pointers: it is the one measured hot loop (ledger checks hash every
/// migration file on each run).
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(bytes)
/// let digest = hasher.finalize()  // 32 bytes
/// ```
public struct SHA256: Sendable {
  /// Digest length in bytes.
  public static let digestCount = 32

  private var h0: UInt32 = 0x6a09_e667
  private var h1: UInt32 = 0xbb67_ae85
  private var h2: UInt32 = 0x3c6e_f372
  private var h3: UInt32 = 0xa54f_f53a
  private var h4: UInt32 = 0x510e_527f
  private var h5: UInt32 = 0x9b05_688c
  private var h6: UInt32 = 0x1f83_d9ab
  private var h7: UInt32 = 0x5be0_cd19
  /// Bytes of an incomplete block, waiting for more input (always < 64).
  private var pending: [UInt8] = []
  /// Total message length in bytes.
  private var length: UInt64 = 0

  public init() {}

  /// Feeds more message bytes.
  public mutating func update(_ buffer: UnsafeRawBufferPointer) {
    guard buffer.count > 0, let base = buffer.baseAddress else { return }
    length &+= UInt64(buffer.count)
    var offset = 0
    var count = buffer.count
    if !pending.isEmpty {
      let take = min(64 - pending.count, count)
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
      offset += take
      count -= take
      if pending.count == 64 {
        let block = pending
        block.withUnsafeBytes { compress(blocks: $0.baseAddress.unsafelyUnwrapped, count: 1) }
        pending.removeAll(keepingCapacity: true)
      }
    }
    let blocks = count / 64
    if blocks > 0 {
      compress(blocks: base + offset, count: blocks)
      offset += blocks * 64
      count -= blocks * 64
    }
    if count > 0 {
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: count))
    }
  }

  /// Feeds more message bytes.
  public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      update(UnsafeRawBufferPointer(buffer))
    }
    if done == nil {
      let copy = Array(bytes)
      copy.withUnsafeBytes { update($0) }
    }
  }

  /// Feeds the UTF-8 bytes of a string.
  public mutating func update(_ string: String) {
    update(Array(string.utf8))
  }

  /// The 32-byte digest of everything fed so far. Does not change `self`, so
  /// hashing may continue (the digest then covers the longer message).
  public func finalize() -> [UInt8] {
    var copy = self
    let bitLength = length &* 8
    // Padding: 0x80, zeros up to 56 mod 64, then the 64-bit big-endian length.
    var tail: [UInt8] = [0x80]
    let afterMarker = (pending.count + 1) % 64
    let zeros = afterMarker <= 56 ? 56 - afterMarker : 120 - afterMarker
    tail.append(contentsOf: repeatElement(0, count: zeros))
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    let savedLength = copy.length
    tail.withUnsafeBytes { copy.update($0) }
    copy.length = savedLength
    var digest: [UInt8] = []
    digest.reserveCapacity(32)
    for word in [copy.h0, copy.h1, copy.h2, copy.h3, copy.h4, copy.h5, copy.h6, copy.h7] {
      digest.append(UInt8(truncatingIfNeeded: word >> 24))
      digest.append(UInt8(truncatingIfNeeded: word >> 16))
      digest.append(UInt8(truncatingIfNeeded: word >> 8))
      digest.append(UInt8(truncatingIfNeeded: word))
    }
    return digest
  }

  /// The digest of `bytes` in one call.
  public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// The lowercase hexadecimal digest of `bytes` (64 characters), as `sha256sum` prints it.
  public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
    hexString(hash(bytes))
  }

  /// Lowercase hexadecimal rendering of arbitrary bytes.
  public static func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  // MARK: - Compression

  /// Processes `count` whole 64-byte blocks starting at `blocks`.
  private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
    var a0 = h0
    var b0 = h1
    var c0 = h2
    var d0 = h3
    var e0 = h4
    var f0 = h5
    var g0 = h6
    var k0 = h7
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
      SHA256.roundConstants.withUnsafeBufferPointer { k in
        for blockIndex in 0..<count {
          let block = blocks + blockIndex &* 64
          for t in 0..<16 {
            // Unaligned big-endian load.
            let word = block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self)
            w[t] = UInt32(bigEndian: word)
          }
          for t in 16..<64 {
            let x = w[t &- 15]
            let y = w[t &- 2]
            let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
            let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
            w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
          }
          var a = a0
          var b = b0
          var c = c0
          var d = d0
          var e = e0
          var f = f0
          var g = g0
          var h = k0
          // Eight rounds per iteration with the variables renamed instead of
          // shifted: saves eight register moves per round.
          var t = 0
          while t < 64 {
            round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
            round(h, a, b, &c, d, e, f, &g, k[t &+ 1] &+ w[t &+ 1])
            round(g, h, a, &b, c, d, e, &f, k[t &+ 2] &+ w[t &+ 2])
            round(f, g, h, &a, b, c, d, &e, k[t &+ 3] &+ w[t &+ 3])
            round(e, f, g, &h, a, b, c, &d, k[t &+ 4] &+ w[t &+ 4])
            round(d, e, f, &g, h, a, b, &c, k[t &+ 5] &+ w[t &+ 5])
            round(c, d, e, &f, g, h, a, &b, k[t &+ 6] &+ w[t &+ 6])
            round(b, c, d, &e, f, g, h, &a, k[t &+ 7] &+ w[t &+ 7])
            t &+= 8
          }
          a0 = a0 &+ a
          b0 = b0 &+ b
          c0 = c0 &+ c
          d0 = d0 &+ d
          e0 = e0 &+ e
          f0 = f0 &+ f
          g0 = g0 &+ g
          k0 = k0 &+ h
        }
      }
    }
    h0 = a0
    h1 = b0
    h2 = c0
    h3 = d0
    h4 = e0
    h5 = f0
    h6 = g0
    h7 = k0
  }

  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]
}

/// One SHA-256 round: `d += T1`, `h = T1 + T2` (the caller rotates the names).
@inline(__always)
private func round(
  _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
  _ h: inout UInt32, _ constantPlusWord: UInt32
) {
  let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
  let choose = g ^ (e & (f ^ g))
  let temp1 = h &+ s1 &+ choose &+ constantPlusWord
  let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
  let majority = (a & b) | (c & (a | b))
  d = d &+ temp1
  h = temp1 &+ s0 &+ majority
}

@inline(__always)
private func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 {
  (value >> count) | (value << (32 &- count))
}
