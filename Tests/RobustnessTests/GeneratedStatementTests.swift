import Testing

/// Random statements built from a migration vocabulary: a statement opening
/// the parser recognises, then a random run of keywords and punctuation.
/// Short, structured junk like `alter table t )` reaches parser paths that
/// byte-level mutation of real files rarely does.
@Suite("Generated statements")
struct GeneratedStatementTests {
  static let openings = [
    "alter table t", "alter table if exists only s.t", "alter index i", "alter sequence q", "alter view v",
    "create table t (", "create table if not exists t (", "create unique index concurrently i on t (",
    "create index on t using gin (", "create function f() returns int", "create or replace procedure p(a int)",
    "create trigger g before insert on t for each row execute function f()", "create policy p on t",
    "create view v as select", "create materialized view m as select", "create type e as enum (",
    "create domain d as int", "create extension x", "create schema s", "create sequence q",
    "drop index", "drop table", "drop index concurrently if exists", "comment on column t.a is",
    "grant select on t to", "revoke all on t from", "insert into t", "update t set", "delete from t",
    "truncate t", "begin", "commit", "set lock_timeout =", "reset all", "do", "vacuum", "reindex index",
    "lock table t in", "refresh materialized view concurrently m", "with x as (", "select",
  ]

  static let words = [
    "(", ")", ",", ";", ".", "::", "=", "*", "[", "]", "a", "t", "\"Q\"", "'x'", "$$ $$", "1", "add", "column",
    "constraint", "check", "not", "null", "default", "primary", "key", "unique", "references", "foreign",
    "set", "drop", "alter", "type", "using", "rename", "to", "schema", "if", "exists", "only", "as", "language",
    "sql", "plpgsql", "begin", "atomic", "end", "case", "when", "then", "return", "returns", "search_path",
    "security", "definer", "for", "each", "row", "on", "with", "where", "include", "valid", "validate",
    "concurrently", "cascade", "owner", "enable", "disable", "row", "level", "policy", "trigger", "identity",
    "generated", "always", "stored", "collate", "partition", "of", "attach", "detach", "inherit", "from",
    "values", "select", "in", "share", "mode", "--c\n", "/* c */",
  ]

  static func statement(seed: UInt64) -> String {
    var generator = SplitMix64(seed: seed)
    var parts = [openings[generator.index(openings.count)]]
    for _ in 0..<generator.index(12) { parts.append(words[generator.index(words.count)]) }
    return parts.joined(separator: " ")
  }

  @Test("4,000 generated statements pass the pipeline checks")
  func generatedStatements() {
    let checker = PipelineCheck(
      schemaBefore: PipelineCheck.schema(afterReplaying: Array("create table t (a int);".utf8)))
    var cases: [(label: String, bytes: [UInt8])] = []
    for seed in UInt64(0)..<4_000 {
      let sql = Self.statement(seed: seed)
      cases.append(("seed \(seed): \(sql.debugDescription)", Array(sql.utf8)))
    }
    let tally = MutationPropertyTests.check(cases, with: checker)
    print("generated statements: \(tally.summary)")
    #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
  }
}
