import Testing

@testable import MigrationLint

/// A compact, unambiguous rendering of a node: `~` for null, quotes kept as
/// written (unless `keepStyle` is false), `[...]` for lists and `{k: v}` for maps.
func render(_ node: YAMLNode, keepStyle: Bool = true) -> String {
  switch node.content {
  case .null: return "~"
  case .scalar(let text, _) where !keepStyle: return text
  case .scalar(let text, .plain): return text
  case .scalar(let text, .singleQuoted): return "'\(text)'"
  case .scalar(let text, .doubleQuoted): return "\"\(text)\""
  case .list(let items): return "[" + items.map { render($0, keepStyle: keepStyle) }.joined(separator: ", ") + "]"
  case .map(let entries):
    return "{" + entries.map { "\($0.key): \(render($0.value, keepStyle: keepStyle))" }.joined(separator: ", ") + "}"
  }
}

@Suite struct YAMLReaderTests {
  struct Valid: CustomTestStringConvertible, Sendable {
    let yaml: String
    let expected: String
    var testDescription: String { yaml.debugDescription }
  }

  static let valid: [Valid] = [
    Valid(yaml: "", expected: "~"),
    Valid(yaml: "# only a comment\n\n", expected: "~"),
    Valid(yaml: "hello", expected: "hello"),
    Valid(yaml: "a: b", expected: "{a: b}"),
    Valid(yaml: "a: b\nc: d\n", expected: "{a: b, c: d}"),
    Valid(
      yaml: "rules:\n  x: off\n  y:\n    severity: warning\n",
      expected: "{rules: {x: off, y: {severity: warning}}}"),
    Valid(yaml: "l:\n  - a\n  - b\n", expected: "{l: [a, b]}"),
    Valid(yaml: "l:\n- a\n- b\nc: d\n", expected: "{l: [a, b], c: d}"),
    Valid(yaml: "l: [a, 'b c', \"d\\te\"]", expected: "{l: [a, 'b c', \"d\te\"]}"),
    Valid(yaml: "l: []\nm: {}", expected: "{l: [], m: {}}"),
    Valid(yaml: "r: {severity: warning, max: 3}", expected: "{r: {severity: warning, max: 3}}"),
    Valid(yaml: "a:\nb: c\nd:", expected: "{a: ~, b: c, d: ~}"),
    Valid(yaml: "a: b # comment\n  # indented comment\nc: 'x # y' # z\n", expected: "{a: b, c: 'x # y'}"),
    Valid(yaml: "a: b#c", expected: "{a: b#c}"),
    Valid(yaml: "a: 'it''s'", expected: "{a: 'it's'}"),
    Valid(yaml: "a: \"\\u00e9\\x41\\\\ \\\"q\\\"\"", expected: "{a: \"éA\\ \"q\"\"}"),
    Valid(yaml: "- name: a\n  level: b\n- name: c\n", expected: "[{name: a, level: b}, {name: c}]"),
    Valid(yaml: "- - a\n  - b\n- c\n", expected: "[[a, b], c]"),
    Valid(yaml: "l:\n  -\n  - b\n  -\n", expected: "{l: [~, b, ~]}"),
    Valid(yaml: "l:\n  -\n    x: 1\n", expected: "{l: [{x: 1}]}"),
    Valid(yaml: "---\na: b\n", expected: "{a: b}"),
    Valid(yaml: "--- # start\na: b\n", expected: "{a: b}"),
    Valid(yaml: "a: b\r\nc: d\r\n", expected: "{a: b, c: d}"),
    Valid(yaml: "a: b\rc: d", expected: "{a: b, c: d}"),
    Valid(yaml: "\u{FEFF}a: b", expected: "{a: b}"),
    Valid(yaml: "url: http://x:80/y", expected: "{url: http://x:80/y}"),
    Valid(yaml: "include: ['**/*.sql', \"*.sql\", a*]", expected: "{include: ['**/*.sql', \"*.sql\", a*]}"),
    Valid(yaml: "a:\tb", expected: "{a: b}"),
    Valid(yaml: "a: [[1, 2], {b: c}, [ ]]", expected: "{a: [[1, 2], {b: c}, []]}"),
    Valid(yaml: "a: [x, ]", expected: "{a: [x]}"),
    Valid(yaml: "'a b': c\n\"d\": e", expected: "{a b: c, d: e}"),
    Valid(yaml: "a: -5\nb: x-y", expected: "{a: -5, b: x-y}"),
    Valid(yaml: "a: {k: , j: v}", expected: "{a: {k: ~, j: v}}"),
    Valid(yaml: "  a: b\n  c: d\n", expected: "{a: b, c: d}"),
    Valid(yaml: "a:\n  b:\n    c: [d]\ne: f\n", expected: "{a: {b: {c: [d]}}, e: f}"),
  ]

