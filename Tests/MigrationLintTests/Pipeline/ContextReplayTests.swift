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
