import CSLintTestSupport
import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// The users' migration guide (`../shared/seed/`), linted: every ```sql
/// block of it is linted as a Supabase migration, after an earlier
/// migration that created the guide's own `bookings` table (its step 5
/// block), and its findings must be exactly those listed here. The guide
/// is read at run time; none of its text is in this repository.
/// `docs/guide-review.md` explains each verdict.
@Suite("MigrationGuide")
struct MigrationGuideTests {
  static let guideFile = "000_c88a833b0b534049.txt"

  /// The block that creates `bookings`, linted first as the project's earlier migration.
  static let bookingsBlock = "5. Write Migration / Example: Create bookings table"

  /// One entry per ```sql block, by section heading (and the bold label
  /// above the block, when there is one): the findings as `rule-id:line`,
  /// lines counted from the block's first line. Sorted by line, then id.
  static let expected: [String: [String]] = [
    "5. Write Migration / Example: Create bookings table": [
      "missing-if-not-exists:4", "require-lock-timeout:7", "prefer-text:11", "prefer-text:25", "prefer-text:26",
      "prefer-text:27", "prefer-text:30", "missing-if-not-exists:45", "missing-if-not-exists:46",
      "missing-if-not-exists:47", "missing-if-not-exists:48", "missing-if-not-exists:49",
      "function-search-path-mutable:52", "missing-if-not-exists:60", "missing-if-not-exists:70", "auth-rls-initplan:72",
      "missing-if-not-exists:75", "auth-rls-initplan:77", "missing-if-not-exists:80", "auth-rls-initplan:82",
    ],
    "Seed Development Data / Create seed file:": [],
    "Viewing Current Schema": ["syntax-error:2", "syntax-error:5"],
    "Common Schema Changes / Add Column:": [
      "missing-if-not-exists:2", "require-lock-timeout:2", "missing-if-not-exists:5", "multiple-alter-table:5",
      "missing-if-not-exists:8", "prefer-text:8",
    ],
    "Common Schema Changes / Modify Column:": [
      "changing-column-type:2", "lock-held-across-statements:2", "require-lock-timeout:2",
      "constraint-missing-not-valid:5", "missing-if-not-exists:5",
    ],
    "Common Schema Changes / Rename Column:": [
      "rename-column:2", "require-lock-timeout:2", "missing-if-not-exists:5", "contract-in-same-migration:7",
      "drop-column:7", "missing-if-exists:7",
    ],
    "Common Schema Changes / Add Index:": [
      "missing-if-not-exists:2", "require-concurrent-index-creation:2", "concurrently-in-transaction:5",
      "missing-if-not-exists:5", "missing-if-not-exists:8", "require-concurrent-index-creation:8",
    ],
    "Data Migrations / Backfill Data:": ["batch-loop-in-transaction:8", "sleep-in-migration:21"],
    "Data Migrations / Transform Data:": ["unbatched-backfill:2"],
    "Migration Failed / Error: \"relation already exists\"": [
      "duplicate-index:3", "require-concurrent-index-creation:3",
    ],
    "Migration Failed / Error: \"column already exists\"": [
      "prefer-add-column-if-not-exists:2", "information-schema-without-schema:5", "require-lock-timeout:8",
    ],
    "Migration Failed / Error: \"constraint already exists\"": [
      "lock-held-across-statements:2", "require-lock-timeout:2", "constraint-missing-not-valid:3",
    ],
    "Migration Taking Too Long": ["missing-if-not-exists:2"],
    "Example 1: Add Credits System": [
      "require-lock-timeout:2", "prefer-text:8", "missing-if-not-exists:14", "missing-if-not-exists:15",
      "missing-if-not-exists:20", "auth-rls-initplan:22",
    ],
    "Example 2: Add Membership Tiers": [
      "missing-if-not-exists:2", "managed-schema-change:5", "require-lock-timeout:5", "rls-disabled-in-public:11",
      "unindexed-foreign-key:13",
    ],
    "Example 3: Add Full-Text Search": [
      "lock-held-across-statements:2", "require-lock-timeout:2", "missing-if-not-exists:3", "missing-if-not-exists:6",
      "require-concurrent-index-creation:6", "function-search-path-mutable:9", "missing-if-not-exists:20",
      "trigger-references-unknown-column:20",
    ],
  ]

