import Foundation
import Testing

@testable import MigrationLint

/// History rules in git mode (`--base REF`), on real temporary repositories.
@Suite("Git mode")
struct GitModeTests {
  static let first = "20240101120000_create_teams.sql"
  static let second = "20240201120000_add_members.sql"

  /// A repository whose `main` commit has two migrations (and no ledger).
  private func repository(_ root: String) throws -> Project {
    let project = try Project(root: root)
    try project.write(Self.first, "create table teams (id bigint primary key);\n\ncreate index on teams (id);\n")
    try project.write(Self.second, "create table members (team_id bigint references teams);\n")
    try project.write("../../README.md", "demo\n")
    try initRepository(root)
    return project
  }

  @Test func untouchedCheckoutIsClean() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      #expect(try project.check(baseRef: "main").isEmpty)
      let baseline = try GitBaseline.load(migrationsDirectory: project.migrations, ref: "HEAD")
      #expect(baseline.files.map(\.relativeName) == [Self.first, Self.second])
      #expect(baseline.files.first?.bytes == (try project.read(Self.first)))
    }
  }

  @Test func editedFileIsComparedStatementByStatement() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      try project.write(Self.first, "create table teams (id bigint primary key);\n")
      let diagnostics = try project.check(baseRef: "main")
      #expect(diagnostics.count == 1)
      let diagnostic = try #require(diagnostics.with(rule: HistoryRules.editedAppliedMigration).first)
      #expect(diagnostic.severity == .error)
      // The old content is known in git mode: the removed statement is quoted with its old line.
      #expect(
        diagnostic.message.contains("statement 2 of the applied version (line 3, `create index on teams (id)`) removed")
      )
      #expect(diagnostic.help?.contains("git checkout main -- \(project.path(Self.first))") == true)
    }
  }

  @Test func whitespaceOnlyEditPointsAtTheFirstDifference() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      try project.write(Self.second, "create table members (team_id bigint  references teams);\n")
      let diagnostic = try #require(try project.check(baseRef: "main").first)
      #expect(diagnostic.ruleID == HistoryRules.editedAppliedMigration)
      #expect(diagnostic.severity == .warning)
      #expect(diagnostic.range.lowerBound == "create table members (team_id bigint ".utf8.count)
    }
  }

  @Test func deletedRenamedAndOutOfOrderAgainstTheBase() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      try project.remove(Self.first)
      try project.rename(Self.second, to: "20240301120000_add_members.sql")
      try project.write("20240115000000_backdated.sql", "create table notes (id int);\n")
      let diagnostics = try project.check(baseRef: "main")
      #expect(
        diagnostics.map(\.ruleID).sorted() == [
          HistoryRules.deletedAppliedMigration, HistoryRules.outOfOrderMigration,
          HistoryRules.renamedAppliedMigration,
        ])
      let deleted = try #require(diagnostics.with(rule: HistoryRules.deletedAppliedMigration).first)
      #expect(deleted.path == project.path(Self.first))
      #expect(deleted.message.contains("it exists at main"))
      let outOfOrder = try #require(diagnostics.with(rule: HistoryRules.outOfOrderMigration).first)
      #expect(outOfOrder.message.contains("is new since main"))
    }
  }

  @Test func newerFileOnABranchIsFine() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      try git(["checkout", "-q", "-b", "feature"], in: root)
      try project.write("20240301120000_add_roles.sql", "create table roles (id int);\n")
      try git(["add", "-A"], in: root)
      try git(["commit", "-q", "-m", "roles"], in: root)
      #expect(try project.check(baseRef: "main").isEmpty)
    }
  }

  @Test func ledgerAndBaseTogetherDoNotRepeatFindings() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      try project.update()
      try project.write(Self.second, "create table members (team_id int references teams);\n")
      let diagnostics = try project.check(baseRef: "main")
      #expect(diagnostics.map(\.ruleID) == [HistoryRules.editedAppliedMigration])
    }
  }

  @Test func notAGitRepositoryIsAClearError() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root)
      try project.write(Self.first, "select 1;\n")
      #expect {
        try project.check(baseRef: "main")
      } throws: { error in
        guard case .notAGitRepository(let path, _)? = error as? HistoryError else { return false }
        return path == project.migrations && "\(error)".contains("not inside a git repository")
      }
    }
  }

  @Test func unknownRefIsAClearError() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      for ref in ["origin/main", "no-such-branch", "--output=x"] {
        #expect {
          try project.check(baseRef: ref)
        } throws: { error in
          guard case .unknownRef(let reported, _)? = error as? HistoryError else { return false }
          return reported == ref
        }
      }
    }
  }

  @Test func changedFilesListsModifiedAndNewFilesOnly() throws {
    try withTemporaryDirectory { root in
      let project = try repository(root)
      try project.write(Self.second, "create table members (team_id int);\n")
      try project.write("20240301120000_new.sql", "select 1;\n")
      try project.write("ignored.sql", "select 1;\n")
      try "supabase/migrations/ignored.sql\n".write(toFile: root + "/.gitignore", atomically: true, encoding: .utf8)
      let changed = try GitBaseline.changedFiles(in: project.migrations, comparedTo: "main")
      #expect(changed == [project.path("20240201120000_add_members.sql"), project.path("20240301120000_new.sql")])
    }
  }

  @Test func migrationsFolderAtTheRepositoryRoot() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root, migrationsFolder: "migrations")
      try project.write(Self.first, "select 1;\n")
      try initRepository(project.migrations)
      try project.write(Self.first, "select 2;\n")
      let diagnostics = try project.check(baseRef: "HEAD")
      #expect(diagnostics.map(\.ruleID) == [HistoryRules.editedAppliedMigration])
    }
  }
}
