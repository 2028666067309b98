/// The statement-effects section of docs/verification.md: the lock table
/// `LockEffectsLiveTests` proves.
extension VerificationDoc {
  static func lockSection(_ outcomes: [LockEffectsOutcome]) -> [String] {
    let majors = Set(outcomes.map(\.major)).sorted()
    var lines = [
      "",
      "## Statement effects against the server's locks",
      "",
      "`LockEffectsLiveTests` checks the engine's lock model (`StatementEffects`, what every rule",
      "reads) statement by statement: each case of `Tests/LiveTests/LockCases.swift` runs on a scratch",
      "schema holding tables with rows, an index, a materialized view, a partitioned table, an enum,",
      "NOT VALID constraints, a trigger, a policy and a view. It runs as `BEGIN; <statement>;`, then",
      "the same backend reads its own locks from `pg_locks` and every relation's `relfilenode`, and",
      "rolls back. Statements that refuse a transaction block run in autocommit while an open",
      "writer on `t` makes them wait, and another session reads their locks (held and awaited).",
      "`LockAnalysis.analyze` computes cslint's effects for the same statement after the same setup.",
      "The strongest lock on every table, partitioned table, materialized view and view must be",
      "cslint's, both ways (a relation cslint names that the server did not lock fails too); index",
      "locks are compared where cslint names the index. cslint's `rewrite` must match a changed",
      "`relfilenode`, both ways, except that TRUNCATE's new empty file is no rewrite. A cell shows the",
      "server's lock (and `rewrite`) when cslint agrees, and both when not.",
      "",
      "| Case | Statement | Relation | " + majors.map { "PG \($0)" }.joined(separator: " | ") + " | Agrees |",
      "| --- | --- | --- | " + majors.map { _ in "---" }.joined(separator: " | ") + " | --- |",
    ]
    var order: [String] = []
    var byCase: [String: [Int: LockEffectsOutcome]] = [:]
    for outcome in outcomes {
      if byCase[outcome.lockCase.name] == nil { order.append(outcome.lockCase.name) }
      byCase[outcome.lockCase.name, default: [:]][outcome.major] = outcome
    }
    for name in order {
      guard let versions = byCase[name], let first = versions.values.first else { continue }
      let relations = Set(versions.values.flatMap(comparedRelations)).sorted()
      for relation in relations.isEmpty ? ["—"] : relations {
        let cells = majors.map { major -> (text: String, agrees: Bool) in
          guard let outcome = versions[major] else { return ("not run", false) }
          return cell(outcome, relation)
        }
        let agrees = cells.allSatisfy(\.agrees) ? "yes" : "**NO**"
        lines.append(row(["\(name)", code(first.lockCase.statement), relation] + cells.map(\.text) + [agrees]))
      }
    }
    return lines
  }

  /// Names of the relations a case's comparison covers on one major.
  private static func comparedRelations(_ outcome: LockEffectsOutcome) -> [String] {
    let observed = outcome.observed?.locks.filter {
      LockEffectsComparison.reportedKinds.contains($0.value.kind) || outcome.claimed[$0.key] != nil
    }
    return Array(outcome.claimed.keys) + Array(observed?.keys ?? [:].keys)
  }

  /// The server's lock on `relation` (and whether it got a new file), with
  /// cslint's when the two differ.
  private static func cell(_ outcome: LockEffectsOutcome, _ relation: String) -> (text: String, agrees: Bool) {
    guard let observed = outcome.observed else { return ("error: \(firstLine(outcome.error ?? ""))", false) }
    let claimed = outcome.claimed[relation]
    let server = observed.locks[relation]?.mode
    let rewritten = observed.rewritten.contains(relation)
    let newFile = outcome.lockCase.newEmptyFile && rewritten
    let serverText = (server?.sqlName ?? "no lock") + (newFile ? ", new empty file" : rewritten ? ", rewrite" : "")
    let rewriteAgrees = newFile ? claimed?.rewrite != true : (claimed?.rewrite ?? false) == rewritten
    if claimed?.lock == server && rewriteAgrees { return (serverText, true) }
    let cslint = (claimed?.lock.sqlName ?? "no lock") + (claimed?.rewrite == true ? ", rewrite" : "")
    return ("server: \(serverText); cslint: \(cslint)", false)
  }
}
