import Foundation
import PostgresSyntax
import Testing

/// One line of `corpus/oracle/<folder>.jsonl`, written by `pg_oracle.py --kinds`.
private struct OracleRecord: Decodable {
  var file: String
  var ok: Bool
  var statements: [[Int]]
  /// Absent when the oracle could not read the file (invalid UTF-8).
  var kinds: [String]?
}

/// Agreement of `Statement.kind` with PostgreSQL's own parse-node names.
private struct Agreement {
  var total = 0
  var exact = 0
  /// "expected ← got" → count.
  var misses: [String: Int] = [:]
  var examples: [String: String] = [:]

  var ratio: Double { total == 0 ? 1 : Double(exact) / Double(total) }

  mutating func record(expected: String, got: String, location: String) {
    total += 1
    if expected == got {
      exact += 1
      return
    }
    let key = "\(expected) ← \(got)"
    misses[key, default: 0] += 1
    if examples[key] == nil { examples[key] = location }
  }

  func report(folder: String) -> String {
    let percent = String(format: "%.3f", ratio * 100)
    var lines = ["classification \(folder): \(exact)/\(total) statements exact (\(percent)%)"]
    let top = misses.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(15)
    for (key, count) in top {
      lines.append("  \(count)× \(key)   e.g. \(examples[key] ?? "")")
    }
    return lines.joined(separator: "\n")
  }
}

@Suite("Statement classification against PostgreSQL's parser")
struct ClassificationCorpusTests {
  /// The issue's acceptance threshold, per folder.
  static let threshold = 0.995

  @Test("kind strings agree with the oracle", arguments: ["migrations", "postgres-regress"])
  func agreesWithOracle(folder: String) throws {
    guard let corpus = try ParserCorpusLocator.corpus() else { return }
    let oracle = corpus.appendingPathComponent("oracle/\(folder).jsonl")
    let data = try Data(contentsOf: oracle)
    let decoder = JSONDecoder()
    var agreement = Agreement()
    for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
      let record = try decoder.decode(OracleRecord.self, from: Data(line))
      guard record.ok else { continue }
      let bytes = try [UInt8](Data(contentsOf: corpus.appendingPathComponent(record.file)))
      compare(record, bytes: bytes, into: &agreement)
    }
    print(agreement.report(folder: folder))
    #expect(agreement.total > 0, "no statements compared in \(folder)")
    #expect(agreement.ratio >= Self.threshold, "\(agreement.report(folder: folder))")
  }

  /// Compares statement by statement, matched by byte range; an oracle
  /// statement cslint does not split out the same way counts as a miss.
  private func compare(_ record: OracleRecord, bytes: [UInt8], into agreement: inout Agreement) {
    let scanned = ScannedFile(source: SourceFile(path: record.file, bytes: bytes))
    var kindByRange: [Range<Int>: String] = [:]
    for statement in StatementParser.parse(scanned) where !statement.span.isMetaCommand {
      kindByRange[statement.range] = statement.kind
    }
    for (range, expected) in zip(record.statements, record.kinds ?? []) where range.count == 2 {
      let got = kindByRange[range[0]..<range[1]] ?? "<no statement with this range>"
      agreement.record(expected: expected, got: got, location: "\(record.file)@\(range[0])")
    }
  }
}
