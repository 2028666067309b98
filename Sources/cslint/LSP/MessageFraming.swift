/// The base protocol's framing: `Content-Length: N\r\n` (other headers
/// ignored), a blank line, then N bytes of JSON.
struct MessageFraming {
  /// A body larger than this is refused (skipped, not buffered).
  static let maxBodyBytes = 64 << 20
  /// A header block longer than this is garbage.
  static let maxHeaderBytes = 8 << 10

  enum Item: Equatable {
    case message([UInt8])
    /// The header block was malformed (dropped) or the body too large
    /// (skipped); the stream goes on after it.
    case malformed(String)
  }

  private var buffer: [UInt8] = []
  private var start = 0
  /// Bytes of a refused body still to discard.
  private var skipping = 0

  mutating func append(_ bytes: some Collection<UInt8>) {
    if start > 0 && start == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// The next complete item, or nil when more input is needed.
  mutating func next() -> Item? {
    if skipping > 0 {
      let dropped = min(skipping, buffer.count - start)
      start += dropped
      skipping -= dropped
      if skipping > 0 { return nil }
    }
    compact()
    guard let end = headerEnd() else {
      if buffer.count - start > Self.maxHeaderBytes {
        start = buffer.count
        return .malformed("header block longer than \(Self.maxHeaderBytes) bytes")
      }
      return nil
    }
    let header = String(decoding: buffer[start..<end], as: UTF8.self)
    let bodyStart = end + 4
    var length: Int?
    for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
      guard let colon = line.firstIndex(of: ":") else {
        start = bodyStart
        return .malformed("header line without ':'")
      }
      let name = line[..<colon].trimmingCharacters(" \t").lowercased()
      if name == "content-length" {
        length = Int(line[line.index(after: colon)...].trimmingCharacters(" \t"))
      }
    }
    guard let length, length >= 0 else {
      start = bodyStart
      return .malformed("missing or invalid Content-Length")
    }
    if length > Self.maxBodyBytes {
      start = bodyStart
      skipping = length
      return .malformed("Content-Length \(length) exceeds \(Self.maxBodyBytes) bytes")
    }
    guard buffer.count - bodyStart >= length else { return nil }
    let body = Array(buffer[bodyStart..<bodyStart + length])
    start = bodyStart + length
    return .message(body)
  }

  /// Where `\r\n\r\n` begins after `start`.
  private func headerEnd() -> Int? {
    var index = start
    while index + 3 < buffer.count {
      if buffer[index] == 0x0D && buffer[index + 1] == 0x0A && buffer[index + 2] == 0x0D && buffer[index + 3] == 0x0A {
        return index
      }
      index += 1
    }
    return nil
  }

  /// Drops consumed bytes once they are most of the buffer.
  private mutating func compact() {
    if start > 1 << 16 && start * 2 > buffer.count {
      buffer.removeFirst(start)
      start = 0
    }
  }

  /// A whole message with its header, for replies.
  static func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
  }
}

extension Substring {
  fileprivate func trimmingCharacters(_ characters: String) -> String {
    var result = self
    while let first = result.first, characters.contains(first) { result.removeFirst() }
    while let last = result.last, characters.contains(last) { result.removeLast() }
    return String(result)
  }
}
