import MigrationLint
import PostgresSyntax

/// Compares cslint's statement effects with what a live server did.
enum LockEffectsComparison {
  /// Relation kinds (`pg_class.relkind`) whose locks cslint must report:
  /// tables, partitioned tables, materialized views, views. Index locks are
  /// compared only where cslint reports one.
  static let reportedKinds: Set<String> = ["r", "p", "m", "v", "f"]

  /// cslint's effects for the case on `major`, merged per relation name.
  static func claimed(_ lockCase: LockCase, major: Int) -> [String: RelationEffect] {
    let analyzed = LockAnalysis.analyze(
      SourceFile(path: "x.sql", text: lockCase.statement),
      history: [SourceFile(path: "setup.sql", text: lockCase.fullSetup)],
      settings: LintSettings(postgresVersion: major, runner: .none))
    var merged: [String: RelationEffect] = [:]
    for effect in analyzed.flatMap(\.effects.relations) {
      let name = effect.relation.name
      guard var old = merged[name] else {
        merged[name] = effect
        continue
      }
      old.lock = max(old.lock, effect.lock)
      old.rewrite = old.rewrite || effect.rewrite
      merged[name] = old
    }
    return merged
  }

  /// Every difference, one line each; empty when cslint and the server agree.
  /// `newEmptyFile`: the statement (TRUNCATE) gives tables a new file
  /// without copying any row, which is not a rewrite.
  static func disagreements(
    claimed: [String: RelationEffect], observed: RelationObservation, newEmptyFile: Bool = false
  ) -> [String] {
    var lines: [String] = []
    let compared = observed.locks.filter { reportedKinds.contains($0.value.kind) || claimed[$0.key] != nil }
    for name in Set(compared.keys).union(claimed.keys).sorted() {
      switch (claimed[name]?.lock, compared[name]?.mode) {
      case (let cslint?, let server?) where cslint != server:
        lines.append("\(name): cslint says \(cslint), the server took \(server)")
      case (let cslint?, nil):
        lines.append("\(name): cslint says \(cslint), the server took no lock")
      case (nil, let server?):
        lines.append("\(name): the server took \(server), cslint reports no lock")
      default:
        break
      }
    }
    for (name, effect) in claimed.sorted(by: { $0.key < $1.key }) where effect.rewrite {
      if !observed.rewritten.contains(name) { lines.append("\(name): cslint says rewrite, relfilenode unchanged") }
    }
    for name in observed.rewritten.sorted() where !newEmptyFile && claimed[name]?.rewrite != true {
      guard let kind = observed.locks[name]?.kind, reportedKinds.contains(kind) else { continue }
      lines.append("\(name): the server rewrote it (relfilenode changed), cslint says no rewrite")
    }
    return lines
  }
}
