import PostgresSyntax
import Testing

/// SplitMix64: a tiny deterministic generator, so a failing input can be
/// reproduced from its seed.
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

@Suite("Lexer and splitter properties")
struct LexerPropertyTests {
  /// Fragments that open, close or confuse every lexical context, plus
  /// bytes PostgreSQL rejects; random sequences of them stress recovery.
  static let fragments: [[UInt8]] =
    [
      "select", " ", "\n", "\r\n", "\t", "'", "''", "\"", "$", "$$", "$a$", "$1", "E'", "\\'", "\\", "B'", "X'",
      "N'", "U&'", "U&\"", "UESCAPE", "--", "/*", "*/", ";", "(", ")", "[", "]", ":", "::", ":=", "=>", ".", "..",
      "1", "0x", "1e", "_", "+", "-", "@", "|", "begin", "atomic", "end", "case", "create", "function", "\\set x",
      ":'v'", ":\"v\"", ":v", "é", "日",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xEF, 0xBB, 0xBF], [0x01], [0x0C]]

  static func randomInput(seed: UInt64) -> [UInt8] {
    var generator = SplitMix64(state: seed)
    var bytes: [UInt8] = []
    let pieces = Int.random(in: 0...60, using: &generator)
    for _ in 0..<pieces {
      if Int.random(in: 0..<10, using: &generator) == 0 {
        bytes.append(UInt8.random(in: 0...255, using: &generator))
      } else if let fragment = fragments.randomElement(using: &generator) {
        bytes += fragment
      }
    }
    return bytes
  }

  @Test("every byte is whitespace or inside exactly one token; statements are sorted and disjoint")
  func coverageOnGeneratedInput() {
    for seed in UInt64(0)..<3000 {
      let bytes = Self.randomInput(seed: seed)
      let result = Lexer.tokenize(bytes)
      let tokenProblems = tokenInvariantViolations(bytes, result)
      #expect(tokenProblems == [], "seed \(seed): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
      let statements = StatementSplitter.split(tokens: result.tokens, bytes: bytes)
      let statementProblems = statementInvariantViolations(bytes, result.tokens, statements)
      #expect(statementProblems == [], "seed \(seed): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
      if !tokenProblems.isEmpty || !statementProblems.isEmpty { return }
    }
  }

  @Test("token texts and the whitespace between them reassemble the input")
  func roundTrip() {
    for seed in UInt64(10_000)..<10_500 {
      let bytes = Self.randomInput(seed: seed)
      let tokens = Lexer.tokenize(bytes).tokens
      var rebuilt: [UInt8] = []
      var position = 0
      for token in tokens where token.start >= position && token.end <= bytes.count {
        rebuilt += bytes[position..<token.start].filter(isPostgresWhitespace)
        rebuilt += bytes[token.start..<token.end]
        position = token.end
      }
      rebuilt += bytes[min(position, bytes.count)...].filter(isPostgresWhitespace)
      #expect(rebuilt == bytes, "seed \(seed)")
      if rebuilt != bytes { return }
    }
  }

  @Test("input denser than one token per four bytes keeps every token, in order")
  func denseInput() {
    // One token per byte: more tokens than the lexer's first estimate.
    let sql = String(repeating: "a,", count: 600) + "$1abc;(" + String(repeating: ")", count: 50) + "$2x"
    let bytes = Array(sql.utf8)
    let result = Lexer.tokenize(bytes)
    #expect(result.tokens.count == 1200 + 2 + 1 + 50 + 1)
    #expect(tokenInvariantViolations(bytes, result) == [])
    let junk = result.tokens.filter { $0.kind == .parameter }.map { String(decoding: bytes[$0.range], as: UTF8.self) }
    #expect(junk == ["$1abc", "$2x"])
    #expect(result.errors.map(\.kind) == [.trailingJunkAfterParameter, .trailingJunkAfterParameter])
  }
}