  @Test("every SQL block of the guide gets exactly its expected findings")
  func guideBlocks() throws {
    guard let text = TestPaths.seedText(Self.guideFile) else { return }
    let blocks = GuideBlock.sqlBlocks(in: text)
    #expect(
      blocks.count == Self.expected.count,
      "the guide has \(blocks.count) SQL blocks, the table lists \(Self.expected.count)")
    #expect(Set(blocks.map(\.title)).count == blocks.count, "two SQL blocks share a title: \(blocks.map(\.title))")
    let bookings = try #require(blocks.first { $0.title == Self.bookingsBlock }, "no step 5 block in the guide")
    var actualTable: [String] = []
    for block in blocks {
      let found = Self.findings(block, history: block.title == Self.bookingsBlock ? nil : bookings)
      actualTable.append("    \(block.title.debugDescription): \(found),")
      guard let expected = Self.expected[block.title] else {
        Issue.record("no expected entry for the guide's SQL block \(block.title.debugDescription) (line \(block.line))")
        continue
      }
      #expect(
        found == expected,
        """
        guide block \(block.title.debugDescription) (guide line \(block.line)):
          expected \(expected)
          found    \(found)
        """)
    }
    for title in Self.expected.keys where !blocks.contains(where: { $0.title == title }) {
      Issue.record("expected entry \(title.debugDescription) matches no SQL block of the guide")
    }
    if Self.expected.keys.sorted() != blocks.map(\.title).sorted()
      || blocks.contains(where: { block in
        Self.findings(block, history: block.title == Self.bookingsBlock ? nil : bookings) != Self.expected[block.title]
      })
    {
      print("actual findings of the guide's blocks:\n" + actualTable.joined(separator: "\n"))
    }
  }

  /// The block's findings as sorted `rule-id:line`, linted as the newest
  /// migration after `history` (the bookings block), with every rule on
  /// by default and the default settings (PostgreSQL 15, Supabase runner).
  static func findings(_ block: GuideBlock, history: GuideBlock?) -> [String] {
    let earlier = history.map {
      SourceFile(path: "supabase/migrations/20250929120000_create_bookings_table.sql", bytes: Array($0.sql.utf8))
    }
    let file = SourceFile(path: "supabase/migrations/20250929130000_guide_block.sql", bytes: Array(block.sql.utf8))
    let results = Linter().lint(files: [file], history: earlier.map { [$0] } ?? [])
    let diagnostics = results.first { $0.source.path == file.path }?.diagnostics ?? []
    return
      diagnostics
      .map { (line: file.location(of: $0.range.lowerBound).line, id: $0.ruleID) }
      .sorted { ($0.line, $0.id) < ($1.line, $1.id) }
      .map { "\($0.id):\($0.line)" }
  }

  @Test("the guide's blocks are found with their headings")
  func blockExtraction() {
    let text = """
      ## Part
      ### First
      **Label:**
      ```sql
      SELECT 1;
      ```
      ```bash
      # not a heading
      ```
      ### Second
      ```sql
      SELECT 2;
      SELECT 3;
      ```
      """
    let blocks = GuideBlock.sqlBlocks(in: text)
    #expect(blocks.map(\.title) == ["First / Label:", "Second"])
    #expect(blocks.map(\.sql) == ["SELECT 1;\n", "SELECT 2;\nSELECT 3;\n"])
    #expect(blocks.map(\.line) == [5, 12])
  }
}

/// A ```sql block of a Markdown document, with the heading it sits under.
struct GuideBlock {
  /// The nearest `##`/`###` heading, then ` / ` and the bold label of the
  /// paragraph above the block when there is one (`**Add Column:**`).
  var title: String
  var sql: String
  /// The 1-based line of the block's first SQL line in the document.
  var line: Int

  static func sqlBlocks(in text: String) -> [GuideBlock] {
    var blocks: [GuideBlock] = []
    var heading = ""
    var label: String?
    var current: [Substring]?
    var inOtherBlock = false
    var start = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if var lines = current {
        if trimmed.hasPrefix("```") {
          let title = label.map { "\(heading) / \($0)" } ?? heading
          blocks.append(GuideBlock(title: title, sql: lines.map { $0 + "\n" }.joined(), line: start))
          current = nil
          label = nil
        } else {
          lines.append(line)
          current = lines
        }
        continue
      }
      if inOtherBlock {
        if trimmed.hasPrefix("```") { inOtherBlock = false }
        continue
      }
      if trimmed.hasPrefix("#") {
        heading = String(trimmed.drop { $0 == "#" }.drop { $0 == " " })
        label = nil
      } else if trimmed.hasPrefix("**"), let end = trimmed.dropFirst(2).range(of: "**") {
        label = String(trimmed.dropFirst(2)[..<end.lowerBound])
      } else if trimmed == "```sql" {
        current = []
        start = index + 2
      } else if trimmed.hasPrefix("```") {
        // Another language's block (its `#` lines are not headings).
        inOtherBlock = true
        label = nil
      }
    }
    return blocks
  }
}
