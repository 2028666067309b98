import FoundationEssentials
import MigrationLint

/// A JSON value read from a client message (decoded with Foundation's
/// `JSONDecoder`, which rejects invalid UTF-8 and bounds nesting depth).
/// Replies are written with the ordered `JSONValue`.
indirect enum JSONInput: Decodable, Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONInput])
  case object([String: JSONInput])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONInput].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONInput].self))
    }
  }

  /// Parses one message body; nil when it is not JSON.
  static func parse(_ bytes: [UInt8]) -> JSONInput? {
    try? JSONDecoder().decode(JSONInput.self, from: Data(bytes))
  }

  subscript(key: String) -> JSONInput? {
    guard case .object(let members) = self else { return nil }
    return members[key]
  }

  var string: String? {
    guard case .string(let value) = self else { return nil }
    return value
  }

  /// A whole number that fits an `Int` (LSP positions, versions, ids).
  var int: Int? {
    guard case .number(let value) = self, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
    return Int(value)
  }

  var array: [JSONInput]? {
    guard case .array(let value) = self else { return nil }
    return value
  }

  /// The value written back (a request id is echoed in its reply).
  var output: JSONValue {
    switch self {
    case .null: return .null
    case .bool(let value): return .bool(value)
    case .number(let value):
      if let whole = int { return .int(whole) }
      return .string(String(value))
    case .string(let value): return .string(value)
    case .array(let items): return .array(items.map(\.output))
    case .object(let members): return .object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.output) })
    }
  }
}
