import CSLintTestSupport
import Foundation
import Testing

@testable import MigrationLint

/// The repository's own `.cslint.yml` and every YAML example in the
/// documentation load with cslint's own reader and decoder.
@Suite struct DocumentedConfigurationTests {
  static let root = TestPaths.packageRoot

  /// A fenced ```yaml block of a Markdown file.
  struct Block: CustomStringConvertible {
    var file: String
    var line: Int
    var text: String
    var description: String { "\(file):\(line)" }

    /// The file the block stands for when its first line names one
    /// (`# .github/workflows/migrations.yml`); nil means `.cslint.yml`.
    var foreignFile: String? {
      guard let first = text.split(separator: "\n", omittingEmptySubsequences: false).first,
        first.hasPrefix("# ")
      else { return nil }
      let name = first.dropFirst(2).split(separator: " ").first.map(String.init) ?? ""
      guard name.hasSuffix(".yml") || name.hasSuffix(".yaml") else { return nil }
      return name.hasSuffix(Configuration.fileName) ? nil : name
    }
  }

  static func yamlBlocks(in relativePath: String) throws -> [Block] {
    let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    var blocks: [Block] = []
    var current: (line: Int, lines: [Substring])?
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if var open = current {
        if line.trimmingCharacters(in: .whitespaces) == "```" {
          blocks.append(Block(file: relativePath, line: open.line, text: open.lines.joined(separator: "\n") + "\n"))
          current = nil
        } else {
          open.lines.append(line)
          current = open
        }
      } else if line.trimmingCharacters(in: .whitespaces) == "```yaml" {
        current = (index + 2, [])
      }
    }
    return blocks
  }

  static var documents: [String] {
    let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
    return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
  }

  /// Every ```yaml block is a `.cslint.yml` that cslint loads, unless its
  /// first line names another file (a workflow, `.pre-commit-config.yaml`).
  @Test func everyConfigurationExampleInTheDocsLoads() throws {
    var loaded = 0
    var foreign: [String] = []
    for document in Self.documents {
      for block in try Self.yamlBlocks(in: document) {
        if let file = block.foreignFile {
          foreign.append("\(block): \(file)")
          continue
        }
        do {
          _ = try Configuration.parse(block.text, path: block.description, knownRuleIDs: RuleRegistry.knownIDs)
          loaded += 1
        } catch {
          Issue.record("\(block): the example is rejected: \(error)")
        }
      }
    }
    // configuration.md alone has several; a parser that found none would pass vacuously.
    #expect(loaded >= 5, "only \(loaded) configuration blocks found")
    // Workflows and other tools' files are skipped only when they say which file they are.
    print("not cslint configurations: \(foreign.joined(separator: "; "))")
  }

  /// A block naming no file that is not a valid configuration is caught
  /// (the check above can fail).
  @Test func aRejectedExampleIsReported() throws {
    let block = Block(file: "x.md", line: 1, text: "rules:\n  ban-drop-table: off\n")
    #expect(block.foreignFile == nil)
    #expect(throws: ConfigurationError.self) {
      try Configuration.parse(block.text, path: "x", knownRuleIDs: RuleRegistry.knownIDs)
    }
    let workflow = Block(file: "x.md", line: 1, text: "# .github/workflows/migrations.yml\non: [push]\n")
    #expect(workflow.foreignFile == ".github/workflows/migrations.yml")
    let named = Block(file: "x.md", line: 1, text: "# .cslint.yml\nfail_on: warning\n")
    #expect(named.foreignFile == nil)
  }

  /// The repository lints its own example project through `.cslint.yml`,
  /// and every key it sets says why in a comment on its line.
  @Test func repositoryConfigurationLoadsAndIsCommented() throws {
    let path = Self.root.appendingPathComponent(Configuration.fileName).path
    let configuration = try Configuration.load(path: path, knownRuleIDs: RuleRegistry.knownIDs)
    #expect(configuration.migrations == ["Examples/supabase/migrations"])
    let folders = LintPlan.configuredPaths(configuration)
    #expect(folders.count == 1)
    #expect(folders.allSatisfy { DirectoryListing.isDirectory($0) })
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var keys = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix(" ") {
      keys += 1
      #expect(line.contains(" # ") || line.hasSuffix(":"), "key without a comment: \(line)")
    }
    // A key whose value is a block list carries its comment on the list's lines.
    for line in text.split(separator: "\n") where line.hasPrefix("  - ") {
      #expect(line.contains(" # "), "list item without a comment: \(line)")
    }
    #expect(keys >= 3)
    // The README's main command lints through it (no path given): the set-up
    // section has exactly two commands, that one and the tests.
    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let setUp = try #require(readme.components(separatedBy: "\n## Set up\n").dropFirst().first)
    let section = try #require(setUp.components(separatedBy: "\n## ").first)
    let commands = section.components(separatedBy: "```sh\n").dropFirst().compactMap {
      $0.components(separatedBy: "```").first?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(commands == ["swift run cslint lint", "bash .ci/run"])
  }
}
