import PostgresSyntax
import Testing

@Suite("Parser: CREATE INDEX")
struct CreateIndexParserTests {
  static let cases: [(String, String)] = [
    (
      "CREATE INDEX users_email_idx ON users (email)",
      "CreateIndex(table: users, name: users_email_idx, concurrently: false, ifNotExists: false, only: false, "
        + "using: nil, columns: [email], include: [], where: nil)"
    ),
    (
      "create unique index concurrently if not exists users_email_idx on public.users (email)",
      "CreateIndex(table: public.users, name: users_email_idx, unique, concurrently: true, ifNotExists: true, "
        + "only: false, using: nil, columns: [email], include: [], where: nil)"
    ),
    (
      "CREATE INDEX ON orders (customer_id, created_at DESC)",
      "CreateIndex(table: orders, name: nil, concurrently: false, ifNotExists: false, only: false, "
        + "using: nil, columns: [customer_id, created_at], include: [], where: nil)"
    ),
    (
      "CREATE INDEX CONCURRENTLY ON orders (status)",
      "CreateIndex(table: orders, name: nil, concurrently: true, ifNotExists: false, only: false, "
        + "using: nil, columns: [status], include: [], where: nil)"
    ),
    (
      "CREATE INDEX measurements_idx ON ONLY measurements (logdate)",
      "CreateIndex(table: measurements, name: measurements_idx, concurrently: false, ifNotExists: false, "
        + "only: true, using: nil, columns: [logdate], include: [], where: nil)"
    ),
    (
      "CREATE INDEX docs_tags_idx ON docs USING GIN (tags jsonb_path_ops)",
      "CreateIndex(table: docs, name: docs_tags_idx, concurrently: false, ifNotExists: false, only: false, "
        + "using: gin, columns: [tags], include: [], where: nil)"
    ),
    (
      "CREATE INDEX users_lower_email ON users (lower(email) text_pattern_ops, (id + 1))",
      "CreateIndex(table: users, name: users_lower_email, concurrently: false, ifNotExists: false, only: false, "
        + "using: nil, columns: [<lower(email) text_pattern_ops>, <(id + 1)>], include: [], where: nil)"
    ),
    (
      "CREATE UNIQUE INDEX accounts_slug ON accounts (slug) INCLUDE (name, owner_id)",
      "CreateIndex(table: accounts, name: accounts_slug, unique, concurrently: false, ifNotExists: false, "
        + "only: false, using: nil, columns: [slug], include: [name, owner_id], where: nil)"
    ),
    (
      "CREATE INDEX active_users ON users (id) WHERE deleted_at IS NULL AND active",
      "CreateIndex(table: users, name: active_users, concurrently: false, ifNotExists: false, only: false, "
        + "using: nil, columns: [id], include: [], where: \"deleted_at IS NULL AND active\")"
    ),
    (
      "CREATE INDEX i ON t USING btree (a) INCLUDE (b) WITH (fillfactor = 70) TABLESPACE fast WHERE (b > 0)",
      "CreateIndex(table: t, name: i, concurrently: false, ifNotExists: false, only: false, "
        + "using: btree, columns: [a], include: [b], where: \"(b > 0)\")"
    ),
    (
      "CREATE INDEX \"Users_Email\" ON \"Public\".\"Users\" (\"Email\")",
      "CreateIndex(table: \"Public\".\"Users\", name: Users_Email, concurrently: false, ifNotExists: false, "
        + "only: false, using: nil, columns: [Email], include: [], where: nil)"
    ),
  ]

  @Test("CREATE INDEX variants", arguments: cases)
  func createIndex(sql: String, expected: String) {
    #expect(summary(sql) == expected)
    #expect(kinds(sql) == ["IndexStmt"])
  }

  @Test("insertion points for CONCURRENTLY and IF NOT EXISTS")
  func insertionPoints() throws {
    let sql = "CREATE INDEX CONCURRENTLY idx ON t (a)"
    let source = SourceFile(path: "t.sql", text: sql)
    let statement = try #require(StatementParser.parse(ScannedFile(source: source)).first)
    guard case .createIndex(let index) = statement.node else {
      Issue.record("not parsed as CREATE INDEX: \(statement.kind)")
      return
    }
    #expect(source.text(0..<index.afterIndexKeyword) == "CREATE INDEX")
    #expect(source.text(0..<index.ifNotExistsInsertion) == "CREATE INDEX CONCURRENTLY")
  }
}
