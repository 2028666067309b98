import PostgresSyntax
import Testing

@testable import MigrationLint

/// A rule with a settle step, to test the step generically: flags every
/// CREATE TABLE; at the folder's end drops findings for tables no longer in
/// the schema, marks the rest final, and adds one summary finding.
struct TableCountRule: Rule {
  let description = RuleDescription(
    id: "test-table-count", category: .meta, defaultSeverity: .warning, summary: "Test rule",
    rationale: "Exercises Rule.settle.")

  func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createTable(let table) = context.statement.node else { return [] }
    var diagnostic = context.diagnostic(description, range: context.statement.range, message: table.name.name)
    diagnostic.subject = table.name.name
    return [diagnostic]
  }

  var settlesAtFolderEnd: Bool { true }

  func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    var standing = findings.filter { finalSchema.tables[ObjectKey(schema: "public", name: $0.subject ?? "")] != nil }
    for index in standing.indices { standing[index].message += " (final)" }
    guard let first = findings.first else { return standing }
    // Added for a held file: joins its report; for any other path: dropped.
    standing.append(
      Diagnostic(ruleID: description.id, severity: .warning, path: first.path, range: 0..<0, message: "summary"))
    standing.append(
      Diagnostic(ruleID: description.id, severity: .warning, path: "elsewhere.sql", range: 0..<0, message: "lost"))
    return standing
  }
}

@Suite("Settle step (Rule.settle) through LintPipeline")
struct SettleStepTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    /// (path, SQL) in migration order.
    let files: [(String, String)]
    /// Per file: held or not.
    let held: [Bool]
    /// "path: message" of the final findings, in report order.
    let findings: [String]
    var testDescription: String { name }
  }

  static let cases = [
    Case(
      name: "a dropped table's finding goes, a kept one is final, the summary joins the first held file",
      files: [
        ("m/1.sql", "create table a (id int);\ncreate table b (id int);\n"), ("m/2.sql", "select 1;\n"),
        ("m/3.sql", "drop table a;\n"),
      ],
      held: [true, false, false], findings: ["m/1.sql: summary", "m/1.sql: b (final)"]),
    Case(
      name: "no finding of a settling rule: nothing is held",
      files: [("m/1.sql", "select 1;\n")], held: [false], findings: []),
    Case(
      name: "every finding dropped: the held report ends clean",
      files: [("m/1.sql", "create table a (id int);\n"), ("m/2.sql", "drop table a;\n")],
      held: [true, false], findings: ["m/1.sql: summary"]),
  ]

  @Test(arguments: cases)
  func settles(_ testCase: Case) {
    let sources = Dictionary(uniqueKeysWithValues: testCase.files.map { ($0.0, SourceFile(path: $0.0, text: $0.1)) })
    let pipeline = LintPipeline(
      linter: Linter(rules: [TableCountRule()]), options: .init(runnerIsExplicit: true, checksHistory: false))
    let job = FolderJob(
      folder: MigrationFolder(directory: "m", files: testCase.files.map(\.0), isFullyDiscovered: false))
    var held: [Bool] = Array(repeating: false, count: testCase.files.count)
    var reports: [FileReport?] = Array(repeating: nil, count: testCase.files.count)
    var ended = false
    var clock = StageClock(enabled: false)
    pipeline.lint(
      job, clock: &clock, prepare: { $0.map { sources[$0].map { PreparedFile(source: $0) } } },
      problem: { Issue.record("unexpected problem: \($0.message)") }
    ) { event in
      switch event {
      case .begin(let count): #expect(count == testCase.files.count)
      case .report(let report, let position, let isHeld):
        #expect(!ended)
        reports[position] = report
        held[position] = isHeld
      case .end(let settled, let extra):
        ended = true
        #expect(extra.isEmpty)
        // Exactly the held reports get final diagnostics.
        #expect(Set(settled.keys) == Set(held.indices.filter { held[$0] }))
        for (position, diagnostics) in settled { reports[position]?.diagnostics = diagnostics }
      }
    }
    #expect(ended)
    #expect(held == testCase.held)
    let findings = reports.compactMap { $0 }.flatMap(\.diagnostics).map { "\($0.path): \($0.message)" }
    #expect(findings == testCase.findings)
    // The wrapper and `collect` run the same pipeline and agree.
    let wrapped = Linter(rules: [TableCountRule()]).lint(files: testCase.files.map { sources[$0.0]! })
    #expect(wrapped.flatMap(\.diagnostics).map { "\($0.path): \($0.message)" } == testCase.findings)
  }

  @Test("rls-disabled-in-public holds only reports with its findings; the ones a later file secures are dropped")
  func rowLevelSecurity() {
    let files = [
      SourceFile(path: "m/1.sql", text: "create table public.a (id int);\ncreate table public.b (id int);\n"),
      SourceFile(path: "m/2.sql", text: "create index i on a (id);\n"),
      SourceFile(path: "m/3.sql", text: "alter table a enable row level security;\n"),
    ]
    let sources = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
    let pipeline = LintPipeline(
      linter: Linter(selection: RuleSelection(only: ["rls-disabled-in-public", "require-concurrent-index-creation"])),
      options: .init(checksHistory: false))
    var held: [Int: Bool] = [:]
    var settled: [Int: [Diagnostic]] = [:]
    var clock = StageClock(enabled: false)
    pipeline.lint(
      FolderJob(folder: MigrationFolder(directory: "m", files: files.map(\.path), isFullyDiscovered: false)),
      clock: &clock, prepare: { $0.map { sources[$0].map { PreparedFile(source: $0) } } }, problem: { _ in }
    ) { event in
      if case .report(_, let position, let isHeld) = event { held[position] = isHeld }
      if case .end(let final, _) = event { settled = final }
    }
    #expect(held == [0: true, 1: false, 2: false])
    #expect(settled[0]?.map(\.message).count == 1)
    #expect(settled[0]?.first?.subject == "public.b")
  }
}
