/// Keys, inline values, flow collections and quoted scalars: everything that
/// lives within one line.
extension YAMLParser {
  static func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }

  /// If a `key:` entry starts at `offset`, its key and the offset of its colon.
  func scanKey(_ line: Int, _ offset: Int) throws -> (key: String, colon: Int)? {
    guard let first = byte(line, offset) else { return nil }
    if first == YAMLParser.ascii("\"") || first == YAMLParser.ascii("'") {
      var end = offset
      let key = try scanQuoted(line, &end)
      let colon = skipSpaces(line, end)
      guard byte(line, colon) == YAMLParser.ascii(":") else { return nil }
      guard let after = byte(line, colon + 1) else { return (key, colon) }
      return YAMLParser.isSpace(after) ? (key, colon) : nil
    }
    // These start flow collections or are indicators that no plain key may start with.
    if Array("[]{}&*!|>%@`,#".utf8).contains(first) { return nil }
    if first == YAMLParser.ascii("?") && (byte(line, offset + 1).map(YAMLParser.isSpace) ?? true) { return nil }
    var cursor = offset
    while let current = byte(line, cursor) {
      if current == YAMLParser.ascii("#") && cursor > offset && YAMLParser.isSpace(lines[line][cursor - 1]) {
        return nil
      }
      if current == YAMLParser.ascii(":") {
        let next = byte(line, cursor + 1)
        if next == nil || next.map(YAMLParser.isSpace) == true {
          return (trimmedText(line, offset, cursor), cursor)
        }
      }
      cursor += 1
    }
    return nil
  }

  func trimmedText(_ line: Int, _ start: Int, _ end: Int) -> String {
    var end = end
    while end > start && YAMLParser.isSpace(lines[line][end - 1]) { end -= 1 }
    return String(decoding: lines[line][start..<end], as: UTF8.self)
  }

  /// Parses the value starting at `offset` and advances `offset` past it.
  mutating func parseInlineValue(_ line: Int, _ offset: inout Int, flow: Bool) throws -> YAMLNode {
    guard let first = byte(line, offset) else { return node(.null, line, offset) }
    let start = offset
    let next = byte(line, offset + 1)
    let indicatorAlone = next == nil || next.map(YAMLParser.isSpace) == true
    switch Unicode.Scalar(first) {
    case "[": return try parseFlowList(line, &offset)
    case "{": return try parseFlowMap(line, &offset)
    case "\"":
      let text = try scanQuoted(line, &offset)
      return node(.scalar(text, .doubleQuoted), line, start)
    case "'":
      let text = try scanQuoted(line, &offset)
      return node(.scalar(text, .singleQuoted), line, start)
    case "&": throw error(line, start, "anchors ('&name') are not supported; write the value out in full")
    case "*":
      throw error(
        line, start, "aliases ('*name') are not supported; if this is a glob, quote it: '\(restOfValue(line, start))'")
    case "!": throw error(line, start, "tags ('!tag') are not supported")
    case "|", ">":
      throw error(line, start, "block scalars ('|' and '>') are not supported; write the value on one line")
    case "@", "`", "%": throw error(line, start, "a plain value cannot start with '\(Unicode.Scalar(first))'; quote it")
    case ",", "]", "}": throw error(line, start, "unexpected '\(Unicode.Scalar(first))'")
    case "-" where indicatorAlone:
      throw error(line, start, "a list item ('- ') cannot start here; put each item on its own line")
    case "?" where indicatorAlone: throw error(line, start, "complex keys ('? ') are not supported")
    case ":" where indicatorAlone: throw error(line, start, "unexpected ':'")
    default:
      return try scanPlain(line, &offset, flow: flow)
    }
  }

  /// The value text from `start` to a comment or the end of the line (for hints).
  func restOfValue(_ line: Int, _ start: Int) -> String {
    var end = start
    while end < lines[line].count && !atLineEnd(line, end) { end += 1 }
    return trimmedText(line, start, end)
  }

  mutating func scanPlain(_ line: Int, _ offset: inout Int, flow: Bool) throws -> YAMLNode {
    let start = offset
    while let current = byte(line, offset) {
      if atLineEnd(line, offset) { break }
      if current == YAMLParser.ascii(":") {
        let next = byte(line, offset + 1)
        let separates =
          next == nil || next.map(YAMLParser.isSpace) == true
          || (flow && next.map { Array(",]}".utf8).contains($0) } == true)
        if separates {
          if flow { break }
          throw error(line, offset, "unexpected ':' in a plain value; quote the value if the ':' belongs to it")
        }
      }
      if flow && Array(",[]{}".utf8).contains(current) { break }
      offset += 1
    }
    return node(.scalar(trimmedText(line, start, offset), .plain), line, start)
  }

  // MARK: - Flow collections

  mutating func parseFlowList(_ line: Int, _ offset: inout Int) throws -> YAMLNode {
    let start = offset
    try enter(line, start)
    defer { depth -= 1 }
    offset += 1
    var items: [YAMLNode] = []
    while true {
      offset = skipSpaces(line, offset)
      if atLineEnd(line, offset) { throw unterminated(line, start, "list", "]") }
      if byte(line, offset) == YAMLParser.ascii("]") {
        offset += 1
        break
      }
      items.append(try parseInlineValue(line, &offset, flow: true))
      offset = skipSpaces(line, offset)
      if atLineEnd(line, offset) { throw unterminated(line, start, "list", "]") }
      switch byte(line, offset) {
      case YAMLParser.ascii(","): offset += 1
      case YAMLParser.ascii("]"):
        offset += 1
        return node(.list(items), line, start)
      case YAMLParser.ascii(":"): throw error(line, offset, "key: value pairs inside a flow list are not supported")
      default: throw error(line, offset, "expected ',' or ']' in the flow list")
      }
    }
    return node(.list(items), line, start)
  }

  mutating func parseFlowMap(_ line: Int, _ offset: inout Int) throws -> YAMLNode {
    let start = offset
    try enter(line, start)
    defer { depth -= 1 }
    offset += 1
    var entries: [YAMLMapEntry] = []
    while true {
      offset = skipSpaces(line, offset)
      if atLineEnd(line, offset) { throw unterminated(line, start, "map", "}") }
      if byte(line, offset) == YAMLParser.ascii("}") {
        offset += 1
        break
      }
      let keyOffset = offset
      let keyNode = try parseInlineValue(line, &offset, flow: true)
      guard let key = keyNode.scalar else { throw error(line, keyOffset, "a flow map key must be a scalar") }
      if key.isEmpty { throw error(line, keyOffset, "empty key") }
      if entries.contains(where: { $0.key == key }) {
        throw error(line, keyOffset, "duplicate key '\(key)'")
      }
      offset = skipSpaces(line, offset)
      guard byte(line, offset) == YAMLParser.ascii(":") else {
        if atLineEnd(line, offset) { throw unterminated(line, start, "map", "}") }
        throw error(line, offset, "expected ':' after the key '\(key)'")
      }
      let colon = offset
      offset = skipSpaces(line, offset + 1)
      let value: YAMLNode
      if let current = byte(line, offset), current == YAMLParser.ascii(",") || current == YAMLParser.ascii("}") {
        value = node(.null, line, colon + 1)
      } else {
        if atLineEnd(line, offset) { throw unterminated(line, start, "map", "}") }
        value = try parseInlineValue(line, &offset, flow: true)
      }
      entries.append(YAMLMapEntry(key: key, keyLine: line + 1, keyColumn: column(line, keyOffset), value: value))
      offset = skipSpaces(line, offset)
      if atLineEnd(line, offset) { throw unterminated(line, start, "map", "}") }
      switch byte(line, offset) {
      case YAMLParser.ascii(","): offset += 1
      case YAMLParser.ascii("}"):
        offset += 1
        return node(.map(entries), line, start)
      default: throw error(line, offset, "expected ',' or '}' in the flow map")
      }
    }
    return node(.map(entries), line, start)
  }

  func unterminated(_ line: Int, _ start: Int, _ kind: String, _ closer: String) -> ConfigurationError {
    error(
      line, start,
      "unterminated flow \(kind): '\(closer)' must be on the same line (multi-line flow \(kind)s are not supported)")
  }

  // MARK: - Quoted scalars

  /// Scans a single- or double-quoted scalar starting at `offset` (the quote)
  /// and advances `offset` past the closing quote.
  func scanQuoted(_ line: Int, _ offset: inout Int) throws -> String {
    let start = offset
    let bytes = lines[line]
    let quote = bytes[start]
    var text: [UInt8] = []
    var cursor = start + 1
    while cursor < bytes.count {
      let current = bytes[cursor]
      if current == quote {
        if quote == YAMLParser.ascii("'") && cursor + 1 < bytes.count && bytes[cursor + 1] == quote {
          text.append(quote)  // '' is an escaped single quote
          cursor += 2
          continue
        }
        offset = cursor + 1
        return String(decoding: text, as: UTF8.self)
      }
      if current == YAMLParser.ascii("\\") && quote == YAMLParser.ascii("\"") {
        let (scalar, length) = try escape(line, cursor)
        text.append(contentsOf: Array(String(Character(scalar)).utf8))
        cursor += length
        continue
      }
      text.append(current)
      cursor += 1
    }
    let kind = quote == YAMLParser.ascii("'") ? "single" : "double"
    throw error(line, start, "unterminated \(kind)-quoted string (quoted values must end on the same line)")
  }

  /// Decodes the escape at `offset` (the backslash): the scalar and the bytes used.
  func escape(_ line: Int, _ offset: Int) throws -> (Unicode.Scalar, Int) {
    guard let letter = byte(line, offset + 1) else {
      throw error(line, offset, "a '\\' at the end of a line is not supported; write the value on one line")
    }
    let simple: [UInt8: Unicode.Scalar] = [
      YAMLParser.ascii("0"): "\0", YAMLParser.ascii("a"): "\u{07}", YAMLParser.ascii("b"): "\u{08}",
      YAMLParser.ascii("t"): "\t", YAMLParser.ascii("\t"): "\t", YAMLParser.ascii("n"): "\n",
      YAMLParser.ascii("v"): "\u{0B}", YAMLParser.ascii("f"): "\u{0C}", YAMLParser.ascii("r"): "\r",
      YAMLParser.ascii("e"): "\u{1B}", YAMLParser.ascii(" "): " ", YAMLParser.ascii("\""): "\"",
      YAMLParser.ascii("/"): "/", YAMLParser.ascii("\\"): "\\", YAMLParser.ascii("N"): "\u{85}",
      YAMLParser.ascii("_"): "\u{A0}", YAMLParser.ascii("L"): "\u{2028}", YAMLParser.ascii("P"): "\u{2029}",
    ]
    if let scalar = simple[letter] { return (scalar, 2) }
    let digits: Int
    switch letter {
    case YAMLParser.ascii("x"): digits = 2
    case YAMLParser.ascii("u"): digits = 4
    case YAMLParser.ascii("U"): digits = 8
    default:
      let shown = String(decoding: [letter], as: UTF8.self)
      throw error(line, offset, "unknown escape '\\\(shown)' in a double-quoted string")
    }
    var value: UInt32 = 0
    for index in 0..<digits {
      guard let digit = byte(line, offset + 2 + index), let nibble = YAMLParser.hexValue(digit) else {
        throw error(line, offset, "the escape '\\\(Unicode.Scalar(letter))' needs \(digits) hexadecimal digits")
      }
      value = value << 4 | nibble
    }
    guard let scalar = Unicode.Scalar(value) else {
      throw error(line, offset, "the escape is not a valid Unicode scalar")
    }
    return (scalar, 2 + digits)
  }

  static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    default: return nil
    }
  }
}
