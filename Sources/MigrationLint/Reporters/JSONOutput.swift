import PostgresSyntax

/// A streaming JSON writer into bytes, pretty-printed with two-space
/// indentation exactly like `JSONValue.serialized()`, so a document can be
/// written a piece at a time (a file's diagnostics as soon as they are known)
/// instead of built as one tree.
///
/// Callers pair every `begin…` with its `end…` and call `key` before each
/// member of an object; the writer adds separators and indentation.
/// Its output buffer is a reference: one writer, never copied.
struct JSONOutput {
  /// The bytes written and not yet taken (see `take()`).
  private let bytes = ByteSink()
  /// Members written so far in each open container, innermost last.
  private var counts: [Int] = []
  /// Whether each open container is an array.
  private var isArray: [Bool] = []
  /// A key was just written: the next value follows it on the same line.
  private var afterKey = false

  init() {}

  /// The output so far; the writer keeps its nesting state.
  mutating func take() -> [UInt8] {
    var output: [UInt8] = []
    move(to: &output)
    return output
  }

  /// Appends the output so far to `output` and empties the buffer, keeping
  /// its capacity (no allocation per file).
  mutating func move(to output: inout [UInt8]) {
    bytes.move(to: &output)
  }

  mutating func raw(_ text: StaticString) {
    bytes.append(text)
  }

  mutating func beginObject() { open(UInt8(ascii: "{"), isArray: false) }

  mutating func endObject() { close(UInt8(ascii: "}")) }

  mutating func beginArray() { open(UInt8(ascii: "["), isArray: true) }

  mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts an object member; the value written next belongs to it.
  mutating func key(_ name: StaticString) {
    nextMember()
    bytes.append(0x22)
    bytes.append(name)
    raw("\": ")
    afterKey = true
  }

  /// Starts an object member whose name is not a literal.
  mutating func key(_ name: String) {
    nextMember()
    JSONText.appendQuoted(name, to: bytes)
    raw(": ")
    afterKey = true
  }

  mutating func string(_ value: String) {
    beforeValue()
    JSONText.appendQuoted(value, to: bytes)
  }

  mutating func string(_ value: String?) {
    if let value { string(value) } else { null() }
  }

  mutating func int(_ value: Int) {
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

  mutating func bool(_ value: Bool) {
    beforeValue()
    raw(value ? "true" : "false")
  }

  mutating func null() {
    beforeValue()
    raw("null")
  }

  /// Writes a whole value tree at the current position.
  mutating func value(_ value: JSONValue) {
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

  /// Ends the document with a newline (as `JSONValue.serialized()` does).
  mutating func newline() { bytes.append(0x0A) }

  private mutating func beforeValue() {
    if afterKey {
      afterKey = false
    } else if isArray.last == true {
      nextMember()
    }
  }

  private mutating func nextMember() {
    guard let count = counts.last else { return }
    if count > 0 { bytes.append(UInt8(ascii: ",")) }
    bytes.append(0x0A)
    counts[counts.count - 1] = count + 1
    indent(counts.count)
  }

  private mutating func open(_ bracket: UInt8, isArray array: Bool) {
    beforeValue()
    bytes.append(bracket)
    counts.append(0)
    isArray.append(array)
  }

  private mutating func close(_ bracket: UInt8) {
    let count = counts.popLast() ?? 0
    _ = isArray.popLast()
    if count > 0 {
      bytes.append(0x0A)
      indent(counts.count)
    }
    bytes.append(bracket)
  }

  private mutating func indent(_ level: Int) {
    bytes.append(0x20, repeating: level * 2)
  }
}
