/// The settle step of one folder: keeps the diagnostics of the reports that
/// carry findings of settling rules (`Rule.settlesAtFolderEnd`) and, once
/// the folder is replayed, asks each such rule which of its findings stand.
struct FolderSettlement {
  private let rules: [any Rule]
  /// The settling rules' ids, looked up for every finding of every file.
  private let ids: Set<String>
  private let selection: RuleSelection

  private struct Held {
    var position: Int
    var path: String
    /// The file's own (sorted) diagnostics, then the history findings.
    var diagnostics: [Diagnostic]
    var history: [Diagnostic]
  }
  /// In replay (migration) order.
  private var held: [Held] = []

  init(rules: [any Rule], selection: RuleSelection) {
    self.rules = rules.filter(\.settlesAtFolderEnd)
    self.ids = Set(self.rules.map(\.description.id))
    self.selection = selection
  }

  /// Whether the report waits for `settle`: it carries a settling rule's
  /// finding. Keeps what settling needs.
  mutating func hold(position: Int, path: String, diagnostics: [Diagnostic], history: [Diagnostic]) -> Bool {
    guard !ids.isEmpty, diagnostics.contains(where: { ids.contains($0.ruleID) }) else { return false }
    held.append(Held(position: position, path: path, diagnostics: diagnostics, history: history))
    return true
  }

  /// The final diagnostics of every held report, by position.
  func settle(finalSchema: SchemaState) -> [Int: [Diagnostic]] {
    guard !held.isEmpty else { return [:] }
    // What stands, per path: findings each settling rule kept or added.
    var standing: [String: [Diagnostic]] = [:]
    // Each rule's held findings in replay order, gathered in one pass (not
    // one pass over every held finding per settling rule).
    var findingsByRule: [String: [Diagnostic]] = [:]
    for file in held {
      for diagnostic in file.diagnostics where ids.contains(diagnostic.ruleID) {
        findingsByRule[diagnostic.ruleID, default: []].append(diagnostic)
      }
    }
    for rule in rules {
      guard let findings = findingsByRule[rule.description.id], !findings.isEmpty else { continue }
      for diagnostic in rule.settle(findings, finalSchema: finalSchema) {
        standing[diagnostic.path, default: []].append(diagnostic)
      }
    }
    var result: [Int: [Diagnostic]] = [:]
    for file in held {
      var pool = standing[file.path] ?? []
      var diagnostics: [Diagnostic] = []
      // A kept finding stays where it was; a dropped one goes.
      for diagnostic in file.diagnostics {
        guard ids.contains(diagnostic.ruleID) else {
          diagnostics.append(diagnostic)
          continue
        }
        if let match = pool.firstIndex(of: diagnostic) {
          pool.remove(at: match)
          diagnostics.append(diagnostic)
        }
      }
      // Changed or added findings join in source order (as `Linter.lintFile` sorts).
      for var diagnostic in pool {
        diagnostic.severity = selection.severity(for: diagnostic.ruleID, default: diagnostic.severity)
        let key = (diagnostic.range.lowerBound, diagnostic.ruleID)
        let index = diagnostics.firstIndex { ($0.range.lowerBound, $0.ruleID) > key } ?? diagnostics.count
        diagnostics.insert(diagnostic, at: index)
      }
      result[file.position] = diagnostics + file.history
    }
    return result
  }
}
