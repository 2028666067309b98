import PostgresSyntax
import Testing

@Suite("Parser: ALTER TABLE")
struct AlterTableParserTests {
  /// (SQL, PostgreSQL kind, AST summary): the kind carries the sub-command
  /// list exactly as PostgreSQL names it; the summary the payload rules read.
  static let cases: [(String, String, String)] = [
    (
      "ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text DEFAULT '' NOT NULL",
      "AlterTableStmt:AT_AddColumn",
      "AlterTable(TABLE users, [AT_AddColumn add(bio text NOT NULL DEFAULT '', IF NOT EXISTS)])"
    ),
    (
      "ALTER TABLE users ADD age int, ADD COLUMN org uuid REFERENCES orgs ON DELETE SET NULL",
      "AlterTableStmt:AT_AddColumn,AT_AddColumn",
      "AlterTable(TABLE users, [AT_AddColumn add(age int), "
        + "AT_AddColumn add(org uuid REFERENCES orgs ON DELETE SET NULL)])"
    ),
    (
      "ALTER TABLE IF EXISTS ONLY users DROP COLUMN IF EXISTS bio CASCADE, DROP age",
      "AlterTableStmt:AT_DropColumn,AT_DropColumn",
      "AlterTable(TABLE IF EXISTS ONLY users, [AT_DropColumn drop(bio, IF EXISTS, CASCADE), "
        + "AT_DropColumn drop(age)])"
    ),
    (
      "ALTER TABLE users ALTER COLUMN age TYPE bigint USING age::bigint, ALTER name SET DATA TYPE varchar(80)",
      "AlterTableStmt:AT_AlterColumnType,AT_AlterColumnType",
      "AlterTable(TABLE users, [AT_AlterColumnType type(age bigint, using: \"age::bigint\"), "
        + "AT_AlterColumnType type(name varchar(80), using: nil)])"
    ),
    (
      "ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN bio DROP NOT NULL",
      "AlterTableStmt:AT_SetNotNull,AT_DropNotNull",
      "AlterTable(TABLE users, [AT_SetNotNull setNotNull(email), AT_DropNotNull dropNotNull(bio)])"
    ),
    (
      "ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN bio DROP DEFAULT",
      "AlterTableStmt:AT_ColumnDefault,AT_ColumnDefault",
      "AlterTable(TABLE users, [AT_ColumnDefault setDefault(created_at \"now()\"), "
        + "AT_ColumnDefault dropDefault(bio)])"
    ),
    (
      "ALTER TABLE users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY",
      "AlterTableStmt:AT_AddIdentity",
      "AlterTable(TABLE users, [AT_AddIdentity addIdentity(id)])"
    ),
    (
      "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID",
      "AlterTableStmt:AT_AddConstraint",
      "AlterTable(TABLE orders, [AT_AddConstraint addConstraint(orders_user_fk: FOREIGN KEY(user_id) "
        + "REFERENCES users(id) NOT VALID)])"
    ),
    (
      "ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID",
      "AlterTableStmt:AT_AddConstraint",
      "AlterTable(TABLE orders, [AT_AddConstraint addConstraint(qty_positive: CHECK() \"qty > 0\" NOT VALID)])"
    ),
    (
      "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx",
      "AlterTableStmt:AT_AddConstraint",
      "AlterTable(TABLE users, [AT_AddConstraint addConstraint(users_email_key: UNIQUE() "
        + "USING INDEX users_email_idx)])"
    ),
    (
      "ALTER TABLE users ADD PRIMARY KEY (id), ADD UNIQUE (email) DEFERRABLE INITIALLY DEFERRED",
      "AlterTableStmt:AT_AddConstraint,AT_AddConstraint",
      "AlterTable(TABLE users, [AT_AddConstraint addConstraint(PRIMARY KEY(id)), "
        + "AT_AddConstraint addConstraint(UNIQUE(email) DEFERRABLE)])"
    ),
    (
      "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk, DROP CONSTRAINT IF EXISTS old_check CASCADE",
      "AlterTableStmt:AT_ValidateConstraint,AT_DropConstraint",
      "AlterTable(TABLE orders, [AT_ValidateConstraint validate(orders_user_fk), "
        + "AT_DropConstraint dropConstraint(old_check, IF EXISTS)])"
    ),
    (
      "ALTER TABLE users OWNER TO postgres",
      "AlterTableStmt:AT_ChangeOwner",
      "AlterTable(TABLE users, [AT_ChangeOwner other])"
    ),
    (
      "ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY",
      "AlterTableStmt:AT_EnableRowSecurity,AT_ForceRowSecurity",
      "AlterTable(TABLE users, [AT_EnableRowSecurity rls(enable: true, force: nil), "
        + "AT_ForceRowSecurity rls(enable: true, force: true)])"
    ),
    (
      "ALTER TABLE users DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY",
      "AlterTableStmt:AT_DisableRowSecurity,AT_NoForceRowSecurity",
      "AlterTable(TABLE users, [AT_DisableRowSecurity rls(enable: false, force: nil), "
        + "AT_NoForceRowSecurity rls(enable: true, force: false)])"
    ),
    (
      "ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      "AlterTableStmt:AT_AttachPartition",
      "AlterTable(TABLE m, [AT_AttachPartition attach(m_2024)])"
    ),
    (
      "ALTER TABLE m DETACH PARTITION m_2023 CONCURRENTLY",
      "AlterTableStmt:AT_DetachPartition",
      "AlterTable(TABLE m, [AT_DetachPartition detach(m_2023, concurrently: true)])"
    ),
    (
      "ALTER TABLE m DETACH PARTITION m_2022",
      "AlterTableStmt:AT_DetachPartition",
      "AlterTable(TABLE m, [AT_DetachPartition detach(m_2022, concurrently: false)])"
    ),
    (
      "ALTER TABLE events SET (fillfactor = 70, autovacuum_enabled = false), RESET (toast_tuple_target)",
      "AlterTableStmt:AT_SetRelOptions,AT_ResetRelOptions",
      "AlterTable(TABLE events, [AT_SetRelOptions other, AT_ResetRelOptions other])"
    ),
    (
      "ALTER TABLE events ENABLE TRIGGER audit, DISABLE TRIGGER ALL, DISABLE TRIGGER USER",
      "AlterTableStmt:AT_EnableTrig,AT_DisableTrigAll,AT_DisableTrigUser",
      "AlterTable(TABLE events, [AT_EnableTrig other, AT_DisableTrigAll other, AT_DisableTrigUser other])"
    ),
    (
      "ALTER TABLE events REPLICA IDENTITY FULL",
      "AlterTableStmt:AT_ReplicaIdentity",
      "AlterTable(TABLE events, [AT_ReplicaIdentity other])"
    ),
    (
      "ALTER TABLE events SET LOGGED, SET TABLESPACE fast, ALTER COLUMN body SET STORAGE EXTERNAL",
      "AlterTableStmt:AT_SetLogged,AT_SetTableSpace,AT_SetStorage",
      "AlterTable(TABLE events, [AT_SetLogged other, AT_SetTableSpace other, AT_SetStorage other])"
    ),
    // Sub-commands keep their order, whatever the mix.
    (
      "ALTER TABLE t ADD COLUMN c int, ALTER COLUMN c SET NOT NULL, ADD CONSTRAINT c_pos CHECK (c > 0), "
        + "DROP COLUMN d",
      "AlterTableStmt:AT_AddColumn,AT_SetNotNull,AT_AddConstraint,AT_DropColumn",
      "AlterTable(TABLE t, [AT_AddColumn add(c int), AT_SetNotNull setNotNull(c), "
        + "AT_AddConstraint addConstraint(c_pos: CHECK() \"c > 0\"), AT_DropColumn drop(d)])"
    ),
    (
      "ALTER INDEX users_email_idx SET (fillfactor = 90)",
      "AlterTableStmt:AT_SetRelOptions",
      "AlterTable(INDEX users_email_idx, [AT_SetRelOptions other])"
    ),
  ]

