import PostgresSyntax
import Testing

@testable import MigrationLint

@Suite("JSON writer")
struct JSONWriterTests {
  static let strings: [String] =
    [
      "", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{08}\u{0C}\u{00}\u{01}\u{1F}\u{7F}",
      "line separator \u{2028} paragraph \u{2029}", "é ü 漢字 🐘", "\u{E2}", "ends with \\", "\"",
      "almost \u{2027} and \u{202A}", String(repeating: "x\n", count: 500),
    ]
    // Sixteen bytes (two words) are skipped at a time, then eight: put each
    // special byte at every offset of a step, and U+2028 across a boundary,
    // in strings of every length around a step.
    + (0..<17).flatMap { offset in
      ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\u{2028}", "—", "\u{7F}", "\u{2027}", "\u{2029}"].flatMap { special in
        [0, 7, 17 - offset, 33 - offset].map {
          String(repeating: "a", count: offset) + special + String(repeating: "b", count: $0)
        }
      }
    }

  @Test("escaping on bytes matches the scalar-by-scalar reference", arguments: strings)
  func sameEscaping(_ text: String) throws {
    let sink = ByteSink(capacity: 16)
    JSONEscaping.appendQuoted(text, to: sink)
    var bytes: [UInt8] = []
    sink.move(to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == Self.referenceQuoted(text))
  }

  /// RFC 8259 escaping (plus U+2028/U+2029) one scalar at a time: slow and
  /// obviously right, the oracle for the word-at-a-time escaping.
  static func referenceQuoted(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case "\u{2028}": result += "\\u2028"
      case "\u{2029}": result += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
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

  /// A document written through `body`, as text.
  static func written(_ body: (inout JSONWriter) -> Void) -> String {
    var json = JSONWriter()
    body(&json)
    return String(decoding: json.take(), as: UTF8.self)
  }

  static let tree = JSONValue.object([
    ("a", .int(1)), ("b", .array([])), ("c", .object([])), ("d", .array([.string("x"), .null, .bool(true)])),
    ("e", .object([("nested", .array([.object([("k", .int(-2))])]))])),
  ])

  static let layouts: [(name: String, body: @Sendable (inout JSONWriter) -> Void, expected: String)] = [
    (
      "indented tree, empty containers", { $0.value(tree) },
      """
      {
        "a": 1,
        "b": [],
        "c": {},
        "d": [
          "x",
          null,
          true
        ],
        "e": {
          "nested": [
            {
              "k": -2
            }
          ]
        }
      }
      """
    ),
    (
      "escaped keys and values", { $0.value(.object([("q\"k", .string("a\"\\\u{0}\u{1F}\u{2028}é/"))])) },
      "{\n  \"q\\\"k\": \"a\\\"\\\\\\u0000\\u001f\\u2028é/\"\n}"
    ),
    (
      "inline object with a nested inline array (JSON lines)",
      { json in
        json.beginObject(.inline)
        json.key("file")
        json.string("a.sql")
        json.key("error")
        json.string(nil)
        json.key("ranges")
        json.beginArray()
        for bound in [0, 10] {
          json.beginArray()
          json.int(bound)
          json.int(bound + 5)
          json.endArray()
        }
        json.endArray()
        json.key("empty")
        json.beginArray()
        json.endArray()
        json.endObject()
        json.newline()
      },
      "{\"file\": \"a.sql\", \"error\": null, \"ranges\": [[0, 5], [10, 15]], \"empty\": []}\n"
    ),
    (
      "inline objects inside an indented array",
      { json in
        json.beginArray()
        for id in ["x", "y"] {
          json.beginObject(.inline)
          json.key("id")
          json.string(id)
          json.key("n")
          json.int(1_234_567)
          json.endObject()
        }
        json.endArray()
        json.newline()
      },
      "[\n  {\"id\": \"x\", \"n\": 1234567},\n  {\"id\": \"y\", \"n\": 1234567}\n]\n"
    ),
  ]

  @Test("layouts", arguments: layouts.indices)
  func layout(_ index: Int) {
    let (name, body, expected) = Self.layouts[index]
    #expect(Self.written(body) == expected, "\(name)")
  }

  /// `intObject` writes what the generic calls write, in every layout and
  /// position (first member, after a key, in an array, nested inline).
  @Test("intObject matches beginObject/key/int/endObject", arguments: [false, true])
  func intObjectMatchesGenericCalls(_ inline: Bool) {
    func document(_ object: (inout JSONWriter, Int?) -> Void) -> String {
      Self.written { json in
        json.beginObject(inline ? .inline : .indented)
        json.key("first")
        object(&json, 7)
        json.key("list")
        json.beginArray()
        object(&json, nil)
        object(&json, -3)
        json.beginArray()
        object(&json, 1_000_000)
        json.endArray()
        json.endArray()
        json.endObject()
        json.newline()
      }
    }
    let fast = document { json, value in json.intObject("a", value, "b", 0, "c", value.map { $0 * 2 }) }
    let generic = document { json, value in
      json.beginObject()
      json.key("a")
      if let value { json.int(value) } else { json.null() }
      json.key("b")
      json.int(0)
      json.key("c")
      if let value { json.int(value * 2) } else { json.null() }
      json.endObject()
    }
    #expect(fast == generic)
    #expect(fast.contains(inline ? "{\"a\": 7, \"b\": 0, \"c\": 14}" : "\"a\": null,\n"))
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
