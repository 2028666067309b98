import CSLintTestSupport
import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// Runs rule examples through the real `Linter`, the way `cslint lint`
/// would see them: earlier migrations as history files, the example as the
/// newest migration file.
enum ExampleHarness {
  static let examplePath = "supabase/migrations/20250101000000_example.sql"

  static let packageRoot = TestPaths.packageRoot

  /// Ids of the rules the linter emits itself (not from `check`).
  static let engineRuleIDs = Set(RuleRegistry.engineRules.map(\.description.id))
  static let suppressionRuleIDs: Set<String> = ["unused-suppression", "invalid-suppression"]

  static func isEngineRule(_ id: String) -> Bool { engineRuleIDs.contains(id) }

  static func rule(_ id: String) -> (any Rule)? { RuleRegistry.all.first { $0.description.id == id } }

  /// Earlier migrations as files named like Supabase's, in order.
  static func history(_ previous: [String]) -> [SourceFile] {
    previous.enumerated().map { index, sql in
      SourceFile(path: "supabase/migrations/\(20_240_101_000_000 + index)_prev\(index).sql", text: sql)
    }
  }

  /// A linter with only `id` enabled (plus `extra`). Engine rules run with
  /// every rule on, since they judge the file as a whole; their tests look
  /// only at their own id.
  /// `context` pins the PostgreSQL version, runner and the rule's options.
  static func linter(for id: String, extra: Set<String> = [], context: ExampleContext = ExampleContext()) -> Linter {
    let settings = context.settings(ruleID: id)
    if isEngineRule(id) { return Linter(rules: RuleRegistry.statementRules, settings: settings) }
    return Linter(
      rules: RuleRegistry.statementRules, settings: settings, selection: RuleSelection(only: Set([id]).union(extra)))
  }

  /// Lints `bytes` as the newest migration after `previous`.
  static func lint(_ bytes: [UInt8], previous: [String], linter: Linter) -> FileResult? {
    let file = SourceFile(path: examplePath, bytes: bytes)
    return linter.lint(files: [file], history: history(previous)).last
  }

  /// Diagnostics of rule `id` for `bytes`.
  static func diagnostics(
    _ id: String, _ bytes: [UInt8], previous: [String], extra: Set<String> = [],
    context: ExampleContext = ExampleContext()
  ) -> [Diagnostic] {
    let result = lint(bytes, previous: previous, linter: linter(for: id, extra: extra, context: context))
    return result?.diagnostics.filter { $0.ruleID == id } ?? []
  }

  /// The schema just before the example file, as `cslint fix` builds it.
  static func schemaBefore(previous: [String]) -> SchemaState {
    var schema = SchemaState()
    let files = history(previous)
    for (index, source) in files.enumerated() {
      schema.beginFile(index: index)
      for statement in StatementParser.parse(ScannedFile(source: source)) { schema.apply(statement, source: source) }
    }
    schema.beginFile(index: files.count)
    return schema
  }

  /// `cslint fix --unsafe-fixes` on the example with only `id` enabled.
  static func fix(
    _ id: String, _ bytes: [UInt8], previous: [String], context: ExampleContext = ExampleContext()
  ) -> FixApplier.Outcome {
    let source = SourceFile(path: examplePath, bytes: bytes)
    let (outcome, _) = FixApplier.fix(
      source, linter: linter(for: id, context: context), schemaBefore: schemaBefore(previous: previous),
      includeSuggestions: true)
    return outcome
  }

  /// `line:column` of each offset, for readable failure messages.
  static func positions(_ offsets: [Int], in bytes: [UInt8]) -> String {
    let source = SourceFile(path: examplePath, bytes: bytes)
    let list = offsets.map { offset -> String in
      let location = source.location(of: offset)
      return "\(location.line):\(location.column)"
    }
    return "[" + list.joined(separator: ", ") + "]"
  }
}

/// Where an example is written, so failures point at the rule's source.
func exampleLocation(_ file: StaticString, _ line: UInt) -> Testing.SourceLocation {
  let path = "\(file)"
  let name = path.split(separator: "/").last.map(String.init) ?? path
  return Testing.SourceLocation(fileID: "MigrationLint/\(name)", filePath: path, line: Int(line), column: 1)
}

extension RuleExample {
  var location: Testing.SourceLocation { exampleLocation(file, line) }
}

extension FixExample {
  var location: Testing.SourceLocation { exampleLocation(file, line) }
}
