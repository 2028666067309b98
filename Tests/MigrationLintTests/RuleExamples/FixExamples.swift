import MigrationLint
import PostgresSyntax
import Testing

extension RuleExamples {
  @Test("fix examples turn before into after, re-lint clean and are idempotent", arguments: ruleIDs)
  func fixExamples(_ id: String) throws {
    let description = try #require(ExampleHarness.rule(id)?.description)
    for example in description.fixes {
      #expect(
        !example.before.contains(MarkedSQL.marker) && !example.after.contains(MarkedSQL.marker),
        "\(id): fix examples take no ↓ markers", sourceLocation: example.location)
      for variation in ExampleVariation.allCases {
        checkFix(id, example, variation)
      }
    }
  }

  private func checkFix(_ id: String, _ example: FixExample, _ variation: ExampleVariation) {
    let before = Array(variation.apply(example.before).utf8)
    let after = Array(variation.apply(example.after).utf8)
    let previous = example.previousMigrations
    let context = example.context
    let outcome = ExampleHarness.fix(id, before, previous: previous, context: context)
    let fixed = String(decoding: outcome.fixed, as: UTF8.self)
    #expect(
      !outcome.applied.isEmpty, "\(id) (\(variation)): no fix applied to: \(example.before)",
      sourceLocation: example.location)
    let matches = outcome.fixed == after
    #expect(
      matches,
      """
      \(id) (\(variation)): fixing gives
        \(fixed.debugDescription)
      expected
        \(variation.apply(example.after).debugDescription)
      """,
      sourceLocation: example.location)
    if let message = example.message {
      let messages = ExampleHarness.diagnostics(id, before, previous: previous, context: context).map(\.message)
      #expect(
        !messages.isEmpty && messages.allSatisfy { $0 == message },
        "\(id) (\(variation)): the example expects the message \(message.debugDescription), found \(messages)",
        sourceLocation: example.location)
    }
    let stillFixable = ExampleHarness.diagnostics(id, after, previous: previous, context: context).filter {
      !$0.fixes.isEmpty
    }
    #expect(
      stillFixable.isEmpty, "\(id) (\(variation)): 'after' still has fixable findings: \(stillFixable.map(\.message))",
      sourceLocation: example.location)
    let again = ExampleHarness.fix(id, outcome.fixed, previous: previous, context: context)
    let idempotent = again.fixed == outcome.fixed
    #expect(
      idempotent,
      "\(id) (\(variation)): fixing twice changes the text again: \(String(decoding: again.fixed, as: UTF8.self).debugDescription)",
      sourceLocation: example.location)
    let errors = ScannedFile(source: SourceFile(path: ExampleHarness.examplePath, bytes: outcome.fixed)).errors
    #expect(
      errors.isEmpty, "\(id) (\(variation)): the fixed text has lexer errors: \(errors.map(\.message))",
      sourceLocation: example.location)
  }

  @Test("declared fix availability matches the fixes the rule produces", arguments: ruleIDs)
  func fixAvailability(_ id: String) throws {
    let description = try #require(ExampleHarness.rule(id)?.description)
    let availability = description.fixAvailability
    for example in description.triggering {
      let found = ExampleHarness.diagnostics(
        id, MarkedSQL(example.sql).bytes, previous: example.previousMigrations, context: example.context)
      for diagnostic in found {
        switch availability {
        case .none:
          #expect(
            diagnostic.fixes.isEmpty,
            "\(id) declares fixAvailability .none but offers \(diagnostic.fixes.map(\.title))",
            sourceLocation: example.location)
        case .always:
          #expect(
            !diagnostic.fixes.isEmpty, "\(id) declares fixAvailability .always but '\(diagnostic.message)' has no fix",
            sourceLocation: example.location)
        case .sometimes:
          break
        }
        for fix in diagnostic.fixes {
          #expect(
            !fix.title.isEmpty && !fix.edits.isEmpty, "\(id): every fix needs a title and at least one edit",
            sourceLocation: example.location)
        }
      }
    }
    if availability == .none {
      #expect(description.fixes.isEmpty, "\(id) declares fixAvailability .none but has fix examples")
    } else {
      #expect(
        !description.fixes.isEmpty, "\(id) declares fixAvailability .\(availability.rawValue) but has no fix example")
      #expect(
        !(description.fixNotes ?? "").isEmpty, "\(id) can fix, so fixNotes must say how safe the fix is")
    }
  }
}
