import CSLintTestSupport
import Foundation
import PostgresSyntax
import Testing

@testable import MigrationLint

/// Reports, at every statement, the tables the schema knows (and how many
/// statements it was asked about in all), to see what the context replay built.
final class SchemaSpyRule: Rule, @unchecked Sendable {
  let description = RuleDescription(
    id: "test-schema-spy", category: .meta, defaultSeverity: .info, summary: "Test rule",
    rationale: "Shows the schema a statement is checked against.")
  var checkedPaths: [String] = []

  func check(_ context: RuleContext) -> [Diagnostic] {
    checkedPaths.append(context.source.path)
    let tables = context.schema.tables.keys.map(\.name).sorted().joined(separator: ",")
    return [context.diagnostic(description, range: context.statement.range, message: tables)]
  }
}

/// Issue 21, shape 5: linting one migration replays the earlier files of its
/// folder for context only. They are read and parsed in batches through
/// `prepare` (like linted files), replayed in order, and no rule runs on them.
@Suite("Context replay of earlier migrations")
struct ContextReplayTests {
  @Test("earlier files build the schema, in order, and get no rules", arguments: [1, 15, 16, 17, 40])
  func contextReplay(count: Int) {
    let history = (0..<count).map { index in
      SourceFile(
        path: String(format: "m/%03d.sql", index),
        text: "create table t\(index) (id int);\n" + (index > 0 ? "drop table t\(index - 1);\n" : ""))
    }
    let spy = SchemaSpyRule()
    let linted = SourceFile(path: "m/999.sql", text: "select 1;\n")
    let results = Linter(rules: [spy]).lint(files: [linted], history: history)
    #expect(results.count == 1)
    #expect(results.first?.diagnostics.map(\.message) == ["t\(count - 1)"])
    #expect(spy.checkedPaths == ["m/999.sql"])
  }
}

/// Issue 21: a folder of several 20 MB files peaked near 900 MB, prepared
/// 16 at a time. Batches also end at `batchBytes`, with at least one file.
@Suite("Batches bounded by bytes")
struct BatchBytesTests {
  @Test("a batch ends before the file that would pass the byte budget")
  func batches() throws {
    let directory = TestPaths.scratchURL("batches")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let sizes = [60, 50, 30, 200, 10, 10]
    let paths = try sizes.enumerated().map { index, size in
      let url = directory.appendingPathComponent("\(index).sql")
      try Data(repeating: 0x20, count: size).write(to: url)
      return url.path
    }
    var pipeline = LintPipeline(linter: Linter(), options: .init(batchSize: 16))
    pipeline.options.batchBytes = 100
    var starts: [Int] = []
    var start = 0
    while start < paths.count {
      starts.append(start)
      start = pipeline.batchEnd(paths.indices, from: start, count: 16) { paths[$0] }
    }
    #expect(starts == [0, 1, 3, 4])
    // The file count still bounds a batch; unknown files count nothing.
    #expect(pipeline.batchEnd(paths.indices, from: 4, count: 1) { paths[$0] } == 5)
    #expect(pipeline.batchEnd(0..<3, from: 0, count: 16) { "missing-\($0).sql" } == 3)
  }
}
