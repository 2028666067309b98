import MigrationLint
import Testing

/// The table of splinter's lints behind `Rules/README.md`.
@Suite("splinter lints table")
struct SplinterLintsTests {
  @Test("every cslint id the table names is a registered rule")
  func namedRulesExist() {
    let unknown = SplinterLints.namedRuleIDs.subtracting(RuleRegistry.knownIDs)
    #expect(unknown.isEmpty, "not registered: \(unknown.sorted())")
  }

  @Test("each lint has a cslint rule or a note saying why not; numbers are unique and ordered")
  func everyLintAnswered() {
    for lint in SplinterLints.all {
      #expect(!lint.cslint.isEmpty || !(lint.note ?? "").isEmpty, "\(lint.number) \(lint.name)")
      #expect(["ERROR", "WARN", "INFO"].contains(lint.level), "\(lint.number)")
    }
    let numbers = SplinterLints.all.map(\.number)
    #expect(numbers == numbers.sorted())
    #expect(Set(numbers).count == numbers.count)
    #expect(
      Set(numbers).isSuperset(of: (1...29).map { String(repeating: "0", count: 4 - String($0).count) + String($0) }))
  }

  @Test("the rule index lists every splinter lint with its registered rules")
  func indexListsEveryLint() {
    let index = RuleDocumentation.index(RuleRegistry.descriptions)
    for lint in SplinterLints.all {
      #expect(index.contains("| \(lint.number) `\(lint.name)` |"), "\(lint.number)")
    }
    #expect(index.contains("[`unindexed-foreign-key`](unindexed-foreign-key.md)"))
  }
}
