/// Converts between UTF-8 byte offsets (cslint's positions) and LSP
/// positions: 0-based line and UTF-16 code units within the line. Lines end
/// at `\n`, `\r\n` or a lone `\r`, as LSP counts them.
struct LineMap {
  let bytes: [UInt8]
  /// The offset of the first byte of every line.
  private(set) var starts: [Int] = [0]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if byte == 0x0A {
        starts.append(index)
      } else if byte == 0x0D {
        if index < bytes.count && bytes[index] == 0x0A { index += 1 }
        starts.append(index)
      }
    }
  }

  /// The LSP position of byte `offset` (clamped to the text).
  func position(of offset: Int) -> (line: Int, character: Int) {
    let offset = min(max(0, offset), bytes.count)
    var lower = 0
    var upper = starts.count
    while upper - lower > 1 {
      let middle = (lower + upper) / 2
      if starts[middle] <= offset { lower = middle } else { upper = middle }
    }
    var units = 0
    var index = starts[lower]
    while index < offset {
      let (length, width) = Self.scalar(at: index, in: bytes)
      // An offset inside a character counts from its start.
      if index + length > offset { break }
      units += width
      index += length
    }
    return (lower, units)
  }

  /// The byte offset of an LSP position; a line past the end is the end of
  /// the text, a character past the line's end is the line's end.
  func offset(line: Int, character: Int) -> Int {
    guard line >= 0 else { return 0 }
    guard line < starts.count else { return bytes.count }
    let end = lineEnd(line)
    var index = starts[line]
    var units = 0
    while index < end && units < character {
      let (length, width) = Self.scalar(at: index, in: bytes)
      // A position between the two halves of a surrogate pair lands after it.
      units += width
      index = min(end, index + length)
    }
    return index
  }

  /// The offset just before line `line`'s terminator.
  private func lineEnd(_ line: Int) -> Int {
    var end = line + 1 < starts.count ? starts[line + 1] : bytes.count
    if end > starts[line] && bytes[end - 1] == 0x0A { end -= 1 }
    if end > starts[line] && bytes[end - 1] == 0x0D { end -= 1 }
    return end
  }

  /// The UTF-8 length of the character at `index` and its width in UTF-16
  /// code units. A byte that does not start a valid sequence counts as one
  /// U+FFFD (one unit), as editors show it.
  static func scalar(at index: Int, in bytes: [UInt8]) -> (length: Int, units: Int) {
    let lead = bytes[index]
    let length: Int
    switch lead {
    case 0x00..<0x80: return (1, 1)
    case 0xC2..<0xE0: length = 2
    case 0xE0..<0xF0: length = 3
    case 0xF0..<0xF5: length = 4
    default: return (1, 1)
    }
    guard index + length <= bytes.count else { return (1, 1) }
    for next in index + 1..<index + length where bytes[next] & 0xC0 != 0x80 { return (1, 1) }
    return (length, length == 4 ? 2 : 1)
  }
}
