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
}
