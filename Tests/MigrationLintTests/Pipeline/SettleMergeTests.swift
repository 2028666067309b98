import PostgresSyntax
import Testing

@testable import MigrationLint

/// A settling rule that keeps some findings, rewrites others and adds new
/// ones, chosen by a seed: exercises how settled findings rejoin a report.
struct ShufflingSettleRule: Rule {
  let description = RuleDescription(
    id: "test-shuffle-settle", category: .meta, defaultSeverity: .warning, summary: "Test rule",
    rationale: "Exercises FolderSettlement.")
  let seed: UInt64

  func check(_ context: RuleContext) -> [Diagnostic] { [] }

  var settlesAtFolderEnd: Bool { true }

  func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    var state = seed
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var result: [Diagnostic] = []
    for var finding in findings {
      switch next(4) {
      case 0: continue
      case 1:
        finding.message += " (changed)"
        result.append(finding)
      case 2:
        var added = finding
        added.range = next(50)..<(next(50) + 50)
        added.message = "added"
        result.append(added)
        result.append(finding)
      default: result.append(finding)
      }
    }
    return next(2) == 0 ? result.reversed() : result
  }
}

/// Issue 21: settling 20,000 findings of one file searched and shifted the
/// pool for each. The settled report must be what placing the findings one
/// at a time gives.
@Suite("Settle step: kept findings stay, changed ones join in order")
struct SettleMergeTests {
  /// The one-at-a-time placement the settle step must match.
  static func reference(file: [Diagnostic], standing: [Diagnostic], settling: String) -> [Diagnostic] {
    var pool = standing
    var diagnostics: [Diagnostic] = []
    for diagnostic in file {
      guard diagnostic.ruleID == settling else {
        diagnostics.append(diagnostic)
        continue
      }
      if let match = pool.firstIndex(of: diagnostic) {
        pool.remove(at: match)
        diagnostics.append(diagnostic)
      }
    }
    for diagnostic in pool {
      let key = (diagnostic.range.lowerBound, diagnostic.ruleID)
      let index = diagnostics.firstIndex { ($0.range.lowerBound, $0.ruleID) > key } ?? diagnostics.count
      diagnostics.insert(diagnostic, at: index)
    }
    return diagnostics
  }

  @Test("random findings and settle outcomes", arguments: 0..<60)
  func matchesReference(seed: Int) {
    let rule = ShufflingSettleRule(seed: UInt64(seed) &* 2_654_435_761 &+ 1)
    var state = UInt64(seed) &+ 99
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let file = (0..<next(30)).map { _ -> Diagnostic in
      let lower = next(40)
      return Diagnostic(
        ruleID: next(3) == 0 ? "other-rule" : rule.description.id, severity: .warning, path: "m/1.sql",
        range: lower..<(lower + next(5)), message: "m\(next(3))")
    }.sorted(by: FileReport.sourceOrder)
    var settlement = FolderSettlement(rules: [rule], selection: RuleSelection())
    _ = settlement.hold(position: 0, path: "m/1.sql", diagnostics: file, history: [])
    let settled = settlement.settle(finalSchema: SchemaState())[0] ?? file
    let standing = rule.settle(file.filter { $0.ruleID == rule.description.id }, finalSchema: SchemaState())
    #expect(settled == Self.reference(file: file, standing: standing, settling: rule.description.id))
  }
}

/// A settling rule that keeps some of its findings as they are, in their
/// order, and adds nothing (the usual outcome, which the settle step
/// merges without matching findings one by one).
struct FilteringSettleRule: Rule {
  let description = RuleDescription(
    id: "test-filter-settle", category: .meta, defaultSeverity: .warning, summary: "Test rule",
    rationale: "Exercises FolderSettlement's in-order merge.")
  let seed: UInt64

  func check(_ context: RuleContext) -> [Diagnostic] { [] }

  var settlesAtFolderEnd: Bool { true }

  func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    var state = seed
    return findings.filter { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (state >> 33) % 3 != 0
    }
  }
}

@Suite("Settle step: findings kept in order")
struct SettleKeptInOrderTests {
  /// Random findings of `count` files (duplicates possible when `distinct`
  /// is false), settled by a rule that drops some: each file's report is
  /// what placing the standing findings one at a time gives.
  @Test("random folders", arguments: 0..<40, [false, true])
  func matchesReference(seed: Int, distinct: Bool) {
    let rule = FilteringSettleRule(seed: UInt64(seed) &* 2_654_435_761 &+ 7)
    var state = UInt64(seed) &+ 11
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var settlement = FolderSettlement(rules: [rule], selection: RuleSelection())
    var files: [(path: String, diagnostics: [Diagnostic], history: [Diagnostic])] = []
    for position in 0..<(1 + next(4)) {
      let path = "m/\(position).sql"
      let diagnostics = (0..<next(25)).map { serial -> Diagnostic in
        let lower = next(30)
        return Diagnostic(
          ruleID: next(3) == 0 ? "other-rule" : rule.description.id, severity: .warning, path: path,
          range: lower..<(lower + next(4)), message: distinct ? "m\(serial)" : "m\(next(2))")
      }.sorted(by: FileReport.sourceOrder)
      let history =
        next(2) == 0
        ? [] : [Diagnostic(ruleID: "history", severity: .error, path: path, range: 0..<0, message: "h")]
      files.append((path, diagnostics, history))
      _ = settlement.hold(position: position, path: path, diagnostics: diagnostics, history: history)
    }
    let settled = settlement.settle(finalSchema: SchemaState())
    let standing = rule.settle(
      files.flatMap { $0.diagnostics.filter { $0.ruleID == rule.description.id } }, finalSchema: SchemaState())
    for (position, file) in files.enumerated() {
      let own = standing.filter { $0.path == file.path }
      let expected =
        file.diagnostics.contains { $0.ruleID == rule.description.id }
        ? SettleMergeTests.reference(file: file.diagnostics, standing: own, settling: rule.description.id)
          + file.history : nil
      #expect(settled[position] == expected)
    }
  }
}

@Suite("Settle step: in-place equality")
struct SettleEqualityTests {
  /// The settle step compares findings field by field: it must compare
  /// every stored property of `Diagnostic` (a new one must be added there).
  @Test("compares every stored property of Diagnostic")
  func comparesEveryProperty() {
    let diagnostic = Diagnostic(ruleID: "r", severity: .warning, path: "p", range: 0..<1, message: "m")
    let properties = Mirror(reflecting: diagnostic).children.compactMap(\.label)
    #expect(properties == FolderSettlement.comparedProperties)
  }
}
