import PostgresSyntax

/// A compact binary image of a `SchemaState`, for the replay cache: loading
/// one must cost far less than replaying the migrations that built it
/// (Foundation's JSON coders would not; see docs/benchmarks.md, Growth).
///
/// Layout: the magic `CSLSNAP\n`, the format version (4 bytes, little
/// endian), the entry's key (length-prefixed), the payload's length, the
/// payload, and the FNV-1a 64 checksum of the payload (8 bytes). The
/// payload starts with its strings, each once (schema, column and type
/// names repeat across thousands of tables); the state then refers to
/// them by index, so decoding builds each distinct string once. Integers
/// are LEB128 varints (signed ones zig-zag), strings and collections
/// length-prefixed. `decode` returns nil for anything else: a foreign
/// version, another key, a truncated or corrupt entry; never traps.
public enum SchemaSnapshot {
  /// Bump whenever `SchemaState` or what it holds gains, loses or changes a
  /// stored property (a test lists every stored property it expects).
  public static let formatVersion: UInt32 = 2
  static let magic: [UInt8] = Array("CSLSNAP\n".utf8)

  /// `state` as bytes, tagged with `key` (what the entry was stored under).
  public static func encode(_ state: SchemaState, key: String) -> [UInt8] {
    var body = SnapshotWriter()
    body.interning = true
    body.state(state)
    var payload = SnapshotWriter()
    payload.array(body.stringTable) { $0.string($1) }
    payload.bytes += body.bytes
    var entry = SnapshotWriter()
    entry.bytes.reserveCapacity(payload.bytes.count + key.utf8.count + 32)
    entry.bytes += magic
    entry.fixed32(formatVersion)
    entry.string(key)
    entry.uint(UInt64(payload.bytes.count))
    entry.bytes += payload.bytes
    entry.fixed64(checksum(payload.bytes[...]))
    return entry.bytes
  }

  /// The state `bytes` hold, or nil unless they are a whole, intact entry of
  /// this format version stored under `key`.
  public static func decode(_ bytes: [UInt8], key: String) -> SchemaState? {
    bytes.withUnsafeBufferPointer { buffer -> SchemaState? in
      var reader = SnapshotReader(buffer)
      for byte in magic where reader.byte() != byte { return nil }
      guard reader.fixed32() == formatVersion, !reader.failed, reader.string() == key, !reader.failed else {
        return nil
      }
      let length = reader.count()
      let start = reader.position
      guard !reader.failed, buffer.count - start == length + 8 else { return nil }
      let expected = checksum(bytes[start..<(start + length)])
      reader.position = start + length
      guard reader.fixed64() == expected else { return nil }
      var payload = SnapshotReader(UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]))
      let strings = payload.array { $0.string() }
      guard !payload.failed else { return nil }
      payload.strings = strings
      let state = payload.state()
      guard !payload.failed, payload.position == length else { return nil }
      return state
    }
  }

  /// FNV-1a 64 of `bytes`.
  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
  }
}

/// Appends a snapshot's parts (see `SchemaSnapshot`).
struct SnapshotWriter {
  var bytes: [UInt8] = []
  /// When set, `string` writes an index into `stringTable` (see `SchemaSnapshot`).
  var interning = false
  private var strings: [String: Int] = [:]
  private(set) var stringTable: [String] = []

  mutating func uint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  mutating func int(_ value: Int) {
    let wide = Int64(value)
    uint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
  }

  mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

  mutating func fixed32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
  }

  mutating func fixed64(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
  }

  mutating func string(_ value: String) {
    if interning {
      // One hash per string: the `default:` subscript inserts when absent.
      func slot(_ index: inout Int) -> Int { index }
      let next = stringTable.count
      let index = slot(&strings[value, default: next])
      if index == next { stringTable.append(value) }
      return uint(UInt64(index))
    }
    uint(UInt64(value.utf8.count))
    bytes += value.utf8
  }

  mutating func optional<Value>(_ value: Value?, _ write: (inout SnapshotWriter, Value) -> Void) {
    guard let value else { return bytes.append(0) }
    bytes.append(1)
    write(&self, value)
  }

  mutating func array<Element>(_ values: [Element], _ write: (inout SnapshotWriter, Element) -> Void) {
    uint(UInt64(values.count))
    for value in values { write(&self, value) }
  }

  mutating func set<Element>(_ values: Set<Element>, _ write: (inout SnapshotWriter, Element) -> Void) {
    uint(UInt64(values.count))
    for value in values { write(&self, value) }
  }

  mutating func dictionary<Key, Value>(
    _ values: [Key: Value], _ writeKey: (inout SnapshotWriter, Key) -> Void,
    _ writeValue: (inout SnapshotWriter, Value) -> Void
  ) {
    uint(UInt64(values.count))
    for (key, value) in values {
      writeKey(&self, key)
      writeValue(&self, value)
    }
  }
}

