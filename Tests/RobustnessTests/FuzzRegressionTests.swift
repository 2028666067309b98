import MigrationLint
import PostgresSyntax
import Testing

/// Inputs the fuzzer (or the property tests) once crashed or hung on, each
/// reduced by hand to a minimal self-written statement. Each runs the whole
/// pipeline through `PipelineCheck`; before its fix each one trapped.
@Suite("Fuzzer regressions")
struct FuzzRegressionTests {
  static let cases: [(name: String, sql: String)] = [
    // Parser built `start..<previousEnd` for a command that consumed
    // nothing (a stray `)`), an inverted range: "Range requires
    // lowerBound <= upperBound". Found by cslint-fuzz, run 2.
    ("ALTER TABLE with a stray parenthesis", "alter table t )"),
    ("ALTER TABLE command list ending in a stray parenthesis", "alter table t add column a int, )"),
    ("CREATE INDEX with an empty column slot", "create index i on t ( , )"),
    (
      "SET search_path with no value before the next option",
      "create function f() returns int set search_path = language sql as 'x'"
    ),
    // `create materialized` then the end of the statement: the parser
    // force-unwrapped the (missing) VIEW token. Found by cslint-fuzz, run 3.
    ("CREATE MATERIALIZED at the end of the input", "create materialized"),
    ("CREATE MATERIALIZED before a semicolon", "create materialized;\ncreate table t (a int);"),
  ]

  @Test("the pipeline handles it", arguments: cases.map(\.name))
  func regression(name: String) throws {
    let sql = try #require(Self.cases.first { $0.name == name }?.sql)
    let outcome = PipelineCheck().run(Array(sql.utf8))
    #expect(outcome.problems == [])
  }

  @Test("ranges from a command that consumed nothing are empty, not inverted")
  func emptyCommandRange() throws {
    let source = SourceFile(path: "t.sql", text: "alter table t )")
    let statement = try #require(StatementParser.parse(ScannedFile(source: source)).first)
    guard case .alterTable(let alter) = statement.node else {
      Issue.record("expected ALTER TABLE, got \(statement.kind)")
      return
    }
    for command in alter.commands {
      #expect(command.range.lowerBound >= 0 && command.range.upperBound <= source.bytes.count)
    }
  }
}
