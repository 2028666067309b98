import Testing

@testable import MigrationLint

/// The help of multiple-alter-table re-indents each action's lines; CRLF
/// files must come out the same as LF ones.
@Suite struct MultipleAlterTableHelpTests {
  struct Row: CustomTestStringConvertible, Sendable {
    let written: String
    let indented: String
    var testDescription: String { written.debugDescription }
  }

  static let rows: [Row] = [
    Row(written: "ADD COLUMN note text", indented: "    ADD COLUMN note text"),
    Row(written: "ADD CONSTRAINT c\n   CHECK (x > 0)", indented: "    ADD CONSTRAINT c\n      CHECK (x > 0)"),
    Row(written: "ADD CONSTRAINT c\r\n\tCHECK (x > 0)", indented: "    ADD CONSTRAINT c\n      CHECK (x > 0)"),
    Row(written: "ADD COLUMN a int\n\n  DEFAULT 1", indented: "    ADD COLUMN a int\n      \n      DEFAULT 1"),
  ]

  @Test(arguments: rows)
  func indentsEachLine(_ row: Row) {
    #expect(MultipleAlterTable.indentedAction(Array(row.written.utf8)[...]) == row.indented)
  }
}
