import PostgresSyntax

/// A short hash of one statement's tokens, ignoring comments and whitespace.
///
/// Two versions of a statement that differ only in comments, spacing or line
/// endings (CRLF vs LF) have the same fingerprint; any other change (a
/// keyword, a name, a literal) changes it. Stored in the ledger so
/// `edited-applied-migration` can name the changed statements without the old
/// file: 32 bits make an accidental match between a statement and its edit a
/// one-in-four-billion event, and keep the ledger readable.
public struct StatementFingerprint: Sendable, Hashable, CustomStringConvertible {
  public let value: UInt32

  public init(value: UInt32) { self.value = value }

  /// Parses exactly eight lowercase or uppercase hex digits.
  public init?<Bytes: Collection>(hex: Bytes) where Bytes.Element == UInt8 {
    guard hex.count == 8 else { return nil }
    var value: UInt32 = 0
    for byte in hex {
      guard let digit = hexDigitValue(byte) else { return nil }
      value = value << 4 | UInt32(digit)
    }
    self.value = value
  }

  /// Eight lowercase hex digits.
  public var description: String {
    SHA256.hexString((0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * $0)) })
  }

  /// The fingerprint of a statement made of `tokens` (byte ranges of its
  /// non-comment tokens in `bytes`).
  static func of(tokens: [Range<Int>], in bytes: [UInt8]) -> StatementFingerprint {
    var hasher = SHA256()
    var scratch: [UInt8] = []
    for range in tokens {
      scratch.removeAll(keepingCapacity: true)
      // Line endings inside a token (a multi-line string or function body)
      // count as LF, so a CRLF conversion is recognised as whitespace-only.
      var index = range.lowerBound
      while index < range.upperBound {
        let byte = bytes[index]
        if byte == 0x0D {
          scratch.append(0x0A)
          if index + 1 < range.upperBound && bytes[index + 1] == 0x0A { index += 1 }
        } else {
          scratch.append(byte)
        }
        index += 1
      }
      // Length-prefix each token so `a` `bc` and `ab` `c` hash differently.
      let length = UInt32(truncatingIfNeeded: scratch.count)
      hasher.update([24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> UInt32($0)) })
      hasher.update(scratch)
    }
    let digest = hasher.finalize()
    return StatementFingerprint(
      value: UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3]))
  }
}

/// One statement of a migration file, reduced to what history checks compare.
public struct StatementSummary: Sendable, Equatable {
  public var fingerprint: StatementFingerprint
  /// The statement's byte range in its file.
  public var range: Range<Int>
  /// 1-based line of the statement's first byte.
  public var line: Int
  /// The start of the statement's first line, whitespace collapsed, for messages.
  public var snippet: String

  /// The statements of a file, in order.
  public static func summarize(_ bytes: [UInt8]) -> [StatementSummary] {
    let source = SourceFile(path: "", bytes: bytes)
    let scanned = ScannedFile(source: source)
    let statements = scanned.statements.map { span in
      (range: span.range, tokens: scanned.tokens[span.tokens].filter { !$0.kind.isTrivia }.map { $0.start..<$0.end })
    }
    return statements.map { statement in
      StatementSummary(
        fingerprint: .of(tokens: statement.tokens, in: bytes), range: statement.range,
        line: source.location(of: statement.range.lowerBound).line,
        snippet: snippet(source.text(statement.range)))
    }
  }

  private static func snippet(_ text: String) -> String {
    let firstLine = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first ?? ""
    let collapsed = firstLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    return collapsed.count > 60 ? String(collapsed.prefix(57)) + "..." : collapsed
  }
}

func hexDigitValue(_ byte: UInt8) -> UInt8? {
  switch byte {
  case 0x30...0x39: return byte - 0x30
  case 0x61...0x66: return byte - 0x61 + 10
  case 0x41...0x46: return byte - 0x41 + 10
  default: return nil
  }
}
