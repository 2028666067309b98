import Testing

@testable import MigrationLint

/// SplitMix64: a tiny deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct YAMLFuzzTests {
  static let fragments: [[UInt8]] =
    [
      "a", "key", ":", ": ", " ", "  ", "- ", "-", "\n", "\r\n", "\r", "\t", "[", "]", "{", "}", ",", "'", "\"",
      "\\", "\\u00", "#", " #", "&x", "*", "!", "|", ">", "?", "%", "---", "...", "é", "rules:", "\n  ", "\n    ",
      "off", "15", "''",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x00]]

  /// Random documents never trap; every failure is a positioned `ConfigurationError`.
  @Test func randomDocumentsFailCleanly() {
    var generator = SplitMix64(state: 7)
    var accepted = 0
    var rejected = 0
    for _ in 0..<3000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 1...40, using: &generator) {
        bytes += YAMLFuzzTests.fragments.randomElement(using: &generator) ?? []
      }
      let lineCount = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
      do {
        _ = try Configuration.parse(bytes: bytes, path: "f.yml", knownRuleIDs: ["a"])
        accepted += 1
      } catch let error as ConfigurationError {
        rejected += 1
        #expect(error.line >= 1 && error.line <= lineCount, "\(error) for \(bytes)")
        #expect(error.column >= 1, "\(error) for \(bytes)")
        #expect(!error.message.isEmpty)
      } catch {
        Issue.record("unexpected error type \(error) for \(bytes)")
      }
    }
    // Both paths must actually be exercised for the test to mean anything.
    #expect(accepted > 0 && rejected > 0)
  }
}
