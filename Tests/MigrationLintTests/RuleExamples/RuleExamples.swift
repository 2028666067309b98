import MigrationLint
import PostgresSyntax
import Testing

/// Every rule's own examples, executed: the `↓` markers of triggering
/// examples are exactly where diagnostics start, non-triggering examples are
/// clean, in every `ExampleVariation`. Table-driven over `RuleRegistry.all`,
/// so a new rule is tested as soon as it is registered.
@Suite("RuleExamples")
struct RuleExamples {
  static let ruleIDs = RuleRegistry.all.map(\.description.id)
  static let statementRuleIDs = RuleRegistry.statementRules.map(\.description.id)

  @Test("triggering examples report exactly at their ↓ markers", arguments: ruleIDs)
  func triggeringExamples(_ id: String) throws {
    let description = try #require(ExampleHarness.rule(id)?.description)
    for example in description.triggering {
      guard !MarkedSQL(example.sql).offsets.isEmpty else {
        Issue.record("\(id): triggering example has no ↓ marker", sourceLocation: example.location)
        continue
      }
      for variation in ExampleVariation.allCases {
        let marked = MarkedSQL(variation.apply(example.sql))
        let found = ExampleHarness.diagnostics(
          id, marked.bytes, previous: example.previousMigrations, context: example.context)
        let starts = found.map(\.range.lowerBound).sorted()
        let expected = marked.offsets.sorted()
        #expect(
          starts == expected,
          """
          \(id) (\(variation)): each ↓ marker must get exactly one diagnostic starting there, and nothing else
          expected at \(ExampleHarness.positions(expected, in: marked.bytes)):
          \(marked.marking(expected))
          found at \(ExampleHarness.positions(starts, in: marked.bytes)):
          \(marked.marking(starts))
          messages: \(found.map(\.message))
          """,
          sourceLocation: example.location)
        if let message = example.message {
          for diagnostic in found where diagnostic.message != message {
            Issue.record(
              """
              \(id) (\(variation)): the example expects the message
                \(message.debugDescription)
              found
                \(diagnostic.message.debugDescription)
              """,
              sourceLocation: example.location)
          }
        }
      }
    }
  }

  @Test("non-triggering examples report nothing", arguments: ruleIDs)
  func nonTriggeringExamples(_ id: String) throws {
    let description = try #require(ExampleHarness.rule(id)?.description)
    for example in description.nonTriggering {
      #expect(
        MarkedSQL(example.sql).offsets.isEmpty, "\(id): non-triggering example has a ↓ marker",
        sourceLocation: example.location)
      for variation in ExampleVariation.allCases {
        let marked = MarkedSQL(variation.apply(example.sql))
        let found = ExampleHarness.diagnostics(
          id, marked.bytes, previous: example.previousMigrations, context: example.context)
        #expect(
          found.isEmpty,
          """
          \(id) (\(variation)): non-triggering example reported at \(ExampleHarness.positions(found.map(\.range.lowerBound), in: marked.bytes)):
          \(marked.marking(found.map(\.range.lowerBound)))
          messages: \(found.map(\.message))
          """,
          sourceLocation: example.location)
      }
    }
  }

  @Test("examples inside comments and strings do not trigger", arguments: statementRuleIDs)
  func wrappedExamples(_ id: String) throws {
    let description = try #require(ExampleHarness.rule(id)?.description)
    for example in description.triggering + description.nonTriggering {
      let sql = MarkedSQL(example.sql).text
      for (wrapping, wrapped) in Wrapping.variants(of: sql) {
        let bytes = Array(wrapped.utf8)
        let found = ExampleHarness.diagnostics(
          id, bytes, previous: example.previousMigrations, context: example.context)
        #expect(
          found.isEmpty,
          """
          \(id): example wrapped in a \(wrapping) triggered at \(ExampleHarness.positions(found.map(\.range.lowerBound), in: bytes)):
          \(wrapped)
          """,
          sourceLocation: example.location)
      }
    }
  }

  @Test("a disable-next-statement comment silences each finding", arguments: statementRuleIDs)
  func disableNextStatement(_ id: String) throws {
    let description = try #require(ExampleHarness.rule(id)?.description)
    let comment = Array("-- cslint-disable-next-statement \(id) -- test\n".utf8)
    for example in description.triggering {
      let marked = MarkedSQL(example.sql)
      let scanned = ScannedFile(source: SourceFile(path: ExampleHarness.examplePath, bytes: marked.bytes))
      var starts: Set<Int> = []
      for offset in marked.offsets {
        guard let statement = scanned.statements.first(where: { $0.range.contains(offset) }) else {
          Issue.record("\(id): ↓ marker at byte \(offset) is not inside a statement", sourceLocation: example.location)
          continue
        }
        starts.insert(statement.range.lowerBound)
      }
      var bytes = marked.bytes
      for start in starts.sorted(by: >) { bytes.insert(contentsOf: comment, at: start) }
      let result = ExampleHarness.lint(
        bytes, previous: example.previousMigrations,
        linter: ExampleHarness.linter(for: id, extra: ExampleHarness.suppressionRuleIDs, context: example.context))
      let left = result?.diagnostics ?? []
      #expect(
        left.isEmpty,
        """
        \(id): with a disable comment before each flagged statement, still reported \
        \(left.map { "\($0.ruleID): \($0.message)" }):
        \(String(decoding: bytes, as: UTF8.self))
        """,
        sourceLocation: example.location)
    }
  }
}

/// Ways to hide an example where no rule may look: a block comment, line
/// comments, and a dollar-quoted string constant.
enum Wrapping {
  static func variants(of sql: String) -> [(name: String, sql: String)] {
    var variants: [(name: String, sql: String)] = []
    // Block comments nest in PostgreSQL; an example with its own would
    // change the wrapping's meaning.
    if !sql.contains("/*") && !sql.contains("*/") {
      variants.append(("block comment", "/*\n\(sql)\n*/"))
    }
    let lines = sql.split(separator: "\n", omittingEmptySubsequences: false).map { "-- " + $0 }
    variants.append(("line comment", lines.joined(separator: "\n")))
    // An example containing `$$` (a function body) needs a tagged quote.
    let tag = sql.contains("$$") ? "$cslint$" : "$$"
    if !sql.contains(tag) {
      variants.append(("dollar-quoted string", "SELECT \(tag)\(sql)\(tag);"))
    }
    return variants
  }
}
