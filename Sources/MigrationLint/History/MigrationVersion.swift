/// A migration version as a runner orders it.
///
/// Runners disagree on ordering: Supabase and golang-migrate compare numbers,
/// Flyway compares dotted numeric parts (`1.10` after `1.9`), dbmate and diesel
/// compare strings. Numeric parts are kept as digit strings (compared by value
/// without overflow), so a 30-digit version is still ordered correctly.
public struct MigrationVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// One part of a version.
  public enum Part: Sendable, Hashable {
    /// Digits with leading zeros removed ("" for zero).
    case number(String)
    case text(String)
  }

  /// The parts, compared left to right; missing numeric parts count as zero.
  public let parts: [Part]
  /// The version as written in the file name.
  public let text: String

  public init(parts: [Part], text: String) {
    // Trailing zero parts do not change a numeric version (Flyway: 1.0 == 1).
    var trimmed = parts
    while trimmed.count > 1, trimmed.last == .number("") { trimmed.removeLast() }
    self.parts = trimmed
    self.text = text
  }

  /// A single numeric part.
  static func number(_ digits: Substring) -> MigrationVersion {
    MigrationVersion(parts: [.number(stripZeros(digits))], text: String(digits))
  }

  /// A single text part, compared as a string.
  static func text(_ value: String) -> MigrationVersion {
    MigrationVersion(parts: [.text(value)], text: value)
  }

  static func stripZeros(_ digits: Substring) -> String {
    String(digits.drop(while: { $0 == "0" }))
  }

  public var description: String { text }

  /// A version as written by a user (`baseline: 20240131120000`, Flyway's
  /// `1.2` or `1_2`): parts split at `.` and `_`, numeric ones compared by
  /// value. Nil when empty or when it holds anything but letters, digits,
  /// dots and underscores.
  public static func parse(_ text: String) -> MigrationVersion? {
    let pieces = text.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "_" }
    guard !text.isEmpty, pieces.allSatisfy({ !$0.isEmpty }) else { return nil }
    var parts: [Part] = []
    for piece in pieces {
      guard piece.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
      else { return nil }
      if piece.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        parts.append(.number(stripZeros(piece)))
      } else {
        parts.append(.text(String(piece)))
      }
    }
    return MigrationVersion(parts: parts, text: text)
  }

  public static func == (lhs: MigrationVersion, rhs: MigrationVersion) -> Bool {
    lhs.parts == rhs.parts
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(parts)
  }

  public static func < (lhs: MigrationVersion, rhs: MigrationVersion) -> Bool {
    let count = max(lhs.parts.count, rhs.parts.count)
    for index in 0..<count {
      let left = index < lhs.parts.count ? lhs.parts[index] : .number("")
      let right = index < rhs.parts.count ? rhs.parts[index] : .number("")
      if left == right { continue }
      return Self.less(left, right)
    }
    return false
  }

  private static func less(_ left: Part, _ right: Part) -> Bool {
    switch (left, right) {
    case (.number(let l), .number(let r)):
      if l.utf8.count != r.utf8.count { return l.utf8.count < r.utf8.count }
      return l.utf8.lexicographicallyPrecedes(r.utf8)
    case (.text(let l), .text(let r)):
      return l.utf8.lexicographicallyPrecedes(r.utf8)
    case (.number, .text):
      return true
    case (.text, .number):
      return false
    }
  }
}
