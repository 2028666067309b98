import Testing

@testable import MigrationLint

@Suite("StatementDiff")
struct StatementDiffTests {
  private func fingerprints(_ values: [UInt32]) -> [StatementFingerprint] {
    values.map { StatementFingerprint(value: $0) }
  }

  struct Row: CustomTestStringConvertible, Sendable {
    var old: [UInt32]
    var new: [UInt32]
    /// (kind, oldIndex, newIndex)
    var expected: [StatementDiff.Change]
    var testDescription: String { "\(old) -> \(new)" }
  }

  static let rows: [Row] = [
    Row(old: [1, 2, 3], new: [1, 2, 3], expected: []),
    Row(old: [1, 2, 3], new: [1, 9, 3], expected: [.init(kind: .changed, oldIndex: 1, newIndex: 1)]),
    Row(old: [1, 2, 3], new: [1, 2, 4, 3], expected: [.init(kind: .added, oldIndex: nil, newIndex: 2)]),
    Row(old: [1, 2, 3], new: [1, 3], expected: [.init(kind: .removed, oldIndex: 1, newIndex: 1)]),
    Row(old: [1, 2, 3], new: [1, 2], expected: [.init(kind: .removed, oldIndex: 2, newIndex: 2)]),
    Row(old: [], new: [5], expected: [.init(kind: .added, oldIndex: nil, newIndex: 0)]),
    Row(
      old: [1, 2, 3, 4, 5], new: [1, 7, 3, 5, 8],
      expected: [
        .init(kind: .changed, oldIndex: 1, newIndex: 1), .init(kind: .removed, oldIndex: 3, newIndex: 3),
        .init(kind: .added, oldIndex: nil, newIndex: 4),
      ]),
  ]

  @Test(arguments: rows)
  func aligns(_ row: Row) {
    #expect(StatementDiff.diff(old: fingerprints(row.old), new: fingerprints(row.new)) == row.expected)
  }

  @Test func fingerprintIgnoresCommentsWhitespaceAndLineEndings() {
    let a = StatementSummary.summarize(Array("create table t (\n  id int -- key\n);\n".utf8))
    let b = StatementSummary.summarize(Array("/* new */ create   table t (\r\n id int\r\n);".utf8))
    let c = StatementSummary.summarize(Array("create table t (id bigint);".utf8))
    #expect(a.count == 1)
    #expect(a.map(\.fingerprint) == b.map(\.fingerprint))
    #expect(a.map(\.fingerprint) != c.map(\.fingerprint))
  }

  @Test func commentMarkersInsideStringsAreCode() {
    let a = StatementSummary.summarize(Array("insert into t values ('-- not a comment');".utf8))
    let b = StatementSummary.summarize(Array("insert into t values ('-- not a comment!');".utf8))
    let c = StatementSummary.summarize(Array("do $$ begin perform 1; end $$;\nselect 2;".utf8))
    #expect(a.map(\.fingerprint) != b.map(\.fingerprint))
    #expect(c.count == 2)
    #expect(c.map(\.line) == [1, 2])
  }
}
