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
    // Scripts/new-rule.sh writes TODO placeholders: a scaffolded rule fails here until they are filled in.
    let texts =
      [description.summary, description.rationale, description.useInstead ?? "", description.fixNotes ?? ""]
      + (description.triggering + description.nonTriggering).map(\.sql)
    #expect(!texts.contains { $0.contains("TODO") }, "\(id): replace the TODO placeholders of the rule's description")
    #expect(
      !(description.useInstead ?? "").contains(MarkedSQL.marker), "\(id): useInstead must not contain ↓ markers")
    if ExampleHarness.rule(id) != nil {
      #expect(!description.triggering.isEmpty, "\(id): needs at least one triggering example")
      #expect(!description.nonTriggering.isEmpty, "\(id): needs at least one non-triggering example")
      // Statement rules show both sides of their line at least twice (issue 16).
      if RuleRegistry.statementRules.contains(where: { $0.description.id == id }) {
        #expect(description.triggering.count >= 2, "\(id): needs at least two triggering examples")
        #expect(description.nonTriggering.count >= 2, "\(id): needs at least two non-triggering examples")
      }
    } else {
      // Rules outside RuleRegistry.all (history rules) are not run by this
      // harness; examples there would be documentation nobody executes.
      let examples = description.triggering.count + description.nonTriggering.count + description.fixes.count
      #expect(examples == 0, "\(id): has SQL examples, but only rules in RuleRegistry.all get them executed")
    }
  }

  @Test("declared options: snake_case names, documented, defaults of their type", arguments: allDescriptionIDs)
  func optionsAreWellFormed(_ id: String) throws {
    let description = try #require(RuleRegistry.description(for: id))
    var seen: Set<String> = ["severity"]
    for option in description.options {
      #expect(seen.insert(option.name).inserted, "\(id): option '\(option.name)' is declared twice (or is 'severity')")
      #expect(Self.isSnakeCase(option.name), "\(id): option '\(option.name)' must be snake_case like other keys")
      #expect(!option.documentation.isEmpty, "\(id): option '\(option.name)' needs documentation")
      #expect(
        option.type.accepts(option.defaultValue),
        "\(id): the default \(option.defaultValue) of '\(option.name)' is not \(option.type.description)")
      if case .oneOf(let choices) = option.type {
        #expect(
          choices.count >= 2 && Set(choices).count == choices.count, "\(id): '\(option.name)' needs distinct choices")
      }
    }
  }

  @Test("examples pin only declared options, with values of their type", arguments: allDescriptionIDs)
  func examplesUseDeclaredOptions(_ id: String) throws {
    let description = try #require(RuleRegistry.description(for: id))
    let pinned =
      (description.triggering + description.nonTriggering).map { ($0.context, $0.location) }
      + description.fixes.map { ($0.context, $0.location) }
    for (context, location) in pinned {
      for (name, value) in context.options {
        guard let option = description.option(named: name) else {
          Issue.record("\(id): the example sets '\(name)', which the rule does not declare", sourceLocation: location)
          continue
        }
        #expect(
          option.type.accepts(value), "\(id): '\(name)' must be \(option.type.description), the example gives \(value)",
          sourceLocation: location)
      }
      if let version = context.postgresVersion {
        #expect(
          (10...99).contains(version), "\(id): postgres_version \(version) is out of range", sourceLocation: location)
      }
    }
    for example in description.nonTriggering where example.message != nil {
      Issue.record("\(id): a non-triggering example has no findings, so no message", sourceLocation: example.location)
    }
  }

  static func isSnakeCase(_ name: String) -> Bool {
    guard let first = name.utf8.first, (0x61...0x7A).contains(first), !name.hasSuffix("_") else { return false }
    return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
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
