/// `file://` URIs and paths (percent-encoded UTF-8, RFC 3986).
enum FileURI {
  /// The local path of a `file:` URI; nil for any other scheme (`untitled:`).
  static func path(of uri: String) -> String? {
    guard uri.utf8.count > 7, uri.lowercased().hasPrefix("file://") else { return nil }
    var rest = Substring(uri.dropFirst(7))
    // `file://host/path`: only an empty host or localhost is local.
    if !rest.hasPrefix("/") {
      guard rest.lowercased().hasPrefix("localhost/") else { return nil }
      rest = rest.dropFirst("localhost".count)
    }
    var bytes: [UInt8] = []
    var utf8 = Array(rest.utf8)[...]
    while let byte = utf8.popFirst() {
      if byte == UInt8(ascii: "%"), utf8.count >= 2, let high = hex(utf8[utf8.startIndex]),
        let low = hex(utf8[utf8.startIndex + 1])
      {
        bytes.append(high << 4 | low)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    // A path that is not UTF-8 (or holds NUL) cannot name a file here.
    guard !bytes.contains(0), let path = String(validating: bytes, as: UTF8.self) else { return nil }
    return path
  }

  /// The `file://` URI of an absolute path.
  static func uri(of path: String) -> String {
    var result = "file://"
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        result.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let digits = Array("0123456789ABCDEF".utf8)
        result += "%" + String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
      }
    }
    return result
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
