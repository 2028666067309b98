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
}
