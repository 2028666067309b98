import PostgresSyntax
import Testing

@testable import MigrationLint

/// `cslint locks`' report model: statement titles and transaction marks.
@Suite("Lock report: titles and transaction marks")
struct LockReportTests {
  struct TitleCase: CustomTestStringConvertible, Sendable {
    var sql: String
    var title: String
    var testDescription: String { sql }
  }

  static let titles: [TitleCase] = [
    TitleCase(sql: "create table t (id int)", title: "CREATE TABLE"),
    TitleCase(sql: "create unique index concurrently i on t (a)", title: "CREATE UNIQUE INDEX CONCURRENTLY"),
    TitleCase(sql: "create index i on t (a)", title: "CREATE INDEX"),
    TitleCase(
      sql: "alter table t add column a int, alter column b set not null, add column c int",
      title: "ALTER TABLE ADD COLUMN, SET NOT NULL"),
    TitleCase(sql: "alter table t alter column a type bigint", title: "ALTER TABLE ALTER COLUMN TYPE"),
    TitleCase(sql: "alter table t alter column a set default 1", title: "ALTER TABLE ALTER COLUMN SET DEFAULT"),
    TitleCase(sql: "alter table t set tablespace x", title: "ALTER TABLE SET TABLESPACE"),
    TitleCase(sql: "alter table p detach partition c concurrently", title: "ALTER TABLE DETACH PARTITION CONCURRENTLY"),
    TitleCase(sql: "alter index i rename to j", title: "ALTER INDEX RENAME"),
    TitleCase(sql: "alter table t rename column a to b", title: "ALTER TABLE RENAME COLUMN"),
    TitleCase(sql: "drop index concurrently i", title: "DROP INDEX CONCURRENTLY"),
    TitleCase(sql: "drop materialized view v", title: "DROP MATERIALIZED VIEW"),
    TitleCase(sql: "begin", title: "BEGIN"),
    TitleCase(sql: "start transaction", title: "START TRANSACTION"),
    TitleCase(sql: "commit", title: "COMMIT"),
    TitleCase(sql: "set lock_timeout = '5s'", title: "SET lock_timeout = 5s"),
    TitleCase(sql: "set local statement_timeout to 0", title: "SET LOCAL statement_timeout = 0"),
    TitleCase(sql: "reset all", title: "RESET ALL"),
    TitleCase(sql: "vacuum full t", title: "VACUUM FULL"),
    TitleCase(sql: "reindex index concurrently i", title: "REINDEX CONCURRENTLY"),
    TitleCase(sql: "create or replace function f() returns int language sql as 'select 1'", title: "CREATE FUNCTION"),
    TitleCase(sql: "create sequence s", title: "CREATE SEQUENCE"),
    TitleCase(sql: "insert into t values (1)", title: "INSERT"),
    TitleCase(sql: "grant select on t to anon", title: "GRANT"),
    TitleCase(sql: "do $$ begin end $$", title: "DO"),
    TitleCase(sql: "\u{1}\u{2} junk", title: "(unrecognized statement)"),
  ]

  @Test("readable statement titles", arguments: titles)
  func title(_ example: TitleCase) throws {
    let statement = try #require(Self.statements(example.sql).first)
    #expect(StatementTitle.of(statement) == example.title)
  }

  /// Transaction marks per statement: "B" a transaction begins before it
  /// (with its opener), "E:reason" one ends after it.
  struct MarkCase: CustomTestStringConvertible, Sendable {
    var runner: Runner
    var sql: String
    var marks: [String]
    var testDescription: String { "\(runner.rawValue): \(sql)" }
  }

  static let markCases: [MarkCase] = [
    // Autocommit: only the file's own BEGIN/COMMIT make a transaction.
    MarkCase(
      runner: .none, sql: "set lock_timeout = '1s'; begin; create index i on t (a); commit; vacuum t;",
      marks: ["", "B:explicit", "", "E:commit", ""]),
    // The runner's BEGIN/COMMIT: one transaction to the end of the file.
    MarkCase(
      runner: .flyway, sql: "create table a (id int); create index i on a (id);",
      marks: ["B:runner", "E:end_of_file"]),
    // A pipeline: CONCURRENTLY first commits its own work, but the pipeline's
    // transaction stays open and the rest of the file joins it.
    MarkCase(
      runner: .supabase, sql: "create index concurrently i on t (a); create table b (id int); alter table b add c int;",
      marks: ["B:pipeline", "", "E:end_of_file"]),
    // A BEGIN inside the pipeline's transaction continues it; COMMIT ends it, a new one starts.
    MarkCase(
      runner: .supabase,
      sql: "set lock_timeout = '1s'; begin; create table c (id int); commit; create table d (id int);",
      marks: ["B:pipeline", "B:explicit(within pipeline)", "", "E:commit", "B:pipeline E:end_of_file"]),
    // golang-migrate: one statement is autocommit; several share an implicit block.
    MarkCase(runner: .golangMigrate, sql: "create table e (id int);", marks: [""]),
    MarkCase(
      runner: .golangMigrate, sql: "create table e (id int); create table f (id int);",
      marks: ["B:implicit_block", "E:end_of_file"]),
  ]

