import Foundation
import MigrationLint
import PostgresSyntax
import Testing

@Suite("Schema model: replaying every corpus project")
struct CorpusReplayTests {
  @Test("every project replays without a crash")
  func replayAll() throws {
    guard let folder = try SchemaCorpus.migrationsFolder() else { return }
    let projects = try SchemaCorpus.projects(in: folder)
    #expect(projects.count >= 20, "expected the corpus's projects, found \(projects.count)")
    // Reading files is I/O, not replay: load everything first, then time.
    let loaded = projects.map { ($0, SchemaCorpus.files(of: $0, in: folder)) }
    let clock = ContinuousClock()
    var fileCount = 0
    var statementCount = 0
    var tableCount = 0
    let elapsed = clock.measure {
      for (_, files) in loaded {
        var state = SchemaState()
        for (index, file) in files.enumerated() {
          state.beginFile(index: index)
          let statements = StatementParser.parse(ScannedFile(source: file))
          statementCount += statements.count
          for statement in statements { state.apply(statement, source: file) }
        }
        fileCount += files.count
        tableCount += state.tables.count
      }
    }
    let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    print(
      "corpus replay: \(loaded.count) projects, \(fileCount) files, \(statementCount) statements, "
        + "\(tableCount) tables at the end, \(String(format: "%.0f", milliseconds)) ms (scan + parse + replay)")
    #expect(fileCount > 2000)
    #expect(tableCount > 0)
  }
}
