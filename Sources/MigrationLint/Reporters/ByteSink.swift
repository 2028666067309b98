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
    base = Self.reallocate(nil, capacity: self.capacity)
  }

  deinit { free(base) }

  func append(_ byte: UInt8) {
    if written == capacity { grow(toAtLeast: written + 1) }
    base[written] = byte
    written += 1
  }

  func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress else { return }
    let count = bytes.count
    if written + count > capacity { grow(toAtLeast: written + count) }
    Self.copy(source, to: base + written, count: count)
    written += count
  }

  /// Copies `count` bytes. Up to sixteen (keys, separators, most short
  /// values) as two overlapping loads and stores instead of a loop or a
  /// `memcpy` call.
  @inline(__always)
  static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(target)
    switch count {
    case 8...16:
      let head = from.loadUnaligned(as: UInt64.self)
      let tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      to.storeBytes(of: head, as: UInt64.self)
      to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
    case 4..<8:
      let head = from.loadUnaligned(as: UInt32.self)
      let tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
      to.storeBytes(of: head, as: UInt32.self)
      to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
    case 1..<4:
      // First, middle and last byte cover one to three.
      target[0] = source[0]
      target[count / 2] = source[count / 2]
      target[count - 1] = source[count - 1]
    case ...0:
      break
    default:
      memcpy(target, source, count)
    }
  }

  /// Appends a literal's bytes.
  func append(_ text: StaticString) {
    text.withUTF8Buffer { append($0) }
  }

  /// Appends `byte` `repeating` times (indentation).
  func append(_ byte: UInt8, repeating times: Int) {
    guard times > 0 else { return }
    // Eight at a time, the last word running past the end into the slack
    // reserved here (indentation is a few bytes: no `memset` call).
    if written + times + 8 > capacity { grow(toAtLeast: written + times + 8) }
    let word = UInt64(byte) &* 0x0101_0101_0101_0101
    let target = UnsafeMutableRawPointer(base + written)
    var offset = 0
    while offset < times {
      target.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
      offset += 8
    }
    written += times
  }

  /// Room for `count` more bytes: where they go. The caller writes at most
  /// `count` bytes there, then calls `didWrite` with how many it wrote
  /// (for writers that put a whole small piece at once).
  func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
    if written + count > capacity { grow(toAtLeast: written + count) }
    return base + written
  }

  /// Counts `count` bytes written at `reserve`'s pointer.
  func didWrite(_ count: Int) { written += count }

  /// The bytes so far, appended to `output`; the sink is emptied and keeps
  /// its memory, up to a megabyte (a whole report kept here is not held
  /// twice).
  func move(to output: inout [UInt8]) {
    output.append(contentsOf: UnsafeBufferPointer(start: base, count: written))
    written = 0
    if capacity > 1 << 20 {
      capacity = 1 << 14
      base = Self.reallocate(base, capacity: capacity)
    }
  }

  /// The bytes so far, handed to `body` in place, then emptied as `move`
  /// does; only once there are `minimum` of them (and at least one).
  func drain(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard written > 0, written >= minimum else { return }
    body(UnsafeBufferPointer(start: base, count: written))
    written = 0
    if capacity > 1 << 20 {
      capacity = 1 << 14
      base = Self.reallocate(base, capacity: capacity)
    }
  }

  func grow(toAtLeast needed: Int) {
    var newCapacity = capacity * 2
    while newCapacity < needed { newCapacity *= 2 }
    base = Self.reallocate(base, capacity: newCapacity)
    capacity = newCapacity
  }

  /// `realloc`, not allocate-and-copy: a whole report kept in the sink
  /// (`cslint lint -o`) grows to megabytes, and the C allocator moves large
  /// blocks by remapping pages instead of copying them.
  private static func reallocate(_ pointer: UnsafeMutablePointer<UInt8>?, capacity: Int) -> UnsafeMutablePointer<UInt8>
  {
    guard let raw = realloc(pointer, capacity) else {
      // Out of memory: stop, as `Array` and `allocate` do.
      fatalError("ByteSink: cannot allocate \(capacity) bytes")
    }
    return raw.assumingMemoryBound(to: UInt8.self)
  }
}