  @Test(
    "node names split into words on bytes as by Characters",
    arguments: [
      "CreateForeignTableStmt", "AlterTSConfigurationStmt", "CreatePLangStmt", "Vacuum2Stmt", "", "AT_X", "Add_col umn",
    ])
  func camelWords(_ name: String) {
    #expect(StatementTitle.camelWords(name) == StatementTitle.unicodeCamelWords(name))
    #expect(!StatementTitle.camelWords(name).contains { $0.isEmpty })
    #expect(StatementTitle.upperWords(name) == StatementTitle.camelWords(name).joined(separator: " ").uppercased())
  }

  @Test("transaction marks follow the session model", arguments: markCases)
  func marks(_ example: MarkCase) {
    let report = LockReport(
      file: SourceFile(path: "m.sql", text: example.sql), history: [], settings: LintSettings(runner: example.runner))
    let marks = report.rows.map { row -> String in
      var parts: [String] = []
      if let begins = row.begins {
        parts.append("B:\(begins.opener.token)" + (begins.within.map { "(within \($0.token))" } ?? ""))
      }
      if let ends = row.ends { parts.append("E:\(ends.rawValue)") }
      return parts.joined(separator: " ")
    }
    #expect(marks == example.marks)
  }

  @Test("the JSON document carries the file's execution and each relation's effect")
  func json() {
    let history = [SourceFile(path: "1.sql", text: "create table public.users (id int, email text);")]
    let file = SourceFile(
      path: "2.sql", text: "create table public.orders (id int);\ncreate index on public.users (email);")
    let report = LockReport(file: file, history: history, settings: LintSettings(runner: .flyway))
    let text = LockReport.json([report], toolVersion: "9.9.9")
    #expect(text.contains("\"execution\": \"transaction_wrapped\""))
    #expect(text.contains("\"version\": \"9.9.9\""))
    // The table from the history existed before; the one created here is new.
    let users = report.rows[1].analyzed.effects.relations.first
    #expect(users?.relation.name == "users")
    #expect(users?.isNew == false)
    #expect(users?.lock == .share)
    #expect(report.rows[0].analyzed.effects.relations.first?.isNew == true)
  }

  @Test("a session over a folder gives each file what replaying its whole history gives")
  func sessionMatchesHistoryReplay() {
    let files = [
      SourceFile(path: "1.sql", text: "create table public.a (id int, v text) partition by range (id);"),
      SourceFile(path: "2.sql", text: "create index on public.a (v); create table public.b (id int);"),
      SourceFile(path: "3.down.sql", text: "drop table public.a;"),
      SourceFile(
        path: "4.sql", text: "alter table public.a add column w int default 1; alter table public.b add c int;"),
    ]
    let settings = LintSettings(runner: .flyway)
    var session = LockSession(settings: settings)
    var last: FileLockAnalysis?
    for (index, file) in files.enumerated() {
      let isDown = file.path.hasSuffix(".down.sql")
      let incremental = session.analyze(file, keep: !isDown)
      let history = files[..<index].filter { !$0.path.hasSuffix(".down.sql") }
      let replayed = LockAnalysis.analyzeFile(file, history: Array(history), settings: settings)
      #expect(incremental.execution == replayed.execution)
      #expect(incremental.statements.map(\.effects.relations) == replayed.statements.map(\.effects.relations))
      #expect(incremental.statements.map(\.effects.transaction) == replayed.statements.map(\.effects.transaction))
      last = incremental
    }
    // The down migration dropped `a` in its own analysis only: 4.sql still
    // finds the partitioned table of 1.sql.
    #expect(last?.statements.first?.effects.relations.first?.kind == .partitionedTable)
  }

  static func statements(_ sql: String) -> [Statement] {
    StatementParser.parse(ScannedFile(source: SourceFile(path: "t.sql", text: sql)))
  }
}
