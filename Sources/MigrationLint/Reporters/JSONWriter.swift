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
    nextMember()
    bytes.append(0x22)
    bytes.append(name)
    bytes.append("\": ")
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
    appendDigits(value)
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
    let level = frames.depth + 1
    bytes.append(UInt8(ascii: "{"))
    member(name1, value1, level: level, first: true)
    member(name2, value2, level: level, first: false)
    member(name3, value3, level: level, first: false)
    bytes.append(0x0A)
    indent(level - 1)
    bytes.append(UInt8(ascii: "}"))
  }

  private mutating func member(_ name: StaticString, _ value: Int?, level: Int, first: Bool) {
    if !first { bytes.append(UInt8(ascii: ",")) }
    bytes.append(0x0A)
    indent(level)
    bytes.append(0x22)
    bytes.append(name)
    bytes.append("\": ")
    if let value { appendDigits(value) } else { bytes.append("null") }
  }

  private mutating func appendDigits(_ value: Int) {
    guard value >= 0 else {
      for byte in String(value).utf8 { bytes.append(byte) }
      return
    }
    // Digits straight into the buffer: no String per number (a report has
    // six per diagnostic range).
    var divisor = 1
    while divisor <= value / 10 { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      bytes.append(0x30 + UInt8(rest / divisor))
      rest %= divisor
      divisor /= 10
    }
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
      if frame.count > 0 { bytes.append(UInt8(ascii: ",")) }
      bytes.append(0x0A)
      indent(frames.depth)
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
    if frame.count > 0 && !frame.isInline {
      bytes.append(0x0A)
      indent(frames.depth)
    }
    bytes.append(bracket)
  }

  private mutating func indent(_ level: Int) {
    bytes.append(0x20, repeating: level * 2)
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
