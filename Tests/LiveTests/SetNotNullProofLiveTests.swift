import Foundation
import MigrationLint
import PostgresSyntax
import Testing

/// `set-not-null-scan` against the server's own word: with a validated
/// `CHECK (col IS NOT NULL)`, PostgreSQL 12+ logs at DEBUG1 that existing
/// constraints prove the column, and skips the scan. cslint must be silent
/// exactly when the server says so.
@Suite("Live: SET NOT NULL scan skipped after a validated CHECK")
struct SetNotNullProofLiveTests {
  static let setup = """
    CREATE TABLE profiles (id bigint PRIMARY KEY, username text);
    INSERT INTO profiles SELECT g, 'user' || g FROM generate_series(1, 1000) AS g;
    ALTER TABLE profiles ADD CONSTRAINT profiles_username_nn CHECK (username IS NOT NULL) NOT VALID;
    """

  /// (migration file, the server proves the column from its constraints)
  static let cases: [(String, Bool)] = [
    // Validated earlier in the same file, hence the same transaction.
    (
      """
      ALTER TABLE profiles VALIDATE CONSTRAINT profiles_username_nn;
      ALTER TABLE profiles ALTER COLUMN username SET NOT NULL;
      """, true
    ),
    // Still NOT VALID: the server scans.
    ("ALTER TABLE profiles ALTER COLUMN username SET NOT NULL;", false),
  ]

  @Test("DEBUG1 proof message <=> no finding", arguments: cases, await PostgresInstalls.targetMajors())
  func proof(_ example: (String, Bool), major: Int) async throws {
    let (file, proven) = example
    let server = try await LiveServers.require(major: major)
    let stderr = try await LiveDatabase.with(on: server) { database in
      try await database.client.execute(Self.setup)
      let result = try await database.client.run(
        "SET client_min_messages = debug1;\nBEGIN;\n\(file)\nCOMMIT;", singleTransaction: false)
      #expect(result.succeeded, "\(result.stderr)")
      return result.stderr
    }
    let message = "existing constraints on column \"profiles.username\" are sufficient to prove"
    #expect(stderr.contains(message) == proven, "server said:\n\(stderr)")

    let linter = Linter(
      rules: RuleRegistry.statementRules, settings: LintSettings(postgresVersion: major),
      selection: RuleSelection(only: ["set-not-null-scan"]))
    let results = linter.lint(
      files: [SourceFile(path: "supabase/migrations/20250101000001_x.sql", text: file)],
      history: [SourceFile(path: "supabase/migrations/20250101000000_setup.sql", text: Self.setup)])
    let reported = results.last?.diagnostics.contains { $0.ruleID == "set-not-null-scan" } ?? false
    #expect(reported == !proven)
  }
}
