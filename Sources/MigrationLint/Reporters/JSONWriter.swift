/// The one JSON writer: every JSON document cslint prints (the json, sarif
/// and gitlab reports, `cslint statements --json`, `cslint parse --json`,
/// `cslint rules --json`) is written through it, so escaping and layout are
/// the same everywhere.
///
/// A streaming writer into bytes: a document can be written a piece at a
/// time (a file's diagnostics as soon as they are known) instead of built as
/// one tree. Callers pair every `begin…` with its `end…` and call `key`
/// before each member of an object; the writer adds separators and layout.
/// Its output buffer is a reference: one writer, never copied.
package struct JSONWriter {
  /// How a container lays out its members.
  package enum Layout {
    /// One member per line, indented two spaces per level; an empty
    /// container is `[]` / `{}`.
    case indented
    /// All on one line, members separated by `, ` (JSON lines). A container
    /// inside an inline one is inline too.
    case inline
  }

  /// The bytes written and not yet taken (see `take()`).
  private let bytes = ByteSink()
  /// The open containers, innermost last.
  private let frames = FrameStack()
  /// A key was just written: the next value follows it on the same line.
  private var afterKey = false

  package init() {}

  /// The output so far; the writer keeps its nesting state.
  package mutating func take() -> [UInt8] {
    var output: [UInt8] = []
    move(to: &output)
    return output
  }

  /// Appends the output so far to `output` and empties the buffer, keeping
  /// its capacity (no allocation per file).
  package mutating func move(to output: inout [UInt8]) {
    bytes.move(to: &output)
  }

  /// Hands the output so far to `body` and empties the buffer, once there
  /// is at least `minimum` bytes of it (else keeps it).
  package mutating func drain(atLeast minimum: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    bytes.drain(atLeast: minimum, body)
  }

  package mutating func beginObject(_ layout: Layout = .indented) {
    open(UInt8(ascii: "{"), isArray: false, layout: layout)
  }

  package mutating func endObject() { close(UInt8(ascii: "}")) }

  package mutating func beginArray(_ layout: Layout = .indented) {
    open(UInt8(ascii: "["), isArray: true, layout: layout)
  }

  package mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts an object member; the value written next belongs to it.
  package mutating func key(_ name: StaticString) {
    if frames.depth > 0 && !frames.top.isInline {
      // Separator, line, indentation and key in one piece (the usual case:
      // less than `nextMember()` and then the key).
      let width = frames.depth * 2
      var cursor = ByteCursor(bytes.reserve(width + ByteCursor.spacesSlack + name.utf8CodeUnitCount + 6))
      if frames.top.count > 0 { cursor.put(UInt8(ascii: ",")) }
      cursor.put(0x0A)
      cursor.spaces(width)
      cursor.put(0x22)
      cursor.put(name)
      cursor.put("\": ")
      bytes.didWrite(cursor.count)
      frames.top.count += 1
    } else {
      nextMember()
      var cursor = ByteCursor(bytes.reserve(name.utf8CodeUnitCount + 4))
      cursor.put(0x22)
      cursor.put(name)
      cursor.put("\": ")
      bytes.didWrite(cursor.count)
    }
    afterKey = true
  }

  /// Starts an object member whose name is not a literal.
  ///
  /// A different label from `key(_:)` on purpose: a string literal picks a
  /// `String` overload over a `StaticString` one, so with the same label
  /// every literal key went through escaping (260,000 keys on the corpus
  /// report; 38 M instructions).
  package mutating func key(named name: String) {
    nextMember()
    JSONEscaping.appendQuoted(name, to: bytes)
    bytes.append(": ")
    afterKey = true
  }

  package mutating func string(_ value: String) {
    beforeValue()
    JSONEscaping.appendQuoted(value, to: bytes)
  }

  /// `value`, or null when it is nil.
  package mutating func string(_ value: String?) {
    if let value { string(value) } else { null() }
  }

  package mutating func int(_ value: Int) {
    beforeValue()
    var cursor = ByteCursor(bytes.reserve(ByteCursor.maxDigits))
    cursor.digits(value)
    bytes.didWrite(cursor.count)
  }

  /// An object of three integer (or null) members, exactly as
  /// `beginObject()`, `key`/`int` for each and `endObject()` write it, in one
  /// pass: the report writes two per range (start and end), and the generic
  /// calls cost about 1,700 instructions per object.
  package mutating func intObject(
    _ name1: StaticString, _ value1: Int?, _ name2: StaticString, _ value2: Int?,
    _ name3: StaticString, _ value3: Int?
  ) {
    beforeValue()
    if frames.depth > 0 && frames.top.isInline {
      afterKey = true
      beginObject()
      for (name, value) in [(name1, value1), (name2, value2), (name3, value3)] {
        key(name)
        if let value { int(value) } else { null() }
      }
      endObject()
      return
    }
    // Written straight into room reserved for the longest it can be: no
    // capacity check or call per piece (with the cursor for keys,
    // separators and numbers, 57 M instructions less on the corpus report).
    let width = (frames.depth + 1) * 2
    let room =
      3 * (width + ByteCursor.spacesSlack + ByteCursor.maxDigits + 6) + name1.utf8CodeUnitCount
      + name2.utf8CodeUnitCount + name3.utf8CodeUnitCount + width + ByteCursor.spacesSlack + 2
    var cursor = ByteCursor(bytes.reserve(room))
    cursor.put(UInt8(ascii: "{"))
    cursor.member(name1, value1, width: width, first: true)
    cursor.member(name2, value2, width: width, first: false)
    cursor.member(name3, value3, width: width, first: false)
    cursor.put(0x0A)
    cursor.spaces(width - 2)
    cursor.put(UInt8(ascii: "}"))
    bytes.didWrite(cursor.count)
  }

  package mutating func bool(_ value: Bool) {
    beforeValue()
    bytes.append(value ? "true" : "false")
  }

  package mutating func null() {
    beforeValue()
    bytes.append("null")
  }

  /// Writes a whole value tree at the current position; `.inline` puts it
  /// all on one line (containers inside an inline one are inline too).
  package mutating func value(_ value: JSONValue, layout: Layout = .indented) {
    switch value {
    case .string(let text): string(text)
    case .int(let number): int(number)
    case .bool(let flag): bool(flag)
    case .null: null()
    case .array(let items):
      beginArray(layout)
      for item in items { self.value(item) }
      endArray()
    case .object(let members):
      beginObject(layout)
      for (name, item) in members {
        key(named: name)
        self.value(item)
      }
      endObject()
    }
  }

  /// A value whose bytes the caller lays out itself (a shape written often
  /// enough that the generic calls cost too much): after the separator the
  /// value needs here, `body` appends the value to the sink, given the
  /// writer's depth, exactly as the generic calls would write it in the
  /// indented layout (only in an indented container).
  mutating func laidOutValue(_ body: (ByteSink, _ depth: Int) -> Void) {
    beforeValue()
    body(bytes, frames.depth)
  }

  /// Ends a document (or a JSON line) with a newline.
  package mutating func newline() { bytes.append(0x0A) }

  private mutating func beforeValue() {
    if afterKey {
      afterKey = false
    } else if frames.depth > 0 && frames.top.isArray {
      nextMember()
    }
  }

  private mutating func nextMember() {
    guard frames.depth > 0 else { return }
    let frame = frames.top
    if frame.isInline {
      if frame.count > 0 { bytes.append(", ") }
    } else {
      let width = frames.depth * 2
      var cursor = ByteCursor(bytes.reserve(width + ByteCursor.spacesSlack + 2))
      if frame.count > 0 { cursor.put(UInt8(ascii: ",")) }
      cursor.put(0x0A)
      cursor.spaces(width)
      bytes.didWrite(cursor.count)
    }
    frames.top.count += 1
  }

  private mutating func open(_ bracket: UInt8, isArray array: Bool, layout: Layout) {
    beforeValue()
    bytes.append(bracket)
    let inline = layout == .inline || (frames.depth > 0 && frames.top.isInline)
    frames.push(Frame(count: 0, isArray: array, isInline: inline))
  }

  private mutating func close(_ bracket: UInt8) {
    let frame = frames.pop() ?? Frame(count: 0, isArray: false, isInline: false)
    let width = frames.depth * 2
    var cursor = ByteCursor(bytes.reserve(width + ByteCursor.spacesSlack + 2))
    if frame.count > 0 && !frame.isInline {
      cursor.put(0x0A)
      cursor.spaces(width)
    }
    cursor.put(bracket)
    bytes.didWrite(cursor.count)
  }

}