  @Test(arguments: valid)
  func parsesValidDocuments(_ row: Valid) throws {
    let node = try YAMLReader.parse(row.yaml, path: "t.yml")
    #expect(render(node) == row.expected)
  }

  struct Invalid: CustomTestStringConvertible, Sendable {
    let yaml: String
    let line: Int
    let column: Int
    let message: String
    var testDescription: String { yaml.debugDescription }
  }

  static let invalid: [Invalid] = [
    Invalid(
      yaml: "a: &x b", line: 1, column: 4, message: "anchors ('&name') are not supported; write the value out in full"),
    Invalid(
      yaml: "a: *.sql", line: 1, column: 4,
      message: "aliases ('*name') are not supported; if this is a glob, quote it: '*.sql'"),
    Invalid(yaml: "a: !!str b", line: 1, column: 4, message: "tags ('!tag') are not supported"),
    Invalid(
      yaml: "&a k: v", line: 1, column: 1, message: "anchors ('&name') are not supported; write the value out in full"),
    Invalid(
      yaml: "a: b\n---\nc: d", line: 2, column: 1,
      message: "multiple documents ('---') are not supported: the configuration is one document"),
    Invalid(
      yaml: "---\n---\n", line: 2, column: 1,
      message: "multiple documents ('---') are not supported: the configuration is one document"),
    Invalid(
      yaml: "a:\n\tb: c", line: 2, column: 1, message: "tab characters are not allowed for indentation; use spaces"),
    Invalid(
      yaml: "a:\n  \tb: c", line: 2, column: 3, message: "tab characters are not allowed for indentation; use spaces"),
    Invalid(
      yaml: "a:\n    b: c\n  d: e", line: 3, column: 3,
      message: "bad indentation: found 2 spaces, expected 0 to continue the mapping that starts on line 1"),
    Invalid(
      yaml: "runner: supabase\n  x: y", line: 2, column: 3,
      message: "bad indentation: found 2 spaces, expected 0 to continue the mapping that starts on line 1"),
    Invalid(
      yaml: "a:\n  - b\n   - c", line: 3, column: 4,
      message: "bad indentation: found 3 spaces, expected 2 to continue the list that starts on line 2"),
    Invalid(
      yaml: "  a: b\nc: d", line: 2, column: 1,
      message: "bad indentation: found 0 spaces, expected 2 to continue the mapping that starts on line 1"),
    Invalid(yaml: "a: b\na: c", line: 2, column: 1, message: "duplicate key 'a' (first defined on line 1)"),
    Invalid(yaml: "a: {b: 1, b: 2}", line: 1, column: 11, message: "duplicate key 'b'"),
    Invalid(
      yaml: "a: 'b", line: 1, column: 4,
      message: "unterminated single-quoted string (quoted values must end on the same line)"),
    Invalid(
      yaml: "a: \"b", line: 1, column: 4,
      message: "unterminated double-quoted string (quoted values must end on the same line)"),
    Invalid(
      yaml: "a: [b, c\n  , d]", line: 1, column: 4,
      message: "unterminated flow list: ']' must be on the same line (multi-line flow lists are not supported)"),
    Invalid(
      yaml: "a: {b: c", line: 1, column: 4,
      message: "unterminated flow map: '}' must be on the same line (multi-line flow maps are not supported)"),
    Invalid(
      yaml: "a: |\n  x", line: 1, column: 4,
      message: "block scalars ('|' and '>') are not supported; write the value on one line"),
    Invalid(yaml: "a: \"\\q\"", line: 1, column: 5, message: "unknown escape '\\q' in a double-quoted string"),
    Invalid(yaml: "a: \"\\u12\"", line: 1, column: 5, message: "the escape '\\u' needs 4 hexadecimal digits"),
    Invalid(
      yaml: "a: b: c", line: 1, column: 5,
      message: "unexpected ':' in a plain value; quote the value if the ':' belongs to it"),
    Invalid(yaml: "a: b\nc", line: 2, column: 1, message: "expected a 'key: value' entry"),
    Invalid(
      yaml: "a: b\n- c", line: 2, column: 1,
      message: "unexpected list item: the mapping that starts on line 1 expects 'key: value'"),
    Invalid(yaml: "- a\nb: c", line: 2, column: 1, message: "expected a list item ('- ') like the one on line 1"),
    Invalid(
      yaml: "a:\n  b\n  c", line: 3, column: 3,
      message: "the value on line 2 continues here; multi-line values are not supported, write it on one line"),
    Invalid(
      yaml: "- a\n  b", line: 2, column: 3,
      message: "the value on line 1 continues here; multi-line values are not supported, write it on one line"),
    Invalid(yaml: "a: b\n...\n", line: 2, column: 1, message: "the document end marker '...' is not supported"),
    Invalid(yaml: "%YAML 1.2\na: b", line: 1, column: 1, message: "directives ('%') are not supported"),
    Invalid(
      yaml: "--- a", line: 1, column: 5, message: "content after '---' is not supported; start it on the next line"),
    Invalid(yaml: "a: [b: c]", line: 1, column: 6, message: "key: value pairs inside a flow list are not supported"),
    Invalid(
      yaml: "a: [b c d", line: 1, column: 4,
      message: "unterminated flow list: ']' must be on the same line (multi-line flow lists are not supported)"),
    Invalid(yaml: "a: [b] c", line: 1, column: 8, message: "unexpected text after the value"),
    Invalid(yaml: "a: 'b'#c", line: 1, column: 7, message: "a comment needs whitespace before '#'"),
    Invalid(yaml: "? a\n: b", line: 1, column: 1, message: "complex keys ('? ') are not supported"),
    Invalid(
      yaml: "a: - b", line: 1, column: 4,
      message: "a list item ('- ') cannot start here; put each item on its own line"),
    Invalid(yaml: "a: @b", line: 1, column: 4, message: "a plain value cannot start with '@'; quote it"),
    Invalid(yaml: "a: [b,, c]", line: 1, column: 7, message: "unexpected ','"),
    Invalid(yaml: ": b", line: 1, column: 1, message: "empty key"),
    Invalid(
      yaml: "é: [x\n", line: 1, column: 4,
      message: "unterminated flow list: ']' must be on the same line (multi-line flow lists are not supported)"),
    Invalid(
      yaml: String(repeating: "[", count: 100), line: 1, column: 64,
      message: "nesting is too deep (more than 64 levels)"),
  ]

