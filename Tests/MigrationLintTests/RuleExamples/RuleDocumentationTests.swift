import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// The generated rule reference: committed copy up to date, sections in
/// DESIGN.md's order, and the SQL it shows behaving as the text claims.
@Suite("RuleDocumentation")
struct RuleDocumentationTests {
  static let sectionOrder = [
    "## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix", "## PostgreSQL versions",
    "## Configuration", "## Suppressing", "## Same check elsewhere",
  ]

  @Test("the committed Rules/ folder matches the rules' metadata")
  func committedReferenceIsUpToDate() throws {
    let folder = ExampleHarness.packageRoot.appendingPathComponent("Rules")
    let expected = RuleDocumentation.files()
    let committedNames = Set(
      ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") })
    var stale: [String] = []
    for file in expected {
      let committed = try? String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
      if committed != file.contents { stale.append(committed == nil ? "\(file.name) (missing)" : file.name) }
    }
    stale += committedNames.subtracting(expected.map(\.name)).sorted().map { "\($0) (no such rule)" }
    #expect(
      stale.isEmpty,
      "Rules/ is out of date (\(stale.joined(separator: ", "))): run `\(RuleDocumentation.regenerateCommand)`")
  }

  @Test("every page has its sections in order", arguments: RuleRegistry.descriptions.map(\.id))
  func sectionsInOrder(_ id: String) throws {
    let page = RuleDocumentation.page(try #require(RuleRegistry.description(for: id)))
    #expect(page.hasPrefix("# \(id)\n"))
    var searchFrom = page.startIndex
    for heading in Self.sectionOrder {
      guard let found = page.range(of: "\n\(heading)\n", range: searchFrom..<page.endIndex) else {
        Issue.record("\(id): section '\(heading)' missing or out of order")
        return
      }
      searchFrom = found.upperBound
    }
    #expect(!page.contains("↓"), "\(id): the page shows a ↓ marker")
  }

  @Test("the index lists every rule once, under its category")
  func indexListsEveryRule() {
    let index = RuleDocumentation.index(RuleRegistry.descriptions)
    for rule in RuleRegistry.descriptions {
      let row = "| [`\(rule.id)`](\(rule.id).md) | \(RuleDocumentation.severityCell(rule)) |"
      #expect(index.components(separatedBy: row).count == 2, "\(rule.id) must have exactly one index row")
    }
  }

  @Test("a rule without SQL examples (history rules) still gets a complete page")
  func pageWithoutExamples() {
    let rule = RuleDescription(
      id: "edited-applied-migration", category: .history, defaultSeverity: .error,
      summary: "An applied migration file was edited", rationale: "Databases that ran it will never run the edit.")
    let page = RuleDocumentation.page(rule)
    #expect(page.contains("not at single SQL statements"))
    #expect(page.contains("a comment inside a file cannot silence it"))
    #expect(page.contains("edited-applied-migration: warning"))
    #expect(RuleDocumentation.fixable(rule) == "no")
    var searchFrom = page.startIndex
    for heading in Self.sectionOrder {
      let found = page.range(of: "\n\(heading)\n", range: searchFrom..<page.endIndex)
      #expect(found != nil, "section '\(heading)' missing or out of order")
      searchFrom = found?.upperBound ?? searchFrom
    }
  }

  @Test("fenced code blocks survive backticks inside the code")
  func codeBlockFence() {
    let rule = RuleDescription(
      id: "x", category: .meta, defaultSeverity: .info, summary: "s", rationale: "r",
      useInstead: "SELECT 1; -- ``` inside", triggering: [RuleExample("↓SELECT 2;")])
    #expect(RuleDocumentation.page(rule).contains("````sql\nSELECT 1; -- ``` inside\n````\n"))
  }

  /// The "Suppressing" section shows a comment before a triggering
  /// example; linting that text must report nothing of the rule.
  @Test("the suppression shown on each page silences the example", arguments: RuleRegistry.all.map(\.description.id))
  func suppressionExampleWorks(_ id: String) throws {
    let rule = try #require(RuleRegistry.description(for: id))
    let page = RuleDocumentation.page(rule)
    let marker = "```sql\n-- cslint-disable-next-statement \(id) -- why it is safe here\n"
    guard let start = page.range(of: marker) else {
      // Pages of suppression rules say no comment can silence them: check that.
      let example = try #require(rule.triggering.first)
      let comment = "-- cslint-disable-next-statement \(id) -- checking\n"
      let marked = MarkedSQL(comment + example.sql)
      let found = ExampleHarness.diagnostics(
        id, marked.bytes, previous: example.previousMigrations, context: example.context)
      let starts = Set(found.map(\.range.lowerBound))
      #expect(
        marked.offsets.allSatisfy(starts.contains), "\(id): the page says a comment cannot silence it, but one does")
      return
    }
    let rest = page[start.lowerBound...].dropFirst("```sql\n".count)
    let sql = String(rest[..<(rest.range(of: "```")?.lowerBound ?? rest.endIndex)])
    let previous = rule.triggering.first?.previousMigrations ?? []
    let context = rule.triggering.first?.context ?? ExampleContext()
    let result = ExampleHarness.lint(
      Array(sql.utf8), previous: previous,
      linter: ExampleHarness.linter(for: id, extra: ExampleHarness.suppressionRuleIDs, context: context))
    let left = (result?.diagnostics ?? []).filter {
      $0.ruleID == id || ExampleHarness.suppressionRuleIDs.contains($0.ruleID)
    }
    #expect(left.isEmpty, "\(id): the suppression example on its page leaves \(left.map(\.message)):\n\(sql)")
  }

  @Test("--markdown deletes only pages of rules that no longer exist")
  func staleFiles() {
    let generated = [
      RuleDocumentation.File(name: "README.md", contents: ""), .init(name: "kept-rule.md", contents: ""),
    ]
    let existing = ["README.md", "kept-rule.md", "removed-rule.md", "notes.txt", "Guide.md", "draft_page.md", ".md"]
    #expect(RuleDocumentation.staleFiles(among: existing, generated: generated) == ["removed-rule.md"])
  }

  @Test("'cslint rule ID' text: headings underlined, code indented, markup dropped")
  func plainText() {
    let markdown = """
      # some-rule

      <!-- generated -->

      - **Category:** locking

      ## Example

      Run `this`:

      ```sql
      SELECT 1;
      ```

      [All rules](README.md)

      """
    let expected = """
      some-rule
      =========

      - Category: locking

      Example
      -------

      Run this:

          SELECT 1;

      """
    #expect(MarkdownText.plain(markdown) == expected)
  }
}
