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
  /// Members written so far in each open container, innermost last.
  private var counts: [Int] = []
  /// Whether each open container is an array.
  private var isArray: [Bool] = []
  /// Whether each open container is laid out inline.
  private var isInline: [Bool] = []
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
  package mutating func key(_ name: String) {
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

  /// Writes a whole value tree at the current position.
  package mutating func value(_ value: JSONValue) {
    switch value {
    case .string(let text): string(text)
    case .int(let number): int(number)
    case .bool(let flag): bool(flag)
    case .null: null()
    case .array(let items):
      beginArray()
      for item in items { self.value(item) }
      endArray()
    case .object(let members):
      beginObject()
      for (name, item) in members {
        key(name)
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
    } else if isArray.last == true {
      nextMember()
    }
  }

  private mutating func nextMember() {
    guard let count = counts.last else { return }
    if isInline.last == true {
      if count > 0 { bytes.append(", ") }
    } else {
      if count > 0 { bytes.append(UInt8(ascii: ",")) }
      bytes.append(0x0A)
      indent(counts.count)
    }
    counts[counts.count - 1] = count + 1
  }

  private mutating func open(_ bracket: UInt8, isArray array: Bool, layout: Layout) {
    beforeValue()
    bytes.append(bracket)
    counts.append(0)
    isArray.append(array)
    isInline.append(layout == .inline || isInline.last == true)
  }

  private mutating func close(_ bracket: UInt8) {
    let count = counts.popLast() ?? 0
    _ = isArray.popLast()
    let inline = isInline.popLast() ?? false
    if count > 0 && !inline {
      bytes.append(0x0A)
      indent(counts.count)
    }
    bytes.append(bracket)
  }

  private mutating func indent(_ level: Int) {
    bytes.append(0x20, repeating: level * 2)
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
