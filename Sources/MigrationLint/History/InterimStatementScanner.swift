/// A minimal statement scanner used only while `PostgresSyntax`'s lexer and
/// splitter are placeholders (they return nothing on this branch).
///
/// It knows comments, quoted strings and identifiers, dollar quotes,
/// parentheses and psql meta-command lines, which is enough to split typical
/// migrations on top-level `;` and to tell comments from code. Delete this file
/// once `ScannedFile` returns statements (see `StatementSummary.summarize`).
enum InterimStatementScanner {
  static func statements(_ bytes: [UInt8]) -> [(range: Range<Int>, tokens: [Range<Int>])] {
    var result: [(range: Range<Int>, tokens: [Range<Int>])] = []
    var tokens: [Range<Int>] = []
    var start: Int?
    var lastEnd = 0
    var depth = 0
    var index = 0
    var atLineStart = true

    func finish(at end: Int) {
      if let first = start { result.append((first..<max(first, end), tokens)) }
      tokens = []
      start = nil
      depth = 0
    }

    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A || byte == 0x0D {
        atLineStart = true
        index += 1
        continue
      }
      if byte == 0x20 || byte == 0x09 || byte == 0x0C {
        index += 1
        continue
      }
      let wasLineStart = atLineStart
      atLineStart = false
      let tokenStart = index
      if byte == UInt8(ascii: "-") && peek(bytes, index + 1) == UInt8(ascii: "-") {
        while index < bytes.count && bytes[index] != 0x0A && bytes[index] != 0x0D { index += 1 }
        continue
      }
      if byte == UInt8(ascii: "/") && peek(bytes, index + 1) == UInt8(ascii: "*") {
        index = skipBlockComment(bytes, from: index)
        continue
      }
      if byte == UInt8(ascii: "\\") && wasLineStart {
        // A psql meta-command is a statement of its own, to the end of the line.
        finish(at: lastEnd)
        while index < bytes.count && bytes[index] != 0x0A && bytes[index] != 0x0D { index += 1 }
        result.append((tokenStart..<index, [tokenStart..<index]))
        lastEnd = index
        continue
      }
      if byte == UInt8(ascii: ";") && depth <= 0 {
        finish(at: lastEnd)
        index += 1
        continue
      }
      index = tokenEnd(bytes, from: index)
      if byte == UInt8(ascii: "(") { depth += 1 }
      if byte == UInt8(ascii: ")") { depth -= 1 }
      if start == nil { start = tokenStart }
      tokens.append(tokenStart..<index)
      lastEnd = index
    }
    finish(at: lastEnd)
    return result
  }

  private static func peek(_ bytes: [UInt8], _ index: Int) -> UInt8? {
    index < bytes.count ? bytes[index] : nil
  }

  private static func skipBlockComment(_ bytes: [UInt8], from start: Int) -> Int {
    var index = start + 2
    var nesting = 1
    while index < bytes.count && nesting > 0 {
      if bytes[index] == UInt8(ascii: "*") && peek(bytes, index + 1) == UInt8(ascii: "/") {
        nesting -= 1
        index += 2
      } else if bytes[index] == UInt8(ascii: "/") && peek(bytes, index + 1) == UInt8(ascii: "*") {
        nesting += 1
        index += 2
      } else {
        index += 1
      }
    }
    return index
  }

  private static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      || byte == 0x5F || byte == 0x24 || byte >= 0x80
  }

  private static let operatorBytes = Set("+-*/<>=~!@#%^&|`?".utf8)

  /// The end of the (non-comment) token starting at `start`.
  private static func tokenEnd(_ bytes: [UInt8], from start: Int) -> Int {
    let byte = bytes[start]
    switch byte {
    case UInt8(ascii: "'"):
      return quoteEnd(bytes, from: start, quote: byte, backslashEscapes: false)
    case UInt8(ascii: "\""):
      return quoteEnd(bytes, from: start, quote: byte, backslashEscapes: false)
    case UInt8(ascii: "$"):
      if let end = dollarQuoteEnd(bytes, from: start) { return end }
      var index = start + 1
      while index < bytes.count && isWordByte(bytes[index]) { index += 1 }
      return index
    default:
      break
    }
    if isWordByte(byte) {
      var index = start
      while index < bytes.count && isWordByte(bytes[index]) { index += 1 }
      // E'...' takes backslash escapes; other prefixes (B, X, N, U&) do not.
      if index == start + 1 && (byte == UInt8(ascii: "E") || byte == UInt8(ascii: "e"))
        && peek(bytes, index) == UInt8(ascii: "'")
      {
        return quoteEnd(bytes, from: index, quote: UInt8(ascii: "'"), backslashEscapes: true)
      }
      return index
    }
    if operatorBytes.contains(byte) {
      var index = start + 1
      while index < bytes.count && operatorBytes.contains(bytes[index]) {
        let next = peek(bytes, index + 1)
        if (bytes[index] == UInt8(ascii: "-") && next == UInt8(ascii: "-"))
          || (bytes[index] == UInt8(ascii: "/") && next == UInt8(ascii: "*"))
        {
          break
        }
        index += 1
      }
      return index
    }
    return start + 1
  }

  private static func quoteEnd(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
    var index = start + 1
    while index < bytes.count {
      let byte = bytes[index]
      if backslashEscapes && byte == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if byte == quote {
        if peek(bytes, index + 1) == quote {
          index += 2
          continue
        }
        return index + 1
      }
      index += 1
    }
    return bytes.count
  }

  /// The end of a `$tag$...$tag$` string starting at `start`, or nil when `$`
  /// does not open one (e.g. a parameter `$1`).
  private static func dollarQuoteEnd(_ bytes: [UInt8], from start: Int) -> Int? {
    var index = start + 1
    if let first = peek(bytes, index), first >= 0x30 && first <= 0x39 { return nil }
    while index < bytes.count && bytes[index] != UInt8(ascii: "$") {
      guard isWordByte(bytes[index]) else { return nil }
      index += 1
    }
    guard index < bytes.count else { return nil }
    let delimiter = Array(bytes[start...index])
    var search = index + 1
    while search + delimiter.count <= bytes.count {
      if bytes[search] == UInt8(ascii: "$") && bytes[search..<search + delimiter.count].elementsEqual(delimiter) {
        return search + delimiter.count
      }
      search += 1
    }
    return bytes.count
  }
}
