import PostgresSyntax
import Testing

@Suite("Parser: transactions, settings, DO, DML, LOCK, maintenance")
struct UtilityParserTests {
  static let cases: [(String, String, String)] = [
    ("BEGIN", "TransactionStmt:TRANS_STMT_BEGIN", "Transaction(TRANS_STMT_BEGIN)"),
    (
      "BEGIN ISOLATION LEVEL SERIALIZABLE", "TransactionStmt:TRANS_STMT_BEGIN", "Transaction(TRANS_STMT_BEGIN)"
    ),
    ("START TRANSACTION", "TransactionStmt:TRANS_STMT_START", "Transaction(TRANS_STMT_START)"),
    ("COMMIT", "TransactionStmt:TRANS_STMT_COMMIT", "Transaction(TRANS_STMT_COMMIT)"),
    ("END", "TransactionStmt:TRANS_STMT_COMMIT", "Transaction(TRANS_STMT_COMMIT)"),
    ("ROLLBACK", "TransactionStmt:TRANS_STMT_ROLLBACK", "Transaction(TRANS_STMT_ROLLBACK)"),
    ("SAVEPOINT before_fk", "TransactionStmt:TRANS_STMT_SAVEPOINT", "Transaction(TRANS_STMT_SAVEPOINT)"),
    (
      "RELEASE SAVEPOINT before_fk", "TransactionStmt:TRANS_STMT_RELEASE", "Transaction(TRANS_STMT_RELEASE)"
    ),
    (
      "ROLLBACK TO SAVEPOINT before_fk", "TransactionStmt:TRANS_STMT_ROLLBACK_TO",
      "Transaction(TRANS_STMT_ROLLBACK_TO)"
    ),
    ("SET lock_timeout = '5s'", "VariableSetStmt", "Set(lock_timeout = 5s)"),
    ("SET LOCAL statement_timeout TO 0", "VariableSetStmt", "Set(statement_timeout = 0, local)"),
    ("SET search_path TO app, public", "VariableSetStmt", "Set(search_path = app, public)"),
    ("set Search_Path = ''", "VariableSetStmt", "Set(search_path = )"),
    ("SET SESSION lock_timeout = 1000", "VariableSetStmt", "Set(lock_timeout = 1000)"),
    ("SET TIME ZONE 'UTC'", "VariableSetStmt", "Set(timezone = UTC)"),
    ("RESET lock_timeout", "VariableSetStmt", "Reset(lock_timeout)"),
    ("RESET ALL", "VariableSetStmt", "Reset(nil)"),
    ("SET CONSTRAINTS ALL DEFERRED", "ConstraintsSetStmt", "Other"),
    (
      "DO $$ BEGIN ALTER TABLE users ADD COLUMN x int; END $$", "DoStmt",
      "Do(language: nil, body: \"$$ BEGIN ALTER TABLE users ADD COLUMN x int; END $$\")"
    ),
    (
      "DO LANGUAGE plpgsql $do$ BEGIN NULL; END $do$", "DoStmt",
      "Do(language: plpgsql, body: \"$do$ BEGIN NULL; END $do$\")"
    ),
    ("INSERT INTO public.users (id) VALUES (1)", "InsertStmt", "Insert(public.users, where: false, select: false)"),
    (
      "INSERT INTO archive SELECT * FROM users WHERE deleted", "InsertStmt",
      "Insert(archive, where: true, select: true)"
    ),
    (
      "WITH old AS (SELECT id FROM users) INSERT INTO archive (id) SELECT id FROM old", "InsertStmt",
      "Insert(archive, where: false, select: true)"
    ),
    (
      "INSERT INTO t (a) VALUES ((SELECT max(a) FROM t)) ON CONFLICT DO NOTHING", "InsertStmt",
      "Insert(t, where: false, select: false)"
    ),
    ("UPDATE users SET active = true", "UpdateStmt", "Update(users, where: false, select: false)"),
    (
      "UPDATE users SET n = (SELECT 1 WHERE true) WHERE id = 1", "UpdateStmt",
      "Update(users, where: true, select: false)"
    ),
    ("UPDATE users SET n = (SELECT 1 WHERE true)", "UpdateStmt", "Update(users, where: false, select: false)"),
    ("DELETE FROM sessions", "DeleteStmt", "Delete(sessions, where: false, select: false)"),
    (
      "DELETE FROM ONLY sessions WHERE expires_at < now()", "DeleteStmt",
      "Delete(sessions, where: true, select: false)"
    ),
    ("LOCK TABLE users", "LockStmt", "Lock([users], ACCESS EXCLUSIVE)"),
    ("LOCK users, orders IN SHARE ROW EXCLUSIVE MODE NOWAIT", "LockStmt", "Lock([users, orders], SHARE ROW EXCLUSIVE)"),
    ("lock table only t in access share mode", "LockStmt", "Lock([t], ACCESS SHARE)"),
    ("VACUUM FULL users", "VacuumStmt", "vacuumFull(users, concurrently: false)"),
    ("VACUUM (FULL, ANALYZE) public.users", "VacuumStmt", "vacuumFull(public.users, concurrently: false)"),
    ("VACUUM ANALYZE users", "VacuumStmt", "vacuum(users, concurrently: false)"),
    ("ANALYZE users", "VacuumStmt", "analyze(users, concurrently: false)"),
    ("CLUSTER users USING users_pkey", "ClusterStmt", "cluster(users, concurrently: false)"),
    ("REINDEX INDEX CONCURRENTLY users_email_idx", "ReindexStmt", "reindex(users_email_idx, concurrently: true)"),
    ("REINDEX (CONCURRENTLY) TABLE users", "ReindexStmt", "reindex(users, concurrently: true)"),
    ("REINDEX TABLE users", "ReindexStmt", "reindex(users, concurrently: false)"),
  ]