/// Writes a small piece of output into room reserved in a `ByteSink`
/// (`reserve`, then `didWrite(count)`): no capacity check or call per byte.
/// The caller reserves enough for everything it puts, counting
/// `maxDigits` per number and `spacesSlack` more per run of spaces.
struct ByteCursor {
  /// The longest decimal Int: `-9223372036854775808`.
  static let maxDigits = 20
  /// Spaces are stored eight at a time: the last store may run this far
  /// past them.
  static let spacesSlack = 8

  private let start: UnsafeMutablePointer<UInt8>
  private var at: UnsafeMutablePointer<UInt8>

  init(_ start: UnsafeMutablePointer<UInt8>) {
    self.start = start
    at = start
  }

  /// Bytes put so far.
  var count: Int { start.distance(to: at) }

  mutating func put(_ byte: UInt8) {
    at.pointee = byte
    at += 1
  }

  // Always inlined: a call per literal cost about 55 instructions (the
  // diagnostics layout puts 280,000 on the corpus report).
  @inline(__always)
  mutating func put(_ text: StaticString) {
    text.withUTF8Buffer { buffer in
      guard let source = buffer.baseAddress else { return }
      ByteSink.copy(source, to: at, count: buffer.count)
      at += buffer.count
    }
  }

  /// `count` bytes from `source`, sixteen at a time: `source` must be
  /// readable, and the room here writable, up to 15 bytes past them.
  @inline(__always)
  mutating func putChunks(_ source: UnsafePointer<UInt8>, count: Int) {
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(at)
    var offset = 0
    while offset < count {
      to.storeBytes(
        of: from.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self), toByteOffset: offset,
        as: SIMD16<UInt8>.self)
      offset += 16
    }
    at += max(0, count)
  }

  @inline(__always)
  mutating func spaces(_ count: Int) {
    let raw = UnsafeMutableRawPointer(at)
    var offset = 0
    while offset < count {
      raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: offset, as: UInt64.self)
      offset += 8
    }
    at += max(0, count)
  }

  /// `value` in decimal.
  ///
  /// Inlined for one or two digits (most lines and columns; 3 M
  /// instructions less on the corpus JSON report), a call otherwise.
  @inline(__always)
  mutating func digits(_ value: Int) {
    if value >= 0 && value < 10 {
      at.pointee = 0x30 &+ UInt8(truncatingIfNeeded: value)
      at += 1
    } else if value >= 10 && value < 100 {
      let pairs = Self.digitPairs.utf8Start
      at[0] = pairs[value &* 2]
      at[1] = pairs[value &* 2 &+ 1]
      at += 2
    } else {
      longDigits(value)
    }
  }

  /// `digits` for any value.
  private mutating func longDigits(_ value: Int) {
    guard value >= 0 else {
      for byte in String(value).utf8 { put(byte) }
      return
    }
    // The length by comparisons (offsets, lines and columns are short),
    // then two digits a step from a table of the pairs 00 to 99.
    var length = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 5
    var rest = value / 100_000
    while rest > 0 {
      rest /= 10
      length += 1
    }
    let pairs = Self.digitPairs.utf8Start
    rest = value
    var index = length
    while rest >= 10 {
      let pair = Int(rest % 100) * 2
      rest /= 100
      index -= 2
      at[index] = pairs[pair]
      at[index + 1] = pairs[pair + 1]
    }
    if index > 0 { at[0] = 0x30 + UInt8(rest) }
    at += length
  }

  private static let digitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

  /// The start of a member of an indented object: `"name": ` on its own
  /// line at `width` spaces, after a comma unless `first`. At most
  /// `width + spacesSlack + name + 6` bytes.
  @inline(__always)
  mutating func key(_ name: StaticString, width: Int, first: Bool = false) {
    if !first { put(UInt8(ascii: ",")) }
    put(0x0A)
    spaces(width)
    put(0x22)
    put(name)
    put("\": ")
  }

  /// A line break and `width` spaces.
  @inline(__always)
  mutating func line(_ width: Int) {
    put(0x0A)
    spaces(width)
  }

  /// A member of an indented object: `"name": value` (or null) on its own
  /// line at `width` spaces, after a comma unless `first`.
  @inline(__always)
  mutating func member(_ name: StaticString, _ value: Int?, width: Int, first: Bool) {
    key(name, width: width, first: first)
    if let value { digits(value) } else { put("null") }
  }
}

