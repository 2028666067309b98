import Testing

@testable import MigrationLint

/// Default and check expressions are compared in a normal form: lower case,
/// whitespace runs collapsed, enclosing parentheses removed.
@Suite("Expression normal form")
struct ExpressionNormalizationTests {
  static let cases: [(String, String)] = [
    ("email IS NOT NULL", "email is not null"),
    ("((email IS NOT NULL))", "email is not null"),
    ("( email\n\tIS  NOT\r\nNULL )", "email is not null"),
    ("(a) = (b)", "(a) = (b)"),
    ("((a) = (b))", "(a) = (b)"),
    ("(a > 0) AND (b > 0)", "(a > 0) and (b > 0)"),
    ("(x <> ')')", "x <> ')'"),
    ("('(' || x)", "'(' || x"),
    ("(\"A)\" IS NOT NULL)", "\"a)\" is not null"),
    ("()", ""),
    ("(", "("),
    ("", ""),
    ("ÉTAT = 'Ü'", "état = 'ü'"),
    ("(( (a)) = ((b) ))", "( (a)) = ((b) )"),
    ("(((a)))) (", "(((a)))) ("),
    ("((')' ))", "')'"),
  ]

  /// Issue 21: peeling each layer rescanned the expression (25,000 layers
  /// took seconds). Every layer is still peeled, and only enclosing ones.
  @Test("deep nesting is peeled whole", arguments: [1, 2, 1_000, 100_000])
  func deepNesting(depth: Int) {
    let open = String(repeating: "(", count: depth)
    let close = String(repeating: ")", count: depth)
    #expect(SchemaState.normalize(open + "c > 0" + close) == "c > 0")
    #expect(
      SchemaState.normalize(open + "a" + close + " = " + open + "b" + close) == open + "a" + close + " = " + open + "b"
        + close)
  }

  @Test("normal form", arguments: cases)
  func normalForm(_ example: (String, String)) {
    #expect(SchemaState.normalize(example.0) == example.1)
  }

  @Test(
    "null constants",
    arguments: [("NULL", true), ("(null)", true), ("NULL::text", true), ("'null'", false), ("(a) is null", false)])
  func nullConstants(_ example: (String, Bool)) {
    #expect(SchemaState.isNullConstant(example.0) == example.1)
  }
}
