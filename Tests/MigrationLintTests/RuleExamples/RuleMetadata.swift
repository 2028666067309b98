import Foundation
import MigrationLint
import Testing

extension RuleExamples {
  static let allDescriptionIDs = RuleRegistry.descriptions.map(\.id)

  @Test("rule ids are unique kebab-case")
  func idsAreUniqueKebabCase() {
    var seen: Set<String> = []
    for id in Self.allDescriptionIDs {
      #expect(seen.insert(id).inserted, "rule id \(id) is registered twice")
      #expect(Self.isKebabCase(id), "rule id '\(id)' is not kebab-case (lower-case words joined by '-')")
    }
  }

  static func isKebabCase(_ id: String) -> Bool {
    let words = id.split(separator: "-", omittingEmptySubsequences: false)
    return !words.isEmpty
      && words.allSatisfy { word in
        guard let first = word.utf8.first, (0x61...0x7A).contains(first) else { return false }
        return word.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
      }
  }

  @Test("metadata is complete", arguments: allDescriptionIDs)
  func metadataIsComplete(_ id: String) throws {
    let description = try #require(RuleRegistry.description(for: id))
    #expect(!description.summary.isEmpty && !description.summary.contains("\n"), "\(id): summary must be one line")
    #expect(!description.rationale.isEmpty, "\(id): rationale is empty")
    #expect(!description.postgresVersions.isEmpty, "\(id): postgresVersions is empty")
    #expect(
      !(description.useInstead ?? "").contains(MarkedSQL.marker), "\(id): useInstead must not contain ↓ markers")
    if ExampleHarness.rule(id) != nil {
      #expect(!description.triggering.isEmpty, "\(id): needs at least one triggering example")
      #expect(!description.nonTriggering.isEmpty, "\(id): needs at least one non-triggering example")
    } else {
      // Rules outside RuleRegistry.all (history rules) are not run by this
      // harness; examples there would be documentation nobody executes.
      let examples = description.triggering.count + description.nonTriggering.count + description.fixes.count
      #expect(examples == 0, "\(id): has SQL examples, but only rules in RuleRegistry.all get them executed")
    }
  }

  @Test("RuleRegistry lists exactly the Rule types in Sources/MigrationLint/Rules")
  func registryMatchesRuleFiles() throws {
    let directory = ExampleHarness.packageRoot.appendingPathComponent("Sources/MigrationLint/Rules")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
    var declared: Set<String> = []
    for file in files {
      let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
      declared.formUnion(Self.ruleTypes(in: text))
    }
    let registered = (RuleRegistry.statementRules + RuleRegistry.engineRules).map { String(describing: type(of: $0)) }
    #expect(Set(registered).count == registered.count, "a rule type is registered twice: \(registered.sorted())")
    #expect(
      Set(registered) == declared,
      """
      Rules declared but not registered in RuleRegistry: \(declared.subtracting(registered).sorted()); \
      registered but not declared in Sources/MigrationLint/Rules: \(Set(registered).subtracting(declared).sorted())
      """)
  }

  /// Names `X` of every `public struct X: Rule` (first conformance or later).
  static func ruleTypes(in source: String) -> [String] {
    source.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.drop(while: { $0 == " " })
      guard trimmed.hasPrefix("public struct "), let colon = trimmed.firstIndex(of: ":") else { return nil }
      let name = trimmed.dropFirst("public struct ".count).prefix(while: { $0 != ":" && $0 != " " && $0 != "<" })
      let conformances = trimmed[trimmed.index(after: colon)...].prefix(while: { $0 != "{" })
      let isRule = conformances.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "Rule" }
      return isRule ? String(name) : nil
    }
  }
}
