import CSLintTestSupport
import Foundation
import Testing

/// `Scripts/new-rule.sh` in a scratch copy of the files it reads and writes
/// (no build here; `Scripts/e2e-new-rule.sh` builds and tests a scaffolded
/// rule in a full copy, from `.ci/run`).
@Suite("Scripts/new-rule.sh")
struct NewRuleScriptTests {
  static let copied = [
    "Scripts/new-rule.sh", "Sources/MigrationLint/Engine/RuleRegistry.swift", "Sources/MigrationLint/Rules",
    "Sources/MigrationLint/History",
  ]

  /// A scratch directory holding `copied`, laid out like the package.
  static func scratch() throws -> URL {
    let root = TestPaths.scratchURL("new-rule")
    for path in copied {
      let target = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: ExampleHarness.packageRoot.appendingPathComponent(path), to: target)
    }
    return root
  }

  static func run(_ arguments: [String], in root: URL) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [root.appendingPathComponent("Scripts/new-rule.sh").path] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Every file under `root`, relative path → contents.
  static func snapshot(_ root: URL) throws -> [String: String] {
    var files: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
      files[String(url.path.dropFirst(root.path.count + 1))] = text
    }
    return files
  }

  @Test("writes one rule file and one registry line")
  func scaffolds() throws {
    let root = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let before = try Self.snapshot(root)
    let result = try Self.run(["ban-truncate-again", "compatibility"], in: root)
    #expect(result.status == 0, "\(result.output)")
    let after = try Self.snapshot(root)
    let rulePath = "Sources/MigrationLint/Rules/BanTruncateAgain.swift"
    let registryPath = "Sources/MigrationLint/Engine/RuleRegistry.swift"
    let changed = Set(after.keys).union(before.keys).filter { before[$0] != after[$0] }
    #expect(changed == [rulePath, registryPath])

    let rule = try #require(after[rulePath])
    #expect(RuleExamples.ruleTypes(in: rule) == ["BanTruncateAgain"])
    #expect(rule.contains("id: \"ban-truncate-again\",\n    category: .compatibility,"))
    #expect(rule.contains("summary: \"TODO:") && rule.contains("RuleExample(\"↓SELECT 'TODO:"))

    // The registry gains exactly `BanTruncateAgain(),` as the last statement rule.
    let old = try #require(before[registryPath]).split(separator: "\n", omittingEmptySubsequences: false)
    let new = try #require(after[registryPath]).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(new.count == old.count + 1)
    let added = try #require(new.firstIndex(of: "    BanTruncateAgain(),"))
    #expect(Array(new[..<added]) + Array(new[(added + 1)...]) == old)
    #expect(new[added + 1] == "  ]" && new[..<added].contains { $0.contains("statementRules: [any Rule] = [") })
    #expect(!new[..<added].contains("  ]"), "the line must go into statementRules, the first list")
  }

  struct Refusal: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let status: Int32
    let message: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let refusals: [Refusal] = [
    Refusal(arguments: ["Ban_Truncate", "locking"], status: 2, message: "is not kebab-case"),
    Refusal(arguments: ["ban--truncate", "locking"], status: 2, message: "is not kebab-case"),
    Refusal(arguments: ["ban-truncate", "lockin"], status: 2, message: "unknown category 'lockin'"),
    Refusal(arguments: ["ban-truncate"], status: 2, message: "usage:"),
    Refusal(arguments: ["missing-if-exists", "idempotency"], status: 1, message: "already exists"),
    Refusal(arguments: ["edited-applied-migration", "meta"], status: 1, message: "already exists"),
  ]

  @Test("refuses bad ids, unknown categories and existing rules, changing nothing", arguments: refusals)
  func refuses(_ refusal: Refusal) throws {
    let root = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let before = try Self.snapshot(root)
    let result = try Self.run(refusal.arguments, in: root)
    #expect(result.status == refusal.status, "\(result.output)")
    #expect(result.output.contains(refusal.message), "\(result.output)")
    #expect(try Self.snapshot(root) == before)
  }
}
