import CSLintTestSupport
import Foundation
import PostgresSyntax
import Testing

@testable import MigrationLint

/// The engine runs a rule only on the statement families it declares
/// (`Rule.statementKinds`). A family left out by mistake would silently drop
/// findings, so these tests lint the same SQL with that dispatch and with
/// every rule run on every statement, and require the same findings.
@Suite("RuleDispatch")
struct RuleDispatchTests {
  static let ruleIDs = RuleRegistry.all.map(\.description.id)

  /// Both linters for `linter`: by family, and every rule on every statement.
  private static func pair(_ linter: Linter) -> (byKind: Linter, everyStatement: Linter) {
    var everyStatement = linter
    everyStatement.dispatchesByKind = false
    return (linter, everyStatement)
  }

  private static func lint(_ linter: Linter, sql: String, previous: [String]) -> [Diagnostic] {
    ExampleHarness.lint(Array(sql.utf8), previous: previous, linter: linter)?.diagnostics ?? []
  }

  /// Rule id and start offset of each finding, for failure messages.
  private static func summary(_ found: [Diagnostic]) -> [String] { found.map { "\($0.ruleID)@\($0.range.lowerBound)" } }

  @Test("each rule's examples: same findings with the rule alone and with every rule on", arguments: ruleIDs)
  func examples(_ id: String) throws {
    let description = try #require(ExampleHarness.rule(id)?.description)
    let examples = description.triggering + description.nonTriggering
    for example in examples {
      let sql = MarkedSQL(example.sql).text
      let alone = Self.pair(ExampleHarness.linter(for: id, context: example.context))
      let everyRule = Self.pair(
        Linter(
          rules: RuleRegistry.statementRules, settings: example.context.settings(ruleID: id),
          selection: RuleSelection(enabled: Set(Self.ruleIDs))))
      for (byKind, everyStatement) in [alone, everyRule] {
        let dispatched = Self.lint(byKind, sql: sql, previous: example.previousMigrations)
        let undispatched = Self.lint(everyStatement, sql: sql, previous: example.previousMigrations)
        let same = dispatched == undispatched
        #expect(
          same,
          """
          \(id): findings differ when rules run on every statement
          by family: \(Self.summary(dispatched))
          every statement: \(Self.summary(undispatched))
          \(sql)
          """,
          sourceLocation: example.location)
      }
    }
  }

  @Test("the example projects: same findings either way")
  func exampleProjects() throws {
    let root = TestPaths.packageRoot.appendingPathComponent("Examples")
    let files = try FileManager.default.subpathsOfDirectory(atPath: root.path)
      .filter { $0.hasSuffix(".sql") }.sorted()
    #expect(files.count >= 10, "Examples/ should hold the shipped example migrations")
    let folders = Dictionary(grouping: files) { ($0 as NSString).deletingLastPathComponent }
    var findings = 0
    for (_, paths) in folders.sorted(by: { $0.key < $1.key }) {
      let sources = try paths.map { path in
        SourceFile(path: path, bytes: Array(try Data(contentsOf: root.appendingPathComponent(path))))
      }
      let (byKind, everyStatement) = Self.pair(
        Linter(rules: RuleRegistry.statementRules, selection: RuleSelection(enabled: Set(Self.ruleIDs))))
      let dispatched = byKind.lint(files: sources).flatMap(\.diagnostics)
      let undispatched = everyStatement.lint(files: sources).flatMap(\.diagnostics)
      let same = dispatched == undispatched
      #expect(
        same,
        "findings differ in \(paths.first ?? "")'s folder: \(Self.summary(dispatched)) vs \(Self.summary(undispatched))"
      )
      findings += dispatched.count
    }
    #expect(findings > 20, "the example projects should produce findings to compare")
  }

  @Test("a rule is skipped for statements outside its families")
  func skipsOtherFamilies() {
    let dispatch = RuleDispatch([RenameTable(), DropTable(), RequireLockTimeout()])
    let rename = StatementNode.other
    // RequireLockTimeout declares every family; the other two only theirs.
    #expect(dispatch.rules(for: rename) == [2])
    let statements = StatementParser.parse(ScannedFile(source: SourceFile(path: "a.sql", text: "DROP TABLE t;")))
    #expect(statements.first.map { dispatch.rules(for: $0.node) } == [1, 2])
  }
}
