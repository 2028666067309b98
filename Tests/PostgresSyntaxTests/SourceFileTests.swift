import Testing

@testable import PostgresSyntax

@Suite("SourceFile line starts")
struct SourceFileTests {
  static let cases: [(String, [Int])] = [
    ("", [0]),
    ("select 1;", [0]),
    ("a\nb\n", [0, 2, 4]),
    ("a\n\nb", [0, 2, 3]),
    ("a\r\nb\r\n", [0, 3, 6]),
    ("a\rb\rc", [0, 2, 4]),
    ("a\r\n\nb\rc\n", [0, 3, 4, 6, 8]),
    ("\n", [0, 1]),
    ("é\n漢\n", [0, 3, 7]),
  ]

  @Test("LF, CRLF and lone CR each end a line", arguments: cases)
  func lineStarts(_ example: (String, [Int])) {
    let source = SourceFile(path: "t.sql", bytes: Array(example.0.utf8))
    #expect(source.lineStarts == example.1)
  }

  @Test("the LF fast path and the general path agree on random text")
  func fastPathAgrees() {
    var state: UInt64 = 0x1234_5678
    for _ in 0..<200 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(state % 300) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let pick = Int(state >> 59)
        bytes.append(pick < 4 ? 0x0A : 0x61 + UInt8(pick % 26))
      }
      // With one CR appended the general loop runs; both must agree on every LF.
      let plain = SourceFile(path: "t.sql", bytes: bytes).lineStarts
      let withCR = SourceFile(path: "t.sql", bytes: bytes + [0x0D]).lineStarts
      #expect(Array(withCR.dropLast()) == plain)
    }
  }

  @Test("columns count characters, eight bytes at a time or one by one")
  func columnsCountCharacters() {
    var state: UInt64 = 0x9E37_79B9
    let pieces: [[UInt8]] = [[0x61], [0x20], Array("é".utf8), Array("漢".utf8), Array("🐘".utf8), [0x80], [0xFF]]
    for _ in 0..<300 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(state % 90) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes += pieces[Int(state >> 61) % pieces.count]
      }
      let source = SourceFile(path: "t.sql", bytes: bytes)
      for offset in stride(from: 0, through: bytes.count, by: 3) {
        let naive = bytes[0..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        #expect(source.location(of: offset).column == naive)
      }
    }
  }

  @Test("a location found from a hint is the one found by search")
  func locationAfterHint() {
    var state: UInt64 = 0x5EED_1234
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let pieces: [[UInt8]] = [
      [0x61], [0x20], [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), Array("🐘".utf8), [0x80],
      Array(repeating: 0x62, count: 5000),
    ]
    for _ in 0..<200 {
      var bytes: [UInt8] = []
      for _ in 0..<next(120) { bytes += pieces[next(100) < 2 ? pieces.count - 1 : next(pieces.count - 1)] }
      let source = SourceFile(path: "t.sql", bytes: bytes)
      for _ in 0..<40 {
        let hint = source.location(of: next(bytes.count + 3) - 1)
        let offset = next(bytes.count + 3) - 1
        #expect(source.location(of: offset, after: hint) == source.location(of: offset))
        // Near the hint, on its line or a few lines on.
        let near = hint.offset + next(60) - 5
        #expect(source.location(of: near, after: hint) == source.location(of: near))
      }
    }
  }
}
