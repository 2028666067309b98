import PostgresSyntax
import Testing

@testable import MigrationLint

@Suite("JSON output on bytes")
struct JSONOutputTests {
  static let strings: [String] =
    [
      "", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{08}\u{0C}\u{00}\u{01}\u{1F}\u{7F}",
      "line separator \u{2028} paragraph \u{2029}", "é ü 漢字 🐘", "\u{E2}", "ends with \\", "\"",
      "almost \u{2027} and \u{202A}", String(repeating: "x\n", count: 500),
    ]
    // Eight bytes are skipped at a time: put each special byte at every
    // offset of a word, and U+2028 across a word boundary.
    + (0..<9).flatMap { offset in
      ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\u{2028}", "—", "\u{7F}"].map {
        String(repeating: "a", count: offset) + $0 + String(repeating: "b", count: 17 - offset)
      }
    }

  @Test("appendQuoted writes exactly what quoted returns", arguments: strings)
  func sameEscaping(_ text: String) throws {
    var bytes: [UInt8] = []
    JSONText.appendQuoted(text, to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == JSONText.quoted(text))
  }

  @Test("the byte sink keeps every byte across growth and moves")
  func byteSink() {
    let sink = ByteSink(capacity: 16)
    var expected: [UInt8] = []
    var moved: [UInt8] = []
    for round in 0..<200 {
      let chunk = (0..<(round % 37)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ round) }
      chunk.withUnsafeBufferPointer { sink.append($0) }
      sink.append(UInt8(truncatingIfNeeded: round))
      sink.append(0x20, repeating: round % 5)
      expected += chunk + [UInt8(truncatingIfNeeded: round)] + [UInt8](repeating: 0x20, count: round % 5)
      if round % 50 == 49 { sink.move(to: &moved) }
    }
    sink.move(to: &moved)
    #expect(moved == expected)
    #expect(sink.count == 0)
  }

  @Test("streamed documents match the tree serializer, empty containers included")
  func matchesTreeSerializer() {
    let value = JSONValue.object([
      ("a", .int(1)), ("b", .array([])), ("c", .object([])), ("d", .array([.string("x"), .null, .bool(true)])),
      ("e", .object([("nested", .array([.object([("k", .int(-2))])]))])),
    ])
    var output = JSONOutput()
    output.value(value)
    output.newline()
    #expect(String(decoding: output.take(), as: UTF8.self) == value.serialized())
  }

  @Test("taking output between files does not change it, in every format")
  func streamingEqualsWholeRender() {
    for (report, format) in [ReportFixtures.sample, ReportFixtures.awkward].flatMap({ report in
      ReportFormat.allCases.map { (report, $0) }
    }) {
      var writer = format.makeWriter(rules: report.rules, toolVersion: report.toolVersion)
      var streamed: [UInt8] = writer.takeOutput()
      for file in report.orderedFiles {
        writer.add(file)
        streamed += writer.takeOutput()
      }
      writer.finish(summary: report.summary)
      streamed += writer.takeOutput()
      #expect(String(decoding: streamed, as: UTF8.self) == report.rendered(as: format), "\(format)")
    }
  }
}