/// Reads a snapshot's parts; on any malformed input sets `failed` and
/// returns placeholders (callers check `failed` before trusting a result).
struct SnapshotReader {
  let buffer: UnsafeBufferPointer<UInt8>
  var position = 0
  private(set) var failed = false
  /// When set, `string` reads an index into it (see `SchemaSnapshot`).
  var strings: [String]?

  init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

  mutating func fail() { failed = true }

  mutating func byte() -> UInt8 {
    guard !failed, position < buffer.count else {
      failed = true
      return 0
    }
    position += 1
    return buffer[position - 1]
  }

  mutating func uint() -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while !failed {
      let byte = byte()
      guard shift < 64 else {
        failed = true
        return 0
      }
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return result }
      shift += 7
    }
    return 0
  }

  mutating func int() -> Int {
    let raw = uint()
    return Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
  }

  /// A length or element count: never more than the bytes left (each
  /// element takes at least one), so a corrupt count cannot allocate much.
  mutating func count() -> Int {
    let raw = uint()
    guard !failed, raw <= UInt64(buffer.count - position) else {
      failed = true
      return 0
    }
    return Int(raw)
  }

  mutating func bool() -> Bool {
    let value = byte()
    if value > 1 { failed = true }
    return value == 1
  }

  mutating func fixed32() -> UInt32 {
    var value: UInt32 = 0
    for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(byte()) << UInt32(shift) }
    return value
  }

  mutating func fixed64() -> UInt64 {
    var value: UInt64 = 0
    for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(byte()) << UInt64(shift) }
    return value
  }

  mutating func string() -> String {
    if let strings {
      let index = uint()
      guard !failed, index < UInt64(strings.count) else {
        failed = true
        return ""
      }
      return strings[Int(index)]
    }
    let length = count()
    guard !failed else { return "" }
    let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<(position + length)]), as: UTF8.self)
    position += length
    return text
  }

  mutating func optional<Value>(_ read: (inout SnapshotReader) -> Value) -> Value? {
    switch byte() {
    case 0: return nil
    case 1: return read(&self)
    default:
      failed = true
      return nil
    }
  }

  mutating func array<Element>(_ read: (inout SnapshotReader) -> Element) -> [Element] {
    let count = count()
    var values: [Element] = []
    values.reserveCapacity(count)
    for _ in 0..<count {
      guard !failed else { return [] }
      values.append(read(&self))
    }
    return values
  }

  mutating func set<Element: Hashable>(_ read: (inout SnapshotReader) -> Element) -> Set<Element> {
    let count = count()
    var values = Set<Element>(minimumCapacity: count)
    for _ in 0..<count {
      guard !failed else { return [] }
      values.insert(read(&self))
    }
    return values
  }

  mutating func dictionary<Key: Hashable, Value>(
    _ readKey: (inout SnapshotReader) -> Key, _ readValue: (inout SnapshotReader) -> Value
  ) -> [Key: Value] {
    let count = count()
    var values = [Key: Value](minimumCapacity: count)
    for _ in 0..<count {
      guard !failed else { return [:] }
      let key = readKey(&self)
      values[key] = readValue(&self)
    }
    return values
  }

  /// A value of a `String`-backed enum (nil and `failed` for an unknown one).
  mutating func raw<Value: RawRepresentable>(_: Value.Type) -> Value? where Value.RawValue == String {
    let value = Value(rawValue: string())
    if value == nil { failed = true }
    return value
  }
}
