/// Stable identities for diagnostics, used by GitLab Code Quality (which
/// tracks issues across pipelines by fingerprint) and SARIF partial fingerprints.
public enum Fingerprint {
  /// 64-bit FNV-1a of `text`'s UTF-8 bytes as 16 lowercase hex digits. Not
  /// cryptographic: it only has to tell findings apart, and Foundation on
  /// Linux has no digest functions.
  static func fnv1a64(_ text: String) -> String {
    let hex = String(fnv1a64(bytes: text.utf8), radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// One fingerprint per diagnostic of `file` (in `file.diagnostics` order).
  ///
  /// Hashes the rule id, the path, the flagged text with whitespace runs
  /// collapsed, and the occurrence index among identical (rule, text) pairs
  /// in the file. Line numbers are left out on purpose: adding a line above a
  /// finding, or moving any other file, leaves its fingerprint unchanged.
  static func fingerprints(for file: FileReport) -> [String] {
    var seen: [String: Int] = [:]
    return file.diagnostics.map { diagnostic in
      let key = [diagnostic.ruleID, file.path, flaggedText(diagnostic, in: file)].joined(separator: "\u{0}")
      let occurrence = seen[key, default: 0]
      seen[key] = occurrence + 1
      return fnv1a64(key + "\u{0}" + String(occurrence))
    }
  }

  static func flaggedText(_ diagnostic: Diagnostic, in file: FileReport) -> String {
    guard let source = file.source, !diagnostic.range.isEmpty else { return diagnostic.message }
    let raw = source.text(diagnostic.range)
    return raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
      .joined(separator: " ")
  }

  /// 64-bit FNV-1a of `bytes` (also how a waiting report recognises that
  /// its file changed during the run).
  public static func fnv1a64(bytes: some Sequence<UInt8>) -> UInt64 {
    var hash = fnv64OffsetBasis
    for byte in bytes { hash = fnv1a64(hash, byte) }
    return hash
  }

  /// FNV-1a's 64-bit starting value, for hashing a byte at a time.
  static let fnv64OffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

  /// One FNV-1a step: `hash` with `byte` mixed in.
  @inline(__always) static func fnv1a64(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
    (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
  }
}