  @Test(arguments: invalid)
  func rejectsInvalidDocuments(_ row: Invalid) {
    #expect(throws: ConfigurationError(path: "t.yml", line: row.line, column: row.column, message: row.message)) {
      try YAMLReader.parse(row.yaml, path: "t.yml")
    }
  }

  @Test func rejectsInvalidUTF8WithItsColumn() {
    let bytes: [UInt8] = Array("a: b\nc: é".utf8) + [0xFF]
    #expect(throws: ConfigurationError(path: "t.yml", line: 2, column: 5, message: "invalid UTF-8")) {
      try YAMLReader.parse(bytes: bytes, path: "t.yml")
    }
  }

  @Test func nodesRememberLineAndColumn() throws {
    let root = try YAMLReader.parse("# header\né: [a, 'b']\nlist:\n  - x\n  - k: v\nempty:\n", path: "t.yml")
    let entries = try #require(root.entries)
    #expect((root.line, root.column) == (2, 1))
    #expect((entries[0].keyLine, entries[0].keyColumn) == (2, 1))
    let flow = try #require(root["é"])
    #expect((flow.line, flow.column) == (2, 4))
    let items = try #require(flow.list)
    #expect(items.map { [$0.line, $0.column] } == [[2, 5], [2, 8]])
    let list = try #require(root["list"])
    #expect((list.line, list.column) == (4, 3))
    let compact = try #require(list.list?[1])
    #expect((compact.line, compact.column) == (5, 5))
    #expect(compact.entries?.first.map { [$0.keyLine, $0.keyColumn, $0.value.column] } == [5, 5, 8])
    let empty = try #require(root["empty"])
    #expect(empty.isNull)
    #expect((empty.line, empty.column) == (6, 7))
  }

  @Test func errorDescriptionIsFileLineColumn() {
    let error = ConfigurationError(path: ".cslint.yml", line: 3, column: 5, message: "unknown key 'x'")
    #expect(error.description == ".cslint.yml:3:5: unknown key 'x'")
    #expect(ConfigurationError(path: "c.yml", line: 0, column: 0, message: "gone").description == "c.yml: gone")
  }
}
