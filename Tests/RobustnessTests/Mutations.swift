import PostgresSyntax

/// Ways of breaking a valid file, each aimed at a lexer or parser context:
/// opening a string, identifier, dollar quote or comment that never closes,
/// bytes PostgreSQL rejects, and plain random damage.
enum Mutation {
  /// Inserted fragments. Each one opens or confuses a lexical context.
  static let fragments: [[UInt8]] =
    [
      "'", "$$", "/*", "\"", "E'", "$x$", "--", "*/", ";", "(", ")", "\\", "\n\\set x 1\n", "U&'", "B'", "X'",
      "begin atomic", "end", "case", "::", "e'\\", "$1", "1e", "0x",
    ].map { Array($0.utf8) }
    + [
      [0x00],  // NUL
      [0xFF],  // never valid in UTF-8
      [0x80],  // lone continuation byte
      [0xC0, 0x80],  // overlong NUL
      [0xE2, 0x82],  // truncated 3-byte sequence
      [0xED, 0xA0, 0x80],  // UTF-16 surrogate encoded in UTF-8
      [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
      [0xEF, 0xBB, 0xBF],  // byte order mark in the middle
    ]

  /// `count` mutants of `bytes`, all derived from `seed`.
  static func mutants(of bytes: [UInt8], seed: UInt64, count: Int) -> [(label: String, bytes: [UInt8])] {
    var generator = SplitMix64(seed: seed)
    var result: [(String, [UInt8])] = []
    for number in 0..<count {
      var mutant = bytes
      var steps: [String] = []
      // One to three damage steps per mutant, so contexts interact.
      for _ in 0...generator.index(3) {
        steps.append(mutate(&mutant, using: &generator))
      }
      result.append(("mutant \(number) [\(steps.joined(separator: ", "))]", mutant))
    }
    return result
  }

  /// Applies one random mutation and describes it.
  static func mutate(_ bytes: inout [UInt8], using generator: inout SplitMix64) -> String {
    let position = generator.index(bytes.count + 1)
    switch generator.index(6) {
    case 0, 1:
      let fragment = fragments[generator.index(fragments.count)]
      bytes.insert(contentsOf: fragment, at: position)
      return "insert \(fragment) at \(position)"
    case 2:
      guard !bytes.isEmpty else { return "flip nothing" }
      let index = min(position, bytes.count - 1)
      let bit = UInt8(1) << UInt8(generator.index(8))
      bytes[index] ^= bit
      return "flip bit \(bit) at \(index)"
    case 3:
      guard !bytes.isEmpty else { return "set nothing" }
      let index = min(position, bytes.count - 1)
      bytes[index] = UInt8.random(in: 0...255, using: &generator)
      return "set byte \(bytes[index]) at \(index)"
    case 4:
      bytes.removeSubrange(position...)
      return "truncate at \(position)"
    default:
      let end = min(bytes.count, position + generator.index(64) + 1)
      guard position < end else { return "delete nothing" }
      bytes.removeSubrange(position..<end)
      return "delete \(position)..<\(end)"
    }
  }

  /// Every prefix of `bytes` that ends at a token boundary (start or end of
  /// a token), plus the empty file.
  static func tokenBoundaryPrefixes(of bytes: [UInt8]) -> [Int] {
    var cuts = Set([0, bytes.count])
    for token in Lexer.tokenize(bytes).tokens {
      cuts.insert(token.start)
      cuts.insert(token.end)
    }
    return cuts.sorted()
  }
}
