import PostgresSyntax
import Testing

@Suite("Lexer: isPlainText")
struct LexerPlainTextTests {
  /// What `isPlainText` must say: valid UTF-8 with no NUL, DEL or control
  /// byte other than tab, line feed, form feed and carriage return.
  static func expected(_ bytes: [UInt8]) -> Bool {
    let controls = bytes.contains { ($0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0)) || $0 == 0x7F }
    return !controls && String(validating: bytes, as: UTF8.self) != nil
  }

  /// Every byte value at several offsets of texts of several lengths, so that
  /// the byte falls in the 64-byte vector loop, the word loop and the tail.
  @Test("a single odd byte anywhere is seen, and only a suspicious one counts")
  func everyByteEverywhere() {
    let line = Array("select id, name from users where id = 1;\n\t-- comment\r\n".utf8)
    for length in [5, 63, 64, 70, 130, 200] {
      let text = (0..<length).map { line[$0 % line.count] }
      #expect(Lexer.tokenize(text).isPlainText)
      for offset in Set([0, 1, 7, 8, 15, 31, 62, 63, 64, 65, 100, length - 1]) where offset < length {
        for byte in UInt8.min...UInt8.max {
          var bytes = text
          bytes[offset] = byte
          #expect(Lexer.tokenize(bytes).isPlainText == Self.expected(bytes), "byte \(byte) at \(offset) of \(length)")
        }
      }
    }
  }

  @Test("multi-byte UTF-8 text is plain; a control byte next to it is not")
  func utf8Neighbours() {
    let text = Array("-- café ✓ 𝄞 commentaire accentué assez long pour le chemin vectoriel\nselect 1;\n".utf8)
    #expect(Lexer.tokenize(text).isPlainText)
    for offset in [text.count - 1, 3, 20, 40] {
      var bytes = text
      bytes.insert(0x01, at: offset)
      #expect(!Lexer.tokenize(bytes).isPlainText)
    }
    #expect(!Lexer.tokenize(text + [0xC3]).isPlainText)
  }
}
