import CSLintTestSupport
import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// Examples/supabase-security: `unsafe/` shows every security rule exactly
/// once, and `fixed/`, the same project written safely, is clean.
@Suite("Supabase security example")
struct SupabaseSecurityExampleTests {
  static let root = TestPaths.packageRoot.appendingPathComponent("Examples/supabase-security")

  static func findings(_ project: String) throws -> [Diagnostic] {
    let folder = root.appendingPathComponent("\(project)/supabase/migrations")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
      .sorted()
    let sources = try names.map { name in
      SourceFile(
        path: "supabase/migrations/\(name)", bytes: [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
    }
    return Linter().lint(files: sources).flatMap(\.diagnostics)
  }

  static let securityRules = RuleRegistry.statementRules.map(\.description).filter { $0.category == .security }

  @Test("unsafe/ triggers each security rule exactly once, and nothing else")
  func unsafe() throws {
    let findings = try Self.findings("unsafe")
    // The row level security rules at least (a guard against an empty list).
    for id in [
      "rls-disabled-in-public", "policy-exists-rls-disabled", "rls-enabled-no-policy", "rls-policy-always-true",
      "rls-references-user-metadata",
    ] {
      #expect(Self.securityRules.contains { $0.id == id }, "\(id) is a security rule")
    }
    for rule in Self.securityRules {
      let count = findings.filter { $0.ruleID == rule.id }.count
      #expect(count == 1, "\(rule.id): \(count) findings in unsafe/, expected 1")
    }
    let others = findings.filter { finding in !Self.securityRules.contains { $0.id == finding.ruleID } }
    #expect(others.isEmpty, "\(others.map { "\($0.ruleID) \($0.path): \($0.message)" })")
  }

  @Test("fixed/ is clean")
  func fixed() throws {
    let findings = try Self.findings("fixed")
    #expect(findings.isEmpty, "\(findings.map { "\($0.ruleID) \($0.path): \($0.message)" })")
  }

  @Test("both projects hold the same migration files")
  func sameFiles() throws {
    let names = try ["unsafe", "fixed"].map { project in
      try FileManager.default.contentsOfDirectory(
        atPath: Self.root.appendingPathComponent("\(project)/supabase/migrations").path
      ).sorted()
    }
    #expect(names[0] == names[1])
    #expect(!names[0].isEmpty)
  }
}
