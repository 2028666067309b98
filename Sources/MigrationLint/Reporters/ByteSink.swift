#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable output buffer of bytes for the report writers' hot path.
///
/// `Array.append(contentsOf:)` costs about a hundred instructions per call
/// (uniqueness check, capacity, a `memmove` call), and a JSON report makes
/// dozens of tiny appends per finding. Here a small append is a bounds check
/// and a short copy. A reference type: whoever owns it appends, and it is
/// never shared between threads.
final class ByteSink {
  // Exclusivity is not checked at run time (one owner appends, and the
  // checks cost more than the appends).
  @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) var capacity: Int
  @exclusivity(unchecked) var written = 0

  /// Bytes written and not yet taken.
  var count: Int { written }

  init(capacity: Int = 1 << 14) {
    self.capacity = max(16, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  func append(_ byte: UInt8) {
    if written == capacity { grow(toAtLeast: written + 1) }
    base[written] = byte
    written += 1
  }

  func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    if written + bytes.count > capacity { grow(toAtLeast: written + bytes.count) }
    if bytes.count <= 16 {
      for index in 0..<bytes.count { base[written + index] = source[index] }
    } else {
      memcpy(base + written, source, bytes.count)
    }
    written += bytes.count
  }

  /// Appends a literal's bytes.
  func append(_ text: StaticString) {
    text.withUTF8Buffer { append($0) }
  }

  /// Appends `byte` `repeating` times (indentation).
  func append(_ byte: UInt8, repeating times: Int) {
    guard times > 0 else { return }
    if written + times > capacity { grow(toAtLeast: written + times) }
    memset(base + written, Int32(byte), times)
    written += times
  }

  /// The bytes so far, appended to `output`; the sink is emptied and keeps
  /// its memory.
  func move(to output: inout [UInt8]) {
    output.append(contentsOf: UnsafeBufferPointer(start: base, count: written))
    written = 0
  }

  func grow(toAtLeast needed: Int) {
    var newCapacity = capacity * 2
    while newCapacity < needed { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: written)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }
}
