/// Example SQL with its `↓` markers removed, and the UTF-8 byte offsets at
/// which they stood (where a diagnostic must start).
struct MarkedSQL: Equatable {
  static let marker = "↓"

  /// The SQL as it is linted, markers removed.
  let bytes: [UInt8]
  /// Byte offsets into `bytes`, one per marker, in order.
  let offsets: [Int]

  init(_ marked: String) {
    let markerBytes = Array(Self.marker.utf8)
    let input = Array(marked.utf8)
    var bytes: [UInt8] = []
    var offsets: [Int] = []
    bytes.reserveCapacity(input.count)
    var index = 0
    while index < input.count {
      if input[index...].starts(with: markerBytes) {
        offsets.append(bytes.count)
        index += markerBytes.count
      } else {
        bytes.append(input[index])
        index += 1
      }
    }
    self.bytes = bytes
    self.offsets = offsets
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// The SQL with a `↓` re-inserted at each of `offsets`, for failure
  /// messages that show where diagnostics actually start.
  func marking(_ offsets: [Int]) -> String {
    var result = bytes
    let marker = Array(Self.marker.utf8)
    for offset in offsets.sorted(by: >) where offset >= 0 && offset <= result.count {
      result.insert(contentsOf: marker, at: offset)
    }
    return String(decoding: result, as: UTF8.self)
  }
}

/// The automatic variations every example is also run in (SwiftLint's
/// `verifyRule` idea): the rule must not depend on byte offsets being
/// character offsets, nor on `\n` line endings.
enum ExampleVariation: String, CaseIterable, CustomStringConvertible {
  case plain
  /// A comment with multi-byte UTF-8 characters before the example.
  case multiBytePrefix = "multi-byte prefix"
  /// Every `\n` written as `\r\n`.
  case crlf = "CRLF line endings"

  static let prefix = "-- ünïcødé 🚀\n"

  var description: String { rawValue }

  /// Applies the variation to marked (or plain) SQL; markers move with it.
  func apply(_ sql: String) -> String {
    switch self {
    case .plain: return sql
    case .multiBytePrefix: return Self.prefix + sql
    case .crlf: return Self.crlf(sql)
    }
  }

  /// Rewrites line feeds byte by byte (Swift treats `\r\n` as one
  /// Character, so String replacement would be harder to reason about).
  static func crlf(_ sql: String) -> String {
    var result: [UInt8] = []
    var previous: UInt8 = 0
    for byte in sql.utf8 {
      if byte == 0x0A && previous != 0x0D { result.append(0x0D) }
      result.append(byte)
      previous = byte
    }
    return String(decoding: result, as: UTF8.self)
  }
}
