import Foundation
import MigrationLint
import PostgresSyntax

/// One piece of SQL cslint tells a user to run, executed on a live server.
struct SnippetRun: Sendable {
  enum Kind: String, Sendable {
    /// The example after `cslint fix --unsafe-fixes`.
    case fix
    /// SQL shown in a diagnostic's `help`.
    case help
  }

  var kind: Kind
  /// "triggering example 2", "fix example 1", with the help path when there
  /// are alternatives ("path 2 of 2").
  var origin: String
  var sql: String
  /// How often it ran in a row on the same database: twice for idempotency
  /// rules, whose whole point is that a second run succeeds too.
  var repetitions: Int
  /// The server's error; nil when every run succeeded.
  var error: String?
  /// Why it was not run (a placeholder that cannot be filled).
  var skipped: String?
}

/// Every fix and help snippet of one rule, run on one major.
struct FixHelpOutcome: Sendable {
  var ruleID: String
  var major: Int
  var runs: [SnippetRun] = []
  /// Failures, each naming rule, version, snippet and the server's error.
  var problems: [String] = []
}

/// Runs rules' fixes and help SQL, once per (rule, major) per test process.
actor FixAndHelpRunner {
  static let shared = FixAndHelpRunner()
  static let examplePath = "supabase/migrations/20250101000000_example.sql"

  private var outcomes: [String: Task<FixHelpOutcome, Never>] = [:]
  private let gate = AsyncGate(limit: 3)

  func outcome(ruleID: String, on server: ThrowawayServer) async -> FixHelpOutcome {
    let key = "\(ruleID)@\(server.install.major)"
    if let task = outcomes[key] { return await task.value }
    let gate = self.gate
    let task = Task { await gate.run { await Self.check(ruleID, on: server) } }
    outcomes[key] = task
    return await task.value
  }

  // MARK: - One rule

  private static func check(_ ruleID: String, on server: ThrowawayServer) async -> FixHelpOutcome {
    let major = server.install.major
    var outcome = FixHelpOutcome(ruleID: ruleID, major: major)
    guard let rule = RuleRegistry.all.first(where: { $0.description.id == ruleID }) else {
      outcome.problems.append("\(ruleID): not a registered rule")
      return outcome
    }
    // No row: the examples create what they use (previousMigrations). If they
    // do not, their SQL fails on the server and the run reports it.
    let setup = RuleSetups.byRule[ruleID] ?? ""
    let description = rule.description
    let repetitions = description.category == .idempotency ? 2 : 1
    var work: [(origin: String, kind: SnippetRun.Kind, path: [String], previous: [String])] = []
    for (index, example) in description.triggering.enumerated() {
      let sql = example.sql.replacingOccurrences(of: "↓", with: "")
      let origin = "triggering example \(index + 1)"
      let fixed = fix(ruleID, sql, previous: example.previousMigrations, context: example.context)
      if let fixed { work.append((origin, .fix, [fixed], example.previousMigrations)) }
      for diagnostic in diagnostics(ruleID, sql, previous: example.previousMigrations, context: example.context) {
        let paths = HelpSnippets.paths(in: diagnostic.help ?? "")
        for (number, path) in paths.enumerated() {
          let label = paths.count > 1 ? "\(origin), help path \(number + 1) of \(paths.count)" : origin
          work.append((label, .help, path, example.previousMigrations))
        }
      }
    }
    for (index, example) in description.fixes.enumerated() {
      guard let fixed = fix(ruleID, example.before, previous: example.previousMigrations, context: example.context)
      else {
        outcome.problems.append("\(ruleID) fix example \(index + 1): no fix applied to \(example.before)")
        continue
      }
      work.append(("fix example \(index + 1)", .fix, [fixed], example.previousMigrations))
    }
    for item in work {
      let runs = await execute(
        item.path, kind: item.kind, origin: item.origin, previous: item.previous, setup: setup,
        repetitions: repetitions, server: server)
      outcome.runs += runs
      for run in runs {
        if let error = run.error {
          outcome.problems.append(
            "\(ruleID) on PostgreSQL \(major), \(run.origin), \(run.kind.rawValue) SQL failed: \(error)\nSQL:\n\(run.sql)"
          )
        }
      }
    }
    return outcome
  }

  /// Runs one fix or one help path on a fresh database.
  private static func execute(
    _ path: [String], kind: SnippetRun.Kind, origin: String, previous: [String], setup: String, repetitions: Int,
    server: ThrowawayServer
  ) async -> [SnippetRun] {
    var runs = path.map { SnippetRun(kind: kind, origin: origin, sql: $0, repetitions: repetitions) }
    do {
      try await LiveDatabase.with(on: server) { database in
        for (index, migration) in previous.enumerated() {
          if let error = try await MigrationApplier.apply(migration, client: database.client) {
            throw HarnessError("previous migration \(index + 1) failed: \(error)")
          }
        }
        if !setup.isEmpty { try await database.client.execute(setup) }
        for _ in 0..<repetitions {
          for index in runs.indices where runs[index].error == nil && runs[index].skipped == nil {
            switch kind {
            case .fix:
              runs[index].error = try await MigrationApplier.apply(runs[index].sql, client: database.client)
            case .help:
              guard let sql = HelpSnippets.substitutingPlaceholders(runs[index].sql) else {
                runs[index].skipped =
                  "placeholder \(HelpSnippets.placeholders(in: runs[index].sql).joined(separator: ", ")) has no typed literal"
                continue
              }
              runs[index].sql = sql
              // Help SQL is run one statement at a time in autocommit: a
              // CONCURRENTLY statement refuses anything else, and the others
              // behave the same either way.
              runs[index].error = try await MigrationApplier.applyEachStatement(sql, client: database.client)
            }
            // A failed step leaves the rest of the path without its premise.
            if runs[index].error != nil { return }
          }
        }
      }
    } catch {
      for index in runs.indices where runs[index].error == nil { runs[index].error = "harness: \(error)" }
    }
    return runs
  }

  // MARK: - cslint, as `cslint fix --unsafe-fixes` runs it on the example

  /// A linter like the rule-example tests use: only `id`, except for engine
  /// rules, which judge the whole file and run with every rule.
  /// `context` is what the example pins (PostgreSQL version, runner, options).
  static func linter(for id: String, context: ExampleContext = ExampleContext()) -> Linter {
    let engine = Set(RuleRegistry.engineRules.map(\.description.id))
    let settings = context.settings(ruleID: id)
    if engine.contains(id) { return Linter(rules: RuleRegistry.statementRules, settings: settings) }
    return Linter(rules: RuleRegistry.statementRules, settings: settings, selection: RuleSelection(only: [id]))
  }

  static func history(_ previous: [String]) -> [SourceFile] {
    previous.enumerated().map { index, sql in
      SourceFile(path: "supabase/migrations/\(20_240_101_000_000 + index)_prev\(index).sql", text: sql)
    }
  }

  static func diagnostics(
    _ id: String, _ sql: String, previous: [String], context: ExampleContext = ExampleContext()
  ) -> [Diagnostic] {
    let file = SourceFile(path: examplePath, text: sql)
    let result = linter(for: id, context: context).lint(files: [file], history: history(previous)).last
    return result?.diagnostics.filter { $0.ruleID == id } ?? []
  }

  /// The example after fixing with suggestions; nil when nothing was fixed.
  static func fix(_ id: String, _ sql: String, previous: [String], context: ExampleContext = ExampleContext())
    -> String?
  {
    var schema = SchemaState()
    let files = history(previous)
    for (index, source) in files.enumerated() {
      schema.beginFile(index: index)
      for statement in StatementParser.parse(ScannedFile(source: source)) { schema.apply(statement, source: source) }
    }
    schema.beginFile(index: files.count)
    let (outcome, _) = FixApplier.fix(
      SourceFile(path: examplePath, text: sql), linter: linter(for: id, context: context), schemaBefore: schema,
      includeSuggestions: true)
    return outcome.applied.isEmpty ? nil : String(decoding: outcome.fixed, as: UTF8.self)
  }
}
