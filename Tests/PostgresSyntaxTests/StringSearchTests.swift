import Testing

@testable import PostgresSyntax

@Suite("Byte-wise substring search")
struct StringSearchTests {
  static let cases: [(String, String, Bool)] = [
    ("security_invoker = true", "security_invoker", true),
    ("security_invoker=false", "security_invoker=false", true),
    ("security_invoke", "security_invoker", false),
    ("", "", true),
    ("abc", "", true),
    ("", "a", false),
    ("aab", "ab", true),
    ("ababac", "abac", true),
    ("é$$x", "$$", true),
    ("漢字テキスト", "テキ", true),
    ("path/revert/x.sql", "/verify/", false),
  ]

  @Test("agrees with the standard library", arguments: cases)
  func search(_ example: (String, String, Bool)) {
    let (text, needle, expected) = example
    #expect(text.utf8.containsSubsequence(needle.utf8) == expected)
    #expect(text.contains(needle) == expected || needle.isEmpty)
  }

  @Test("utf8Precedes is byte order, like lexicographicallyPrecedes on the UTF-8 views")
  func byteOrder() {
    let words = ["", "a", "a/b.sql", "a-b", "a/", "A", "é", "e\u{301}", "z", "20240101_x.sql", "2024010_x.sql", "漢"]
    for left in words {
      for right in words {
        #expect(left.utf8Precedes(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left) vs \(right)")
      }
    }
  }

  static let words = ["", "a", "a/b.sql", "a/", "/a", "x.up.sql", ".sql", "é/漢.sql", "e\u{301}/x", "a//b", "//"]

  @Test("utf8HasPrefix and utf8HasSuffix agree with the UTF-8 views")
  func prefixAndSuffix() {
    for text in Self.words {
      for part in Self.words {
        #expect(text.utf8HasPrefix(part) == text.utf8.starts(with: part.utf8), "\(text) / \(part)")
        #expect(
          text.utf8HasSuffix(part) == text.utf8.reversed().starts(with: part.utf8.reversed()), "\(text) / \(part)")
      }
    }
  }

  @Test("utf8Split, utf8LastComponent and utf8Replacing split on bytes, as the UTF-8 view does")
  func splitting() {
    for text in Self.words {
      for omitting in [true, false] {
        let expected = text.utf8.split(separator: 0x2F, omittingEmptySubsequences: omitting).map { String($0) }
        let pieces = text.utf8Split(separator: 0x2F, omittingEmptySubsequences: omitting).map(String.init)
        #expect(pieces == expected, "\(text)")
      }
      let last = text.utf8.split(separator: 0x2F, omittingEmptySubsequences: false).last.map { String($0) }
      #expect(String(text.utf8LastComponent(separator: 0x2F)) == last ?? "", "\(text)")
      let replaced = text.utf8.split(separator: 0x2F, omittingEmptySubsequences: false).map { String($0) ?? "" }
      #expect(text.utf8Replacing(0x2F, with: "\n  ") == replaced.joined(separator: "\n  "), "\(text)")
    }
  }
}
