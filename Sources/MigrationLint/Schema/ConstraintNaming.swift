/// The names PostgreSQL gives constraints declared without one, so that the
/// schema model finds `orders_customer_id_fkey` where the server has it
/// (checked against live servers by Tests/LiveTests' schema cross-check).
enum ConstraintNaming {
  /// PostgreSQL's identifier limit (NAMEDATALEN - 1 bytes).
  static let maximumLength = 63

  /// `makeObjectName(table, columns, label)`: `<table>_<columns>_<label>`,
  /// shortening the longer of the two name parts one character at a time
  /// until the whole name fits in 63 bytes.
  static func name(table: String, columns: [String], label: String) -> String {
    // Most names fit: then the parts' bytes are copied once into the
    // name's own storage (the joined columns, the list of parts and the
    // appends cost ~1,400 instructions a name more, 6 M on the corpus run).
    let columnBytes = columns.reduce(max(0, columns.count - 1)) { $0 + $1.utf8.count }
    let tableBytes = table.utf8.count
    let labelBytes = label.utf8.count
    if tableBytes + columnBytes <= maximumLength - labelBytes - 1 - (columnBytes == 0 ? 0 : 1) {
      let total = (tableBytes == 0 ? 0 : tableBytes + 1) + (columnBytes == 0 ? 0 : columnBytes + 1) + labelBytes
      return String(unsafeUninitializedCapacity: total) { buffer in
        var position = 0
        func put(_ text: String) {
          // The string's contiguous bytes copied at once (a walk of its
          // UTF-8 view cost ~15 instructions a byte).
          let copied = text.utf8.withContiguousStorageIfAvailable { bytes in
            UnsafeMutableRawBufferPointer(
              UnsafeMutableBufferPointer(rebasing: buffer[position..<(position + bytes.count)])
            )
            .copyMemory(from: UnsafeRawBufferPointer(bytes))
            return bytes.count
          }
          if let copied {
            position += copied
            return
          }
          for byte in text.utf8 {
            buffer[position] = byte
            position += 1
          }
        }
        if tableBytes > 0 {
          put(table)
          buffer[position] = 0x5F
          position += 1
        }
        if columnBytes > 0 {
          for (index, column) in columns.enumerated() {
            if index > 0 {
              buffer[position] = 0x5F
              position += 1
            }
            put(column)
          }
          buffer[position] = 0x5F
          position += 1
        }
        put(label)
        return position
      }
    }
    return shortenedName(table: table, columns: columns, label: label)
  }

  /// `name` for a name too long: the longer part shortened a character at a time.
  private static func shortenedName(table: String, columns: [String], label: String) -> String {
    var first = table
    var second = columns.count == 1 ? columns[0] : columns.joined(separator: "_")
    let overhead = label.utf8.count + 1 + (second.isEmpty ? 0 : 1)
    let available = maximumLength - overhead
    // PostgreSQL counts bytes and then clips to a character boundary;
    // dropping whole characters gives the same result for ASCII names.
    while first.utf8.count + second.utf8.count > available, !(first.isEmpty && second.isEmpty) {
      if first.utf8.count > second.utf8.count { first.removeLast() } else { second.removeLast() }
    }
    // Appended, not `[first, second, label].joined`: this names every
    // constraint of every table (8 M instructions on the corpus run).
    var name = ""
    name.reserveCapacity(first.utf8.count + second.utf8.count + label.utf8.count + 2)
    for part in [first, second] where !part.isEmpty {
      name += part
      name += "_"
    }
    name += label
    return name
  }

  /// The columns of `candidates` that `expression` mentions as whole words;
  /// a CHECK that mentions exactly one is named after it (`t_a_check`),
  /// otherwise after the table alone (`t_check`).
  static func mentionedColumns(in expression: String, candidates: [String]) -> [String] {
    if expression.utf8.allSatisfy({ $0 < 0x80 }) {
      let words = asciiWords(in: expression)
      return candidates.filter { words.contains($0.lowercased()) }
    }
    var words: Set<String> = []
    var current = ""
    for character in expression.lowercased() {
      if character.isLetter || character.isNumber || character == "_" || character == "$" {
        current.append(character)
      } else {
        if !current.isEmpty { words.insert(current) }
        current = ""
      }
    }
    if !current.isEmpty { words.insert(current) }
    return candidates.filter { words.contains($0.lowercased()) }
  }

  /// The checks of `mentionedColumns` on bytes, for ASCII text (Character
  /// by Character it cost 18 M instructions on the corpus run): an ASCII
  /// letter, digit, `_` or `$` is exactly an ASCII `Character` that is a
  /// letter, a number, `_` or `$`, so the words are the same.
  private static func asciiWords(in expression: String) -> Set<String> {
    var words: Set<String> = []
    var current: [UInt8] = []
    for byte in expression.utf8 {
      let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
      if (lowered >= 0x61 && lowered <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x24 {
        current.append(lowered)
      } else {
        if !current.isEmpty { words.insert(String(decoding: current, as: UTF8.self)) }
        current.removeAll(keepingCapacity: true)
      }
    }
    if !current.isEmpty { words.insert(String(decoding: current, as: UTF8.self)) }
    return words
  }
}
