import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// Deterministic (fixed-seed) property tests: damaged input never crashes or
/// hangs the pipeline, every range stays in bounds and ordered, and `fix` is
/// idempotent and never touches a file with a syntax error.
@Suite("Pipeline properties on mutated input")
struct MutationPropertyTests {
  /// A case slower than this is printed (never failed on: timing depends on
  /// the machine). A real hang would stop the run, which is the signal.
  static let slowCaseSeconds = 5.0

  /// What a batch of cases exercised, so a test can show it reached the
  /// stages it claims to test (a fix that never runs proves nothing).
  struct Tally {
    var cases = 0
    var withLexerErrors = 0
    var fixed = 0
    var slowest = (seconds: 0.0, label: "")
    var failures: [String] = []

    mutating func add(_ other: Tally) {
      cases += other.cases
      withLexerErrors += other.withLexerErrors
      fixed += other.fixed
      if other.slowest.seconds > slowest.seconds { slowest = other.slowest }
      failures += other.failures.prefix(max(0, 20 - failures.count))
    }

    var summary: String {
      "\(cases) cases, \(withLexerErrors) with lexer errors, \(fixed) changed by fix; slowest "
        + String(format: "%.3f s: %@", slowest.seconds, slowest.label)
    }
  }

  /// Runs every case and keeps the first problems. Slow cases are printed.
  static func check(_ cases: [(label: String, bytes: [UInt8])], with checker: PipelineCheck) -> Tally {
    var tally = Tally()
    for testCase in cases {
      let outcome = checker.run(testCase.bytes)
      tally.cases += 1
      if outcome.hadLexerErrors { tally.withLexerErrors += 1 }
      if outcome.fixedBytes != testCase.bytes { tally.fixed += 1 }
      if outcome.seconds > tally.slowest.seconds { tally.slowest = (outcome.seconds, testCase.label) }
      if outcome.seconds > slowCaseSeconds {
        print(
          "slow case (\(String(format: "%.1f", outcome.seconds)) s, \(testCase.bytes.count) bytes): \(testCase.label)")
      }
      for problem in outcome.problems where tally.failures.count < 20 {
        tally.failures.append("\(testCase.label): \(problem)")
      }
    }
    return tally
  }

  @Test("the corpus is present (required when CI=true)")
  func corpusPresent() throws {
    #expect(RobustCorpus.isAvailable || !RobustCorpus.isCI, "CI=true but \(RobustCorpus.directory.path) is missing")
    if !RobustCorpus.isAvailable && !RobustCorpus.isCI {
      try Test.cancel("skipped: \(RobustCorpus.directory.path) is missing (../shared); CI=true makes this a failure")
    }
  }

  @Test(
    "mutated corpus files: byte flips, truncation, inserted quotes, comments, NUL and invalid UTF-8",
    .enabled(if: RobustCorpus.isAvailable, "../shared/corpus is missing"))
  func mutatedCorpus() {
    let sample = RobustCorpus.sample()
    #expect(sample.count > 150, "the sample is unexpectedly small: \(sample.count) files")
    var tally = Tally()
    for (index, entry) in sample.enumerated() {
      // Replaying the intact file first makes its tables "existing", so the
      // rules (and fixes) that only apply to existing tables run too.
      let checker = PipelineCheck(schemaBefore: PipelineCheck.schema(afterReplaying: entry.bytes))
      let mutants = Mutation.mutants(of: entry.bytes, seed: 0xC51_1A7 &+ UInt64(index), count: 6)
      tally.add(Self.check(mutants.map { ("\(entry.name) \($0.label)", $0.bytes) }, with: checker))
      if tally.failures.count >= 20 { break }
    }
    print("mutated corpus (\(sample.count) files): \(tally.summary)")
    #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    #expect(tally.withLexerErrors > 0 && tally.fixed > 0, "the mutants never reached the fixer or the lexer errors")
  }

  @Test(
    "every token-boundary truncation of a few corpus files",
    .enabled(if: RobustCorpus.isAvailable, "../shared/corpus is missing"))
  func truncatedCorpus() {
    // Three small migrations, picked by position in the sorted listing.
    let files = RobustCorpus.sample(migrationCount: 150, regressLimit: 0)
      .filter { $0.bytes.count > 500 && $0.bytes.count < 4_000 }.prefix(3)
    #expect(files.count == 3)
    var tally = Tally()
    for entry in files {
      let checker = PipelineCheck(schemaBefore: PipelineCheck.schema(afterReplaying: entry.bytes))
      let cases = Mutation.tokenBoundaryPrefixes(of: entry.bytes).map { cut in
        ("\(entry.name) cut at \(cut)", Array(entry.bytes[..<cut]))
      }
      tally.add(Self.check(cases, with: checker))
    }
    print("truncated corpus files: \(tally.summary)")
    #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
  }

  @Test("self-written migrations: every token-boundary truncation and 300 mutants each")
  func mutatedSamples() {
    let checker = PipelineCheck(
      schemaBefore: PipelineCheck.schema(afterReplaying: Array(SampleMigrations.history.utf8)))
    var tally = Tally()
    for (index, text) in SampleMigrations.all.enumerated() {
      let bytes = Array(text.utf8)
      let intact = checker.run(bytes)
      #expect(intact.problems.isEmpty, "sample \(index): \(intact.problems)")
      #expect(intact.fixedBytes != bytes, "sample \(index) should have something to fix")
      var cases = Mutation.tokenBoundaryPrefixes(of: bytes).map {
        ("sample \(index) cut at \($0)", Array(bytes[..<$0]))
      }
      cases += Mutation.mutants(of: bytes, seed: 0x5A_0000 &+ UInt64(index), count: 300)
        .map { ("sample \(index) \($0.label)", $0.bytes) }
      tally.add(Self.check(cases, with: checker))
    }
    print("self-written samples: \(tally.summary)")
    #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    #expect(tally.withLexerErrors > 0 && tally.fixed > 0, "the mutants never reached the fixer or the lexer errors")
  }

  @Test("each fragment inserted at every token boundary of a short migration")
  func fragmentAtEveryBoundary() {
    let base = Array("create index i on accounts (email);\ndrop index j;\nselect 'a', $$b$$, \"c\";\n".utf8)
    let checker = PipelineCheck(
      schemaBefore: PipelineCheck.schema(afterReplaying: Array(SampleMigrations.history.utf8)))
    var cases: [(String, [UInt8])] = []
    for cut in Mutation.tokenBoundaryPrefixes(of: base) {
      for fragment in Mutation.fragments {
        var bytes = base
        bytes.insert(contentsOf: fragment, at: cut)
        cases.append(("\(fragment) at \(cut)", bytes))
      }
    }
    let tally = Self.check(cases, with: checker)
    print("fragments at every boundary: \(tally.summary)")
    #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
  }
}
