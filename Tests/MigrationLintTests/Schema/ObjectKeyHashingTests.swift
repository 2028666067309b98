import MigrationLint
import Testing

@Suite("ObjectKey hashing agrees with ==")
struct ObjectKeyHashingTests {
  /// Pairs of names that `String ==` finds equal (canonical equivalence),
  /// written differently.
  static let equalNames: [(String, String)] = [
    ("users", "users"),
    ("Kelvin", "\u{212A}elvin"),  // KELVIN SIGN decomposes to K
    ("a;b", "a\u{037E}b"),  // GREEK QUESTION MARK decomposes to ;
    ("q`", "q\u{1FEF}"),  // GREEK VARIA decomposes to a backquote
    ("caf\u{E9}", "cafe\u{301}"),  // precomposed and decomposed é
    ("a_much_longer_table_name_than_fits_inline", "a_much_longer_table_name_than_fits_inline"),
  ]

  @Test("equal keys hash alike and find each other", arguments: equalNames)
  func equalKeys(first: String, second: String) {
    let one = ObjectKey(schema: "public", name: first)
    let other = ObjectKey(schema: "public", name: second)
    #expect(one == other)
    #expect(one.hashValue == other.hashValue)
    let dictionary = [one: 1]
    #expect(dictionary[other] == 1)
    #expect(Set([one, other]).count == 1)
  }

  @Test("keys differing in schema or name are different")
  func differentKeys() {
    let keys = [
      ObjectKey(schema: "public", name: "users"), ObjectKey(schema: "auth", name: "users"),
      ObjectKey(schema: "public", name: "Users"), ObjectKey(schema: "public", name: "users\u{301}"),
      ObjectKey(schema: "public", name: "K"), ObjectKey(schema: "public", name: "k"),
    ]
    var dictionary: [ObjectKey: Int] = [:]
    for (index, key) in keys.enumerated() { dictionary[key] = index }
    #expect(dictionary.count == keys.count)
    for (index, key) in keys.enumerated() { #expect(dictionary[key] == index) }
  }
}
