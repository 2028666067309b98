import MigrationLint
import PostgresSyntax
import Testing

@Suite("Schema model: transactions, origins and session settings")
struct SessionStateTests {
  /// (files, table, created in the current file, created in the current transaction)
  static let origins: [([String], String, Bool, Bool)] = [
    // Earlier files are history.
    (["create table old (id int);", "select 1;"], "old", false, false),
    // The runner's implicit per-file transaction is still open at the end of the file.
    (["create table fresh (id int);"], "fresh", true, true),
    // An explicit transaction that was committed is over.
    (["begin; create table a (id int); commit; create table b (id int);"], "a", true, false),
    // ... and what follows runs in the runner's next implicit transaction.
    (["begin; create table a (id int); commit; create table b (id int);"], "b", true, true),
    // An explicit BEGIN still open.
    (["start transaction; create table c (id int);"], "c", true, true),
  ]

  @Test("created in the current file / transaction", arguments: origins)
  func origin(files: [String], table: String, inFile: Bool, inTransaction: Bool) throws {
    let state = replaySchema(files)
    let info = try #require(state.tables[ObjectKey(schema: "public", name: table)])
    #expect(state.isCreatedInCurrentFile(info.origin) == inFile)
    #expect(state.isCreatedInCurrentTransaction(info.origin) == inTransaction)
  }

  @Test("without a runner transaction, only an explicit BEGIN makes a transaction")
  func noRunnerTransaction() throws {
    let plain = replaySchema(["create table t (id int);"], runnerWrapsFileInTransaction: false)
    let table = try #require(plain.tables[ObjectKey(schema: "public", name: "t")])
    #expect(!plain.inTransaction)
    #expect(plain.isCreatedInCurrentFile(table.origin))
    #expect(!plain.isCreatedInCurrentTransaction(table.origin))

    let explicit = replaySchema(["begin; create table t (id int);"], runnerWrapsFileInTransaction: false)
    let inBlock = try #require(explicit.tables[ObjectKey(schema: "public", name: "t")])
    #expect(explicit.inExplicitTransaction)
    #expect(explicit.isCreatedInCurrentTransaction(inBlock.origin))
  }

  @Test(
    "explicit transaction state",
    arguments: [
      ("begin;", true), ("begin; commit;", false), ("start transaction; rollback;", false),
      ("begin; savepoint s; rollback to savepoint s;", true), ("begin; end;", false), ("select 1;", false),
    ])
  func explicitTransaction(sql: String, open: Bool) {
    #expect(replaySchema([sql]).inExplicitTransaction == open)
  }

  @Test("a new file starts outside any explicit transaction")
  func transactionPerFile() {
    #expect(!replaySchema(["begin;", "select 1;"]).inExplicitTransaction)
  }

  /// (SQL, lock_timeout, statement_timeout, search_path) at the end of the file.
  static let settings: [(String, String?, String?, [String])] = [
    ("select 1;", nil, nil, ["public"]),
    (
      "set lock_timeout = '3s'; set statement_timeout to 0; set search_path = \"$user\", app;",
      "3s", "0", ["app"]
    ),
    ("SET search_path TO 'app', 'extensions'", nil, nil, ["app", "extensions"]),
    ("set lock_timeout = '3s'; reset lock_timeout;", nil, nil, ["public"]),
    ("set lock_timeout = '3s'; set search_path = app; reset all;", nil, nil, ["public"]),
    // SET LOCAL lasts until the transaction ends.
    ("begin; set local lock_timeout = '1s';", "1s", nil, ["public"]),
    ("begin; set local lock_timeout = '1s'; commit;", nil, nil, ["public"]),
    ("set lock_timeout = '5s'; begin; set local lock_timeout = '1s'; rollback;", "5s", nil, ["public"]),
    ("begin; set local search_path = app; commit; set statement_timeout = '1min';", nil, "1min", ["public"]),
    // In the runner's implicit transaction, SET LOCAL lasts to the end of the file.
    ("set local lock_timeout = '2s';", "2s", nil, ["public"]),
  ]

  @Test("lock_timeout, statement_timeout and search_path", arguments: settings)
  func sessionSettings(sql: String, lockTimeout: String?, statementTimeout: String?, searchPath: [String]) {
    let state = replaySchema([sql])
    #expect(state.lockTimeout == lockTimeout)
    #expect(state.statementTimeout == statementTimeout)
    #expect(state.searchPath == searchPath)
  }

  @Test("SET LOCAL outside any transaction changes nothing")
  func setLocalOutsideTransaction() {
    let state = replaySchema(["set local lock_timeout = '2s';"], runnerWrapsFileInTransaction: false)
    #expect(state.lockTimeout == nil)
  }

  @Test("settings do not carry over to the next file")
  func settingsPerFile() {
    let state = replaySchema(["set lock_timeout = '3s'; set search_path = app;", "select 1;"])
    #expect(state.lockTimeout == nil)
    #expect(state.searchPath == ["public"])
  }

  @Test("enum values remember where they were added")
  func enumOrigins() throws {
    let state = replaySchema(["create type mood as enum ('sad');", "alter type mood add value 'happy';"])
    let mood = try #require(state.enums[ObjectKey(schema: "public", name: "mood")])
    #expect(mood.values == ["sad", "happy"])
    #expect(mood.addedValues["happy"].map(state.isCreatedInCurrentFile) == true)
    #expect(!state.isCreatedInCurrentFile(mood.origin))
  }
}
