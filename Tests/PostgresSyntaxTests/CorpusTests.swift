import Foundation
import PostgresSyntax
import Testing

/// Agreement with PostgreSQL's own parser on real files, and robustness on
/// every file of the corpus (including the ones PostgreSQL rejects).
@Suite("Corpus")
struct CorpusTests {
  @Test("the corpus is present (required when CI=true)")
  func corpusPresent() throws {
    #expect(Corpus.isAvailable || !Corpus.isCI, "CI=true but \(Corpus.directory.path) is missing")
    if !Corpus.isAvailable && !Corpus.isCI {
      try Test.cancel("skipped: \(Corpus.directory.path) is missing (../shared); CI=true makes this a failure")
    }
  }

  @Test(
    "statement ranges agree with PostgreSQL on >= 99.9% of statements",
    .enabled(if: Corpus.isAvailable, "../shared/corpus is missing"), arguments: Corpus.folders)
  func agreement(folder: String) throws {
    let report = try #require(Corpus.report?.folders[folder])
    print(
      String(
        format: "corpus %@: %d/%d statements agree (%.3f%%) over %d files PostgreSQL parses; %d files differ",
        folder, report.matchedStatements, report.oracleStatements + report.ourStatements - report.matchedStatements,
        report.agreement * 100, report.filesCompared, report.mismatchedFiles))
    for mismatch in report.mismatches { print("  mismatch: \(mismatch)") }
    #expect(report.filesCompared > 0)
    #expect(report.missingFiles == [], "files listed by the oracle but missing")
    #expect(report.agreement >= 0.999, "agreement \(report.agreement) in \(folder)")
  }

  @Test(
    "no file PostgreSQL parses gets a lexer error", .enabled(if: Corpus.isAvailable, "../shared/corpus is missing"),
    arguments: Corpus.folders)
  func noLexerErrorOnValidFiles(folder: String) throws {
    let report = try #require(Corpus.report?.folders[folder])
    #expect(report.lexerErrorsOnValidFiles == [])
  }

  @Test(
    "every corpus file lexes and splits into sorted, disjoint, in-bounds ranges",
    .enabled(if: Corpus.isAvailable, "../shared/corpus is missing"))
  func robustness() throws {
    let report = try #require(Corpus.report)
    print("corpus: scanned \(report.filesScanned) files, \(report.bytesScanned) bytes")
    #expect(report.filesScanned > 0)
    #expect(report.violations == [])
  }
}
