import CSLintTestSupport
import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// Examples/supabase-security: the unsafe project shows each security rule
/// of issue 17 part B exactly once, its fixed twin none of them.
@Suite("Supabase security example, part B rules")
struct SupabaseSecurityPartBExampleTests {
  static let root = TestPaths.packageRoot.appendingPathComponent("Examples/supabase-security")

  static let rules = [
    "function-search-path-mutable", "security-definer-view", "security-definer-function-exposed",
    "auth-users-exposed", "managed-schema-change", "extension-in-public", "fkey-to-auth-unique", "grant-all-to-anon",
  ]

  /// Findings per rule id when the project's migrations are linted together.
  static func counts(_ variant: String) throws -> [String: Int] {
    let folder = root.appendingPathComponent("\(variant)/supabase/migrations")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
      .sorted()
    let files = try names.map { name in
      SourceFile(
        path: "supabase/migrations/\(name)", bytes: [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
    }
    var counts: [String: Int] = [:]
    for diagnostic in Linter().lint(files: files).flatMap(\.diagnostics) { counts[diagnostic.ruleID, default: 0] += 1 }
    return counts
  }

  @Test("unsafe: each part B security rule reports exactly once")
  func unsafeOncePerRule() throws {
    let counts = try Self.counts("unsafe")
    for rule in Self.rules { #expect(counts[rule] == 1, "\(rule): \(counts[rule] ?? 0) findings") }
  }

  @Test("fixed: no part B security rule reports")
  func fixedClean() throws {
    let counts = try Self.counts("fixed")
    for rule in Self.rules { #expect(counts[rule] == nil, "\(rule): \(counts[rule] ?? 0) findings") }
  }
}
