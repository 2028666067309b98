/// The line-oriented recursive-descent parser behind `YAMLReader`.
///
/// Block structure is decided by indentation, so the parser walks lines; a
/// "virtual" start offset lets a compact list item (`- key: v`) be parsed as
/// a block that begins in the middle of its line.
struct YAMLParser {
  let path: String
  /// Lines without their terminators.
  let lines: [[UInt8]]
  /// Index of the current line.
  var index = 0
  /// When set, the current line's content starts here instead of after its indentation.
  var virtualOffset: Int?
  var sawContent = false
  var sawDocumentStart = false
  var depth = 0
  /// Deep nesting is never needed by a config and would risk the stack.
  static let maxDepth = 64

  init(bytes: [UInt8], path: String) throws {
    self.path = path
    var body = bytes[...]
    // A UTF-8 byte order mark is legal at the start of a YAML stream.
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    self.lines = YAMLParser.splitLines(body)
    for (number, line) in lines.enumerated() {
      if let column = YAMLParser.firstInvalidUTF8Column(line) {
        throw ConfigurationError(path: path, line: number + 1, column: column, message: "invalid UTF-8")
      }
    }
  }

  static func splitLines(_ bytes: ArraySlice<UInt8>) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var current: [UInt8] = []
    var iterator = bytes.makeIterator()
    var pendingCR = false
    while let byte = iterator.next() {
      if pendingCR {
        pendingCR = false
        if byte == 0x0A { continue }  // CRLF ends one line, not two
      }
      if byte == 0x0A || byte == 0x0D {
        result.append(current)
        current = []
        pendingCR = byte == 0x0D
      } else {
        current.append(byte)
      }
    }
    result.append(current)
    return result
  }

  static func firstInvalidUTF8Column(_ line: [UInt8]) -> Int? {
    var iterator = line.makeIterator()
    var decoder = UTF8()
    var scalars = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: scalars += 1
      case .emptyInput: return nil
      case .error: return scalars + 1
      }
    }
  }

  // MARK: - Positions and errors

  /// 1-based column of byte `offset` in line `line` (0-based), in Unicode scalars.
  func column(_ line: Int, _ offset: Int) -> Int {
    guard line < lines.count else { return 1 }
    let bytes = lines[line]
    var column = 1
    var index = 0
    while index < offset && index < bytes.count {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return column
  }

  func error(_ line: Int, _ offset: Int, _ message: String) -> ConfigurationError {
    ConfigurationError(path: path, line: line + 1, column: column(line, offset), message: message)
  }

  func node(_ content: YAMLNode.Content, _ line: Int, _ offset: Int) -> YAMLNode {
    YAMLNode(content, line: line + 1, column: column(line, offset))
  }

  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  func byte(_ line: Int, _ offset: Int) -> UInt8? {
    let bytes = lines[line]
    return offset >= 0 && offset < bytes.count ? bytes[offset] : nil
  }

  func skipSpaces(_ line: Int, _ offset: Int) -> Int {
    var offset = offset
    while let byte = byte(line, offset), YAMLParser.isSpace(byte) { offset += 1 }
    return offset
  }

  /// True at the end of the line or at a comment (a `#` after whitespace).
  func atLineEnd(_ line: Int, _ offset: Int) -> Bool {
    guard let byte = byte(line, offset) else { return true }
    return byte == UInt8(ascii: "#") && offset > 0 && YAMLParser.isSpace(lines[line][offset - 1])
  }

  /// After a complete value only whitespace and a comment may follow.
  func expectLineEnd(_ line: Int, _ offset: Int) throws {
    let offset = skipSpaces(line, offset)
    guard !atLineEnd(line, offset) else { return }
    if byte(line, offset) == UInt8(ascii: "#") {
      throw error(line, offset, "a comment needs whitespace before '#'")
    }
    throw error(line, offset, "unexpected text after the value")
  }

  mutating func enter(_ line: Int, _ offset: Int) throws {
    depth += 1
    if depth > YAMLParser.maxDepth {
      throw error(line, offset, "nesting is too deep (more than \(YAMLParser.maxDepth) levels)")
    }
  }

  // MARK: - Lines

  /// The next line with content and where its content starts, skipping blank
  /// lines, comments and a leading `---`.
  mutating func peekContent() throws -> (line: Int, indent: Int)? {
    if let offset = virtualOffset { return (index, offset) }
    while index < lines.count {
      let bytes = lines[index]
      var indent = 0
      while indent < bytes.count && bytes[indent] == 0x20 { indent += 1 }
      let content = skipSpaces(index, indent)
      if content == bytes.count || bytes[content] == UInt8(ascii: "#") {
        index += 1
        continue
      }
      if content != indent {
        throw error(index, indent, "tab characters are not allowed for indentation; use spaces")
      }
      if indent == 0 {
        try checkMarker(index)
        if isMarker(bytes, "---") {
          sawDocumentStart = true
          index += 1
          continue
        }
      }
      sawContent = true
      return (index, indent)
    }
    return nil
  }

  func isMarker(_ bytes: [UInt8], _ marker: String) -> Bool {
    let marker = Array(marker.utf8)
    guard bytes.starts(with: marker) else { return false }
    return bytes.count == marker.count || YAMLParser.isSpace(bytes[marker.count])
  }

  func checkMarker(_ line: Int) throws {
    let bytes = lines[line]
    if isMarker(bytes, "---") {
      if sawContent || sawDocumentStart {
        throw error(line, 0, "multiple documents ('---') are not supported: the configuration is one document")
      }
      if !atLineEnd(line, skipSpaces(line, 3)) {
        throw error(line, skipSpaces(line, 3), "content after '---' is not supported; start it on the next line")
      }
    } else if isMarker(bytes, "...") {
      throw error(line, 0, "the document end marker '...' is not supported")
    } else if bytes.first == UInt8(ascii: "%") {
      throw error(line, 0, "directives ('%') are not supported")
    }
  }

  mutating func consumeLine() {
    index += 1
    virtualOffset = nil
  }

  func isListItem(_ line: Int, _ offset: Int) -> Bool {
    guard byte(line, offset) == UInt8(ascii: "-") else { return false }
    guard let next = byte(line, offset + 1) else { return true }
    return YAMLParser.isSpace(next)
  }

  func badIndentation(_ line: Int, _ found: Int, expected: Int, blockKind: String, blockLine: Int)
    -> ConfigurationError
  {
    error(
      line, found,
      "bad indentation: found \(found) spaces, expected \(expected) to continue the \(blockKind) "
        + "that starts on line \(blockLine + 1)")
  }

  // MARK: - Blocks

  mutating func parseDocument() throws -> YAMLNode {
    guard let (line, indent) = try peekContent() else { return YAMLNode(.null, line: 1, column: 1) }
    let root = try parseBlock(line, indent, parentIndent: -1)
    if let (extraLine, extraIndent) = try peekContent() {
      if extraIndent != indent {
        let kind = root.list != nil ? "list" : "mapping"
        throw badIndentation(extraLine, extraIndent, expected: indent, blockKind: kind, blockLine: line)
      }
      throw error(extraLine, extraIndent, "unexpected content after the document's value")
    }
    return root
  }

  /// Parses the block whose first content is at (`line`, `indent`).
  mutating func parseBlock(_ line: Int, _ indent: Int, parentIndent: Int) throws -> YAMLNode {
    try enter(line, indent)
    defer { depth -= 1 }
    if isListItem(line, indent) { return try parseList(indent, allowSiblings: false) }
    if try scanKey(line, indent) != nil { return try parseMap(indent) }
    var offset = indent
    let value = try parseInlineValue(line, &offset, flow: false)
    try expectLineEnd(line, offset)
    consumeLine()
    if let (next, nextIndent) = try peekContent(), nextIndent > parentIndent, nextIndent >= indent {
      throw error(
        next, nextIndent,
        "the value on line \(line + 1) continues here; multi-line values are not supported, write it on one line")
    }
    return value
  }

  mutating func parseMap(_ indent: Int) throws -> YAMLNode {
    guard let (firstLine, _) = try peekContent() else { return YAMLNode(.null, line: 1, column: 1) }
    var entries: [YAMLMapEntry] = []
    var seen: [String: Int] = [:]
    while let (line, found) = try peekContent() {
      if found < indent { break }
      if found > indent {
        throw badIndentation(line, found, expected: indent, blockKind: "mapping", blockLine: firstLine)
      }
      if isListItem(line, found) {
        throw error(
          line, found, "unexpected list item: the mapping that starts on line \(firstLine + 1) expects 'key: value'")
      }
      guard let (key, colon) = try scanKey(line, found) else {
        var offset = found
        _ = try parseInlineValue(line, &offset, flow: false)  // reports anchors, tags, ... precisely
        throw error(line, found, "expected a 'key: value' entry")
      }
      if key.isEmpty { throw error(line, found, "empty key") }
      if let first = seen[key] {
        throw error(line, found, "duplicate key '\(key)' (first defined on line \(first))")
      }
      seen[key] = line + 1
      let value = try parseEntryValue(line, colon: colon, indent: indent)
      entries.append(YAMLMapEntry(key: key, keyLine: line + 1, keyColumn: column(line, found), value: value))
    }
    return YAMLNode(.map(entries), line: firstLine + 1, column: column(firstLine, indent))
  }

  /// The value after `key:` — on the same line, on the following more-indented
  /// lines, or a list at the key's own indentation.
  mutating func parseEntryValue(_ line: Int, colon: Int, indent: Int) throws -> YAMLNode {
    var offset = skipSpaces(line, colon + 1)
    if !atLineEnd(line, offset) {
      let value = try parseInlineValue(line, &offset, flow: false)
      try expectLineEnd(line, offset)
      consumeLine()
      return value
    }
    consumeLine()
    if let (next, nextIndent) = try peekContent() {
      if nextIndent > indent { return try parseBlock(next, nextIndent, parentIndent: indent) }
      if nextIndent == indent && isListItem(next, nextIndent) {
        try enter(next, nextIndent)
        defer { depth -= 1 }
        return try parseList(indent, allowSiblings: true)
      }
    }
    return node(.null, line, colon + 1)
  }

  /// `allowSiblings`: the list is a map value written at the key's indentation,
  /// so a non-item line at that indentation is the map's next key.
  mutating func parseList(_ indent: Int, allowSiblings: Bool) throws -> YAMLNode {
    guard let (firstLine, _) = try peekContent() else { return YAMLNode(.null, line: 1, column: 1) }
    var items: [YAMLNode] = []
    while let (line, found) = try peekContent() {
      if found < indent { break }
      if found > indent {
        throw badIndentation(line, found, expected: indent, blockKind: "list", blockLine: firstLine)
      }
      guard isListItem(line, found) else {
        if allowSiblings { break }
        throw error(line, found, "expected a list item ('- ') like the one on line \(firstLine + 1)")
      }
      let offset = skipSpaces(line, found + 1)
      if atLineEnd(line, offset) {
        consumeLine()
        if let (next, nextIndent) = try peekContent(), nextIndent > indent {
          items.append(try parseBlock(next, nextIndent, parentIndent: indent))
        } else {
          items.append(node(.null, line, found + 1))
        }
      } else {
        virtualOffset = offset
        items.append(try parseBlock(line, offset, parentIndent: indent))
      }
    }
    return YAMLNode(.list(items), line: firstLine + 1, column: column(firstLine, indent))
  }
}
