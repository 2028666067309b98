import Testing

@testable import MigrationLint

@Suite("Ledger format")
struct LedgerFormatTests {
  static let checksum = String(repeating: "ab", count: 32)

  @Test func roundTripsThroughText() throws {
    let ledger = Ledger(entries: [
      LedgerEntry(
        version: "20240201000000", relativeName: "20240201000000_b.sql", checksum: Array(repeating: 2, count: 32),
        statements: [StatementFingerprint(value: 0xdead_beef), StatementFingerprint(value: 1)]),
      LedgerEntry(
        version: "-", relativeName: "odd name%.sql", checksum: Array(repeating: 3, count: 32), statements: []),
      LedgerEntry(
        version: "20240101000000", relativeName: "20240101000000_a.sql", checksum: Array(repeating: 1, count: 32),
        statements: nil),
    ])
    let bytes = ledger.serialized(naming: .supabase)
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    // Sorted by version; the unversioned file last; names percent-encoded.
    #expect(lines.count == 3)
    #expect(lines[0].hasPrefix("20240101000000 20240101000000_a.sql sha256:0101"))
    #expect(lines[1].hasSuffix("statements:deadbeef,00000001"))
    #expect(lines[2].hasPrefix("- odd%20name%25.sql sha256:"))
    #expect(text.contains("cslint ledger update"))
    let parsed = try Ledger.parse(bytes, path: "cslint.lock")
    #expect(parsed.entries.map(\.relativeName) == ["20240101000000_a.sql", "20240201000000_b.sql", "odd name%.sql"])
    #expect(
      parsed.entries.map(\.statements) == [nil, [StatementFingerprint(value: 0xdead_beef), .init(value: 1)], []])
    #expect(parsed.entries.map(\.checksum) == [1, 2, 3].map { Array(repeating: UInt8($0), count: 32) })
    #expect(Ledger(entries: parsed.entries).serialized(naming: .supabase) == bytes)
  }

  @Test func acceptsCRLFLineEndingsAndBlankLines() throws {
    let text = "# header\r\n\r\n2024 a.sql sha256:\(Self.checksum)\r\n  \r\n2025 b.sql sha256:\(Self.checksum)\r\n"
    let ledger = try Ledger.parse(Array(text.utf8), path: "cslint.lock")
    #expect(ledger.entries.map(\.relativeName) == ["a.sql", "b.sql"])
    #expect(ledger.entries.map(\.line) == [3, 5])
  }

  struct Malformed: CustomTestStringConvertible, Sendable {
    var line: String
    var column: Int
    var message: String
    var testDescription: String { line }
  }

  static let malformed: [Malformed] = [
    Malformed(line: "2024 a.sql", column: 11, message: "expected `<version> <file> sha256:"),
    Malformed(line: "2024", column: 5, message: "expected `<version> <file> sha256:"),
    Malformed(line: "2024 a.sql md5:\(checksum)", column: 12, message: "expected `sha256:<64 hex digits>`"),
    Malformed(line: "2024 a.sql sha256:\(checksum.dropLast(2))zz", column: 81, message: "invalid hex digit"),
    Malformed(line: "2024 a.sql sha256:abcd", column: 19, message: "has 4 hex digits"),
    Malformed(line: "2024 a.sql sha256:\(checksum) statements:0011223", column: 95, message: "exactly 8 hex digits"),
    Malformed(
      line: "2024 a.sql sha256:\(checksum) statements:00112233,xyz", column: 104, message: "exactly 8 hex digits"),
    Malformed(line: "2024 a.sql sha256:\(checksum) stmts:00112233", column: 84, message: "expected `statements:"),
    Malformed(line: "2024 a.sql sha256:\(checksum) statements: extra", column: 96, message: "unexpected text"),
    Malformed(line: "2024 ../a.sql sha256:\(checksum)", column: 6, message: "relative to the migrations directory"),
    Malformed(line: "2024 /abs.sql sha256:\(checksum)", column: 6, message: "relative to the migrations directory"),
    Malformed(line: "2024 a%2.sql sha256:\(checksum)", column: 7, message: "invalid percent escape"),
    Malformed(line: "2024 a%FF.sql sha256:\(checksum)", column: 6, message: "not valid UTF-8"),
    Malformed(line: "<<<<<<< HEAD", column: 1, message: "merge conflict marker"),
    Malformed(line: "  \t2024 ok.sql", column: 15, message: "expected `<version> <file> sha256:"),
  ]

  /// Each malformed line, placed on line 4 after a comment, a valid entry and
  /// a blank line, is reported with its own line and column.
  @Test(arguments: malformed)
  func malformedLineIsAnErrorWithLineAndColumn(_ row: Malformed) {
    let text = "# header\nok 0_ok.sql sha256:\(Self.checksum)\n\n\(row.line)\n"
    #expect {
      try Ledger.parse(Array(text.utf8), path: "x/cslint.lock")
    } throws: { error in
      guard let error = error as? LedgerError else { return false }
      #expect(error.path == "x/cslint.lock")
      #expect(error.line == 4)
      #expect(error.column == row.column, "\(error)")
      #expect(error.message.contains(row.message), "\(error)")
      return true
    }
  }

  @Test func fileListedTwiceIsAnError() {
    let text = "1 a.sql sha256:\(Self.checksum)\n2 a.sql sha256:\(Self.checksum)\n"
    #expect {
      try Ledger.parse(Array(text.utf8), path: "cslint.lock")
    } throws: { error in
      guard let error = error as? LedgerError else { return false }
      return error.line == 2 && error.column == 1 && error.message.contains("first on line 1")
    }
  }

  @Test func columnsCountCharactersNotBytes() {
    // "é" is two bytes but one column: the first bad hex digit is character 19 (byte 20).
    let text = "2024 é.sql sha256:nothex\n"
    #expect {
      try Ledger.parse(Array(text.utf8), path: "cslint.lock")
    } throws: { error in
      (error as? LedgerError).map { $0.column == 19 && $0.message.contains("invalid hex digit") } ?? false
    }
  }
}