  @Test("sub-commands and their payloads", arguments: cases)
  func alterTable(sql: String, kind: String, expected: String) {
    #expect(kinds(sql) == [kind])
    #expect(summary(sql) == expected)
  }

  @Test("IF [NOT] EXISTS insertion points sit after the object keyword")
  func insertionPoints() throws {
    let sql = "ALTER TABLE t ADD COLUMN c int, DROP COLUMN d, DROP CONSTRAINT k"
    let source = SourceFile(path: "t.sql", text: sql)
    let statement = try #require(StatementParser.parse(ScannedFile(source: source)).first)
    guard case .alterTable(let alter) = statement.node, alter.commands.count == 3 else {
      Issue.record("not parsed as ALTER TABLE with 3 commands: \(statement.kind)")
      return
    }
    var points: [String] = []
    for command in alter.commands {
      switch command.action {
      case .addColumn(_, _, let point), .dropColumn(_, _, _, let point), .dropConstraint(_, _, let point):
        points.append(source.text(command.range.lowerBound..<point))
      default: points.append("?")
      }
    }
    #expect(points == ["ADD COLUMN", "DROP COLUMN", "DROP CONSTRAINT"])
    #expect(alter.commands.map { source.text($0.range) } == ["ADD COLUMN c int", "DROP COLUMN d", "DROP CONSTRAINT k"])
  }

  @Test("ALTER COLUMN TYPE keeps the type's exact bytes")
  func alterColumnTypeRange() throws {
    let sql =
      "ALTER TABLE t ALTER COLUMN a TYPE timestamp(3) without time zone USING a::timestamp, ALTER b SET DATA TYPE json[]"
    let source = SourceFile(path: "t.sql", text: sql)
    let statement = try #require(StatementParser.parse(ScannedFile(source: source)).first)
    guard case .alterTable(let alter) = statement.node else {
      Issue.record("not parsed as ALTER TABLE: \(statement.kind)")
      return
    }
    var types: [String] = []
    for command in alter.commands {
      if case .alterColumnType(_, _, _, let typeRange) = command.action {
        types.append(typeRange.map(source.text) ?? "nil")
      }
    }
    #expect(types == ["timestamp(3) without time zone", "json[]"])
  }
}