  @Test("utility statements", arguments: cases)
  func utility(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }

  /// REINDEX's object word and where `CONCURRENTLY` goes after it (the text before that offset).
  static let reindexObjects: [(String, String?, String?)] = [
    ("REINDEX INDEX users_email_idx", "INDEX", "REINDEX INDEX"),
    ("reindex (verbose) table public.users", "TABLE", "reindex (verbose) table"),
    ("REINDEX SCHEMA public", "SCHEMA", "REINDEX SCHEMA"),
    ("REINDEX TABLE CONCURRENTLY users", "TABLE", "REINDEX TABLE"),
    ("VACUUM FULL users", nil, nil),
  ]

  @Test("REINDEX object word and CONCURRENTLY insertion point", arguments: reindexObjects)
  func reindexObject(sql: String, objectType: String?, prefix: String?) throws {
    let statements = StatementParser.parse(ScannedFile(source: SourceFile(path: "test.sql", text: sql)))
    guard case .maintenance(let maintenance) = try #require(statements.first).node else {
      Issue.record("not a maintenance statement: \(sql)")
      return
    }
    #expect(maintenance.objectType == objectType)
    #expect(maintenance.afterObjectKeyword.map { String(sql.utf8.prefix($0))! } == prefix)
  }

  @Test("statements cslint does not model are .other with PostgreSQL's kind")
  func others() {
    let sql = "SELECT 1; CREATE ROLE r; CREATE PUBLICATION p FOR ALL TABLES; NOTIFY x; COPY t FROM stdin"
    #expect(kinds(sql) == ["SelectStmt", "CreateRoleStmt", "CreatePublicationStmt", "NotifyStmt", "CopyStmt"])
    #expect(summaries(sql) == ["Other", "Other", "Other", "Other", "Other"])
  }

  @Test("psql meta-commands are their own statements")
  func metaCommands() {
    #expect(summaries("\\set ON_ERROR_STOP on\nSELECT 1;") == ["PsqlMetaCommand", "Other"])
  }
}
