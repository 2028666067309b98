import MigrationLint
import PostgresSyntax
import Testing

/// Inputs built to exhaust a recursive parser or a nesting counter: they
/// must be handled in bounded work, like any other file.
@Suite("Deeply nested input")
struct DeepNestingTests {
  static let depth = 10_000

  static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

  static let cases: [(name: String, sql: String)] = [
    ("balanced parentheses", "select " + repeated("(", depth) + "1" + repeated(")", depth) + ";"),
    ("unclosed parentheses", "select " + repeated("(", depth) + "1;\ncreate index i on t (a);"),
    ("unopened parentheses", "select 1" + repeated(")", depth) + ";\ndrop index j;"),
    (
      "parentheses in a column default",
      "create table t (a int default " + repeated("(", depth) + "1" + repeated(")", depth) + ");"
    ),
    ("parentheses in an index expression", "create index on t " + repeated("(", depth) + "a" + repeated(")", depth)),
    (
      "parentheses in ALTER TABLE",
      "alter table t add column c int not null default " + repeated("(", depth) + "0" + repeated(")", depth) + ";"
    ),
    ("brackets", "select a" + repeated("[", depth) + "1" + repeated("]", depth) + ";"),
    ("nested comment", repeated("/*", depth) + " x " + repeated("*/", depth) + "\ncreate index i on t (a);"),
    ("unterminated nested comment", "create index i on t (a);\n" + repeated("/*", depth) + repeated("*/", depth - 1)),
    (
      "CASE nesting in BEGIN ATOMIC",
      "create function f() returns int language sql begin atomic select " + repeated("case when true then ", depth)
        + "1" + repeated(" end", depth) + "; end;"
    ),
    ("BEGIN without END", "create procedure p() language sql " + repeated("begin atomic ", depth) + "select 1;"),
    ("many statements of semicolons", repeated(";", depth * 10)),
  ]

  @Test("10,000-deep nesting is handled", arguments: cases.map(\.name))
  func deepNesting(name: String) throws {
    let sql = try #require(Self.cases.first { $0.name == name }?.sql)
    let checker = PipelineCheck(
      schemaBefore: PipelineCheck.schema(afterReplaying: Array("create table t (a int);".utf8)))
    let outcome = checker.run(Array(sql.utf8))
    #expect(outcome.problems == [], "\(name)")
  }
}
