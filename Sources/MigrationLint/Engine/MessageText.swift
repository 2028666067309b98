/// A message, help text or fix title built from a string interpolation into
/// one byte buffer: `String(message: "... \(name) ...")`.
///
/// The same text as the plain interpolation, for about half the
/// instructions: `DefaultStringInterpolation` appends each piece to a
/// `String` (~400 instructions per piece), this copies the pieces' UTF-8
/// bytes into an array reserved once and decodes it at the end. Findings
/// are built by the thousand on a corpus run (each message and help text
/// has a dozen pieces).
public struct MessageText: ExpressibleByStringInterpolation {
  var bytes: [UInt8]

  public init(stringLiteral value: StaticString) {
    bytes = []
    value.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  public init(stringInterpolation: StringInterpolation) { bytes = stringInterpolation.bytes }

  public struct StringInterpolation: StringInterpolationProtocol {
    var bytes: [UInt8] = []

    public init(literalCapacity: Int, interpolationCount: Int) {
      bytes.reserveCapacity(literalCapacity + 16 * interpolationCount)
    }

    public mutating func appendLiteral(_ literal: StaticString) {
      literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func appendInterpolation(_ value: String) {
      var value = value
      value.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func appendInterpolation(_ value: Substring) {
      var value = value
      value.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Other values as the default interpolation writes them: their `description`.
    public mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
      appendInterpolation(value.description)
    }
  }
}

extension String {
  /// The text of `message` (see `MessageText`).
  public init(message: MessageText) {
    self = String(decoding: message.bytes, as: UTF8.self)
  }
}
