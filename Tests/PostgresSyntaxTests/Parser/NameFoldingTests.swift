import PostgresSyntax
import Testing

@Suite("Parser: identifiers fold like PostgreSQL")
struct NameFoldingTests {
  static let cases: [(String, String)] = [
    // Unquoted identifiers fold to lower case; quoted ones keep their case.
    ("CREATE INDEX Idx ON Public.Users (Email)", "public.users/idx/email"),
    ("CREATE INDEX \"Idx\" ON \"Public\".\"Users\" (\"Email\")", "Public.Users/Idx/Email"),
    // A doubled quote inside a quoted identifier is one quote.
    ("CREATE INDEX \"a\"\"b\" ON t (\"x y\")", "t/a\"b/x y"),
    // U&"..." is a quoted identifier too.
    ("CREATE INDEX U&\"Idx\" ON t (a)", "t/Idx/a"),
    // Only ASCII letters fold (as in a UTF-8 database); others are kept.
    ("CREATE INDEX ÉTÉ_IDX ON Tâble (Çol)", "tâble/ÉtÉ_idx/Çol"),
    // Long names fold eight bytes at a time, then byte by byte: every
    // letter, at every byte position, and non-ASCII bytes kept.
    (
      "CREATE INDEX ABCDEFGHIJKLMNOPQRSTUVWXYZ_Ix ON ŸZaz_ÀÉ_Table_Name$X (Column_NUMBER_0123456789)",
      "Ÿzaz_ÀÉ_table_name$x/abcdefghijklmnopqrstuvwxyz_ix/column_number_0123456789"
    ),
  ]

  @Test("folded names", arguments: cases)
  func folding(sql: String, expected: String) throws {
    let statement = try #require(StatementParser.parse(ScannedFile(source: SourceFile(path: "t.sql", text: sql))).first)
    guard case .createIndex(let index) = statement.node else {
      Issue.record("not parsed as CREATE INDEX: \(statement.kind)")
      return
    }
    let table = index.table.parts.map(\.value).joined(separator: ".")
    let rendered = [table, index.name?.value ?? "nil", index.columns.first?.column ?? "nil"].joined(separator: "/")
    #expect(rendered == expected)
  }

  @Test("quoted names are flagged and quoted back for display")
  func display() throws {
    let statement = try #require(
      StatementParser.parse(ScannedFile(source: SourceFile(path: "t.sql", text: "DROP TABLE \"My Table\", Other")))
        .first)
    guard case .drop(let drop) = statement.node else {
      Issue.record("not parsed as DROP: \(statement.kind)")
      return
    }
    #expect(drop.names.map { $0.parts.map(\.isQuoted) } == [[true], [false]])
    #expect(drop.names.map(\.displayText) == ["\"My Table\"", "other"])
  }
}
