import CSLintTestSupport
import Foundation
import PostgresSyntax

/// The third-party SQL corpus in `../shared/corpus` (beside the package
/// root) and PostgreSQL's own statement ranges for it (`oracle/*.jsonl`,
/// written by `shared/tools/pg_oracle.py`). Nothing from it is copied here.
enum Corpus {
  static let folders = ["migrations", "postgres-regress"]

  static let directory = TestPaths.sharedCorpus

  static var isAvailable: Bool {
    folders.allSatisfy {
      FileManager.default.fileExists(atPath: directory.appendingPathComponent("oracle/\($0).jsonl").path)
    }
  }

  /// CI must run the corpus tests, so there a missing corpus is a failure.
  static var isCI: Bool { TestPaths.isCI }

  /// Computed once and shared by every corpus test: each file is read,
  /// lexed and split a single time (the corpus is about 12 MB).
  static let report: Report? = isAvailable ? Report.build() : nil

  struct FolderReport: Sendable {
    var folder: String
    var filesCompared = 0
    var oracleStatements = 0
    var ourStatements = 0
    var matchedStatements = 0
    /// Files the oracle lists but that could not be read.
    var missingFiles: [String] = []
    /// First differences, described for a human.
    var mismatches: [String] = []
    var mismatchedFiles = 0
    /// Files PostgreSQL parses in which our lexer reports an error.
    var lexerErrorsOnValidFiles: [String] = []

    /// Matched ranges over the union of both sides' ranges, so extra and
    /// missing statements both count against us.
    var agreement: Double {
      let union = oracleStatements + ourStatements - matchedStatements
      return union == 0 ? 1 : Double(matchedStatements) / Double(union)
    }
  }

  struct Report: Sendable {
    var folders: [String: FolderReport] = [:]
    var filesScanned = 0
    var bytesScanned = 0
    /// Structural problems (tokens or statements) on any corpus file.
    var violations: [String] = []

    static func build() -> Report {
      var report = Report()
      var oracle: [String: (ok: Bool, ranges: [Range<Int>])] = [:]
      for folder in Corpus.folders {
        report.folders[folder] = FolderReport(folder: folder)
        for entry in readOracle(folder) { oracle[entry.file] = (entry.ok, entry.ranges) }
      }
      for folder in Corpus.folders {
        var folderReport = report.folders[folder] ?? FolderReport(folder: folder)
        var seen = Set<String>()
        for relative in sqlFiles(in: folder) {
          let path = directory.appendingPathComponent(relative).path
          guard let data = FileManager.default.contents(atPath: path) else {
            report.violations.append("\(relative): cannot be read")
            continue
          }
          let bytes = [UInt8](data)
          seen.insert(relative)
          let lexed = Lexer.tokenize(bytes)
          let statements = StatementSplitter.split(tokens: lexed.tokens, bytes: bytes)
          report.filesScanned += 1
          report.bytesScanned += bytes.count
          for problem in tokenInvariantViolations(bytes, lexed)
            + statementInvariantViolations(
              bytes, lexed.tokens, statements)
          {
            report.violations.append("\(relative): \(problem)")
          }
          guard let expected = oracle[relative], expected.ok else { continue }
          if let error = lexed.errors.first {
            folderReport.lexerErrorsOnValidFiles.append("\(relative): \(error.message) at byte \(error.offset)")
          }
          let ours = statements.filter { !$0.isMetaCommand }.map(\.range)
          folderReport.compare(relative, bytes: bytes, oracle: expected.ranges, ours: ours)
        }
        folderReport.missingFiles = oracle.filter { $0.key.hasPrefix(folder + "/") && !seen.contains($0.key) }
          .map(\.key).sorted()
        report.folders[folder] = folderReport
      }
      return report
    }

    /// `(file, ok, ranges)` per oracle line; `file` is relative to the corpus.
    static func readOracle(_ folder: String) -> [(file: String, ok: Bool, ranges: [Range<Int>])] {
      let url = directory.appendingPathComponent("oracle/\(folder).jsonl")
      guard let data = try? Data(contentsOf: url) else { return [] }
      var entries: [(file: String, ok: Bool, ranges: [Range<Int>])] = []
      for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
          let file = object["file"] as? String
        else { continue }
        let ok = object["ok"] as? Bool ?? false
        let pairs = object["statements"] as? [[Int]] ?? []
        let ranges = pairs.compactMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]..<$0[1] : nil }
        entries.append((file, ok, ranges))
      }
      return entries
    }

    /// Every `.sql` file under `folder`, as paths relative to the corpus.
    static func sqlFiles(in folder: String) -> [String] {
      let root = directory.appendingPathComponent(folder)
      guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
      var files: [String] = []
      while let entry = enumerator.nextObject() as? String {
        if entry.hasSuffix(".sql") { files.append(folder + "/" + entry) }
      }
      return files.sorted()
    }
  }
}

extension Corpus.FolderReport {
  mutating func compare(_ file: String, bytes: [UInt8], oracle: [Range<Int>], ours: [Range<Int>]) {
    filesCompared += 1
    oracleStatements += oracle.count
    ourStatements += ours.count
    let ourSet = Set(ours)
    let matched = oracle.filter { ourSet.contains($0) }.count
    matchedStatements += matched
    guard matched != oracle.count || matched != ours.count else { return }
    mismatchedFiles += 1
    guard mismatches.count < 10 else { return }
    let oracleSet = Set(oracle)
    let onlyOracle = oracle.filter { !ourSet.contains($0) }.prefix(2).map { describe($0, bytes) }
    let onlyOurs = ours.filter { !oracleSet.contains($0) }.prefix(2).map { describe($0, bytes) }
    mismatches.append("\(file): PostgreSQL only \(onlyOracle); cslint only \(onlyOurs)")
  }

  private func describe(_ range: Range<Int>, _ bytes: [UInt8]) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    let text = String(decoding: bytes[lower..<min(upper, lower + 60)], as: UTF8.self)
    return "[\(range.lowerBound), \(range.upperBound)) \(text.debugDescription)"
  }
}