/// An open container of `JSONWriter`.
private struct Frame {
  /// Members written so far.
  var count: Int
  var isArray: Bool
  var isInline: Bool
}

/// The writer's stack of open containers: one buffer of frames (three
/// parallel arrays in a struct cost a uniqueness check and a bounds check
/// each per member; the report writes about sixty members per finding).
private final class FrameStack {
  @exclusivity(unchecked) private var base: UnsafeMutablePointer<Frame>
  @exclusivity(unchecked) private var capacity = 16
  @exclusivity(unchecked) private(set) var depth = 0

  init() { base = .allocate(capacity: capacity) }

  deinit {
    base.deinitialize(count: depth)
    base.deallocate()
  }

  /// The innermost frame; only read or written when `depth > 0`.
  var top: Frame {
    get { base[depth - 1] }
    set { base[depth - 1] = newValue }
  }

  func push(_ frame: Frame) {
    if depth == capacity {
      let newBase = UnsafeMutablePointer<Frame>.allocate(capacity: capacity * 2)
      newBase.moveInitialize(from: base, count: depth)
      base.deallocate()
      base = newBase
      capacity *= 2
    }
    (base + depth).initialize(to: frame)
    depth += 1
  }

  func pop() -> Frame? {
    guard depth > 0 else { return nil }
    depth -= 1
    return (base + depth).move()
  }
}

/// A JSON value whose objects keep their keys in the order written, so output
/// is byte-for-byte deterministic (Foundation's serializer reorders keys).
/// Written with `JSONWriter.value(_:)`.
package indirect enum JSONValue: Sendable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])
}

extension JSONValue {
  /// `value` or JSON null.
  static func optional(_ value: String?) -> JSONValue {
    value.map(JSONValue.string) ?? .null
  }

  /// The value as a whole document written by `JSONWriter`: indented, with
  /// a trailing newline.
  func serialized() -> String {
    var json = JSONWriter()
    json.value(self)
    json.newline()
    return String(decoding: json.take(), as: UTF8.self)
  }
}
