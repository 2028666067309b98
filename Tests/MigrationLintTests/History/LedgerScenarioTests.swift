import Foundation
import Testing

@testable import MigrationLint

/// History rules in ledger mode, on real directories.
@Suite("Ledger scenarios")
struct LedgerScenarioTests {
  static let first = "20240101120000_create_profiles.sql"
  static let second = "20240201120000_add_bio.sql"
  static let firstSQL = """
    -- Profiles for signed-in users.
    create table profiles (
      id uuid primary key,
      handle text not null
    );

    alter table profiles enable row level security;

    create policy "own profile" on profiles for select using (auth.uid() = id);

    """
  static let secondSQL = "alter table profiles add column bio text;\n"

  /// A project with two migrations recorded in the ledger.
  private func appliedProject(_ root: String) throws -> Project {
    let project = try Project(root: root)
    try project.write(Self.first, Self.firstSQL)
    try project.write(Self.second, Self.secondSQL)
    try project.update()
    return project
  }

  @Test func updateThenCheckIsClean() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      #expect(try project.check().isEmpty)
      let ledger = try #require(try Ledger.load(path: project.ledgerPath))
      #expect(ledger.entries.map(\.relativeName) == [Self.first, Self.second])
      #expect(ledger.entries[0].statements?.count == 3)
      #expect(ledger.entries[0].checksum == SHA256.hash(try project.read(Self.first)))
    }
  }

  @Test func updateIsIdempotent() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      let before = try Data(contentsOf: URL(fileURLWithPath: project.ledgerPath))
      let again = try project.update()
      #expect(!again.wroteFile)
      #expect(again.recorded == 2 && again.added.isEmpty && again.updated.isEmpty && again.removed.isEmpty)
      #expect(try Data(contentsOf: URL(fileURLWithPath: project.ledgerPath)) == before)
    }
  }

  @Test func updateKeepsTheLedgersPermissions() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: project.ledgerPath)
      try project.write("20240301120000_more.sql", "select 1;\n")
      #expect(try project.update().wroteFile)
      let attributes = try FileManager.default.attributesOfItem(atPath: project.ledgerPath)
      #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
      // No temporary files left behind.
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.migrations).filter {
        $0.hasPrefix(".")
      }
      #expect(leftovers.isEmpty)
    }
  }

  @Test func emptyMigrationsFolder() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root)
      let result = try project.update()
      #expect(result.wroteFile && result.recorded == 0)
      #expect(try Ledger.load(path: project.ledgerPath)?.entries.isEmpty == true)
      #expect(try project.check().isEmpty)
    }
  }

  @Test func missingLedgerIsAnErrorOnlyWhenRequired() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root)
      try project.write(Self.first, Self.firstSQL)
      #expect(try project.check().isEmpty)
      #expect(throws: HistoryError.self) {
        try HistoryChecker.run(migrationsDirectory: project.migrations, requireLedger: true)
      }
    }
  }

  @Test func missingMigrationsFolderIsAnIOError() throws {
    try withTemporaryDirectory { root in
      #expect(throws: HistoryError.io(path: root + "/nope", message: "no such directory")) {
        try HistoryChecker.run(migrationsDirectory: root + "/nope")
      }
    }
  }

  @Test func malformedLedgerIsReportedWithLineAndColumn() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      var text = try String(contentsOfFile: project.ledgerPath, encoding: .utf8)
      text += "20240301120000 broken.sql sha256:xyz\n"
      try text.write(toFile: project.ledgerPath, atomically: true, encoding: .utf8)
      let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
      #expect {
        try project.check()
      } throws: { error in
        guard let error = error as? LedgerError else { return false }
        return error.path == project.ledgerPath && error.line == lineCount && error.column == 34
      }
      // A partial update must not paper over the broken line either.
      #expect(throws: LedgerError.self) { try project.update(only: [Self.first]) }
    }
  }

  // MARK: - edited-applied-migration

  @Test func oneChangedByteNamesTheFileAndStatement() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      var bytes = try project.read(Self.first)
      // "handle text" -> "handle texT": one byte inside statement 1.
      let needle = Array("handle text".utf8)
      let index = try #require(bytes.indices.first { bytes[$0...].starts(with: needle) })
      bytes[index + needle.count - 1] = UInt8(ascii: "T")
      try project.write(Self.first, bytes: bytes)
      let diagnostics = try project.check()
      let edited = diagnostics.with(rule: HistoryRules.editedAppliedMigration)
      #expect(diagnostics.count == 1)
      let diagnostic = try #require(edited.first)
      #expect(diagnostic.severity == .error)
      #expect(diagnostic.path == project.path(Self.first))
      #expect(diagnostic.message.contains(Self.first))
      #expect(diagnostic.message.contains("statement 1 at line 2 (`create table profiles (`) changed"))
      #expect(!diagnostic.message.contains("statement 2"))
      // Points at the changed statement.
      #expect(diagnostic.range.lowerBound == Array(Self.firstSQL.utf8).firstIndex(of: UInt8(ascii: "c")))
    }
  }

  @Test func addedAndRemovedStatementsAreNamed() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      let edited =
        Self.firstSQL
        .replacingOccurrences(of: "alter table profiles enable row level security;\n", with: "")
        + "create index profiles_handle on profiles (handle);\n"
      try project.write(Self.first, edited)
      let diagnostic = try #require(try project.check().with(rule: HistoryRules.editedAppliedMigration).first)
      #expect(diagnostic.severity == .error)
      #expect(diagnostic.message.contains("statement 2 of 3 in the applied version removed (it was before line 8)"))
      #expect(
        diagnostic.message.contains("statement 3 at line 9 (`create index profiles_handle on profiles (handle)`) added")
      )
    }
  }

  @Test func commentOnlyEditIsAWarning() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.write(
        Self.first,
        Self.firstSQL.replacingOccurrences(of: "-- Profiles for signed-in users.", with: "-- Profiles.")
          .replacingOccurrences(of: "  handle text", with: "\thandle   text"))
      let diagnostics = try project.check()
      #expect(diagnostics.count == 1)
      let diagnostic = try #require(diagnostics.with(rule: HistoryRules.editedAppliedMigration).first)
      #expect(diagnostic.severity == .warning)
      #expect(diagnostic.message.contains("comments only"))
    }
  }

  @Test func crlfConversionIsAWhitespaceOnlyEdit() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.write(Self.first, Self.firstSQL.replacingOccurrences(of: "\n", with: "\r\n"))
      let diagnostic = try #require(try project.check().with(rule: HistoryRules.editedAppliedMigration).first)
      #expect(diagnostic.severity == .warning)
      #expect(diagnostic.message.contains("line endings"))
    }
  }

  @Test func ledgerEntryWithoutFingerprintsSaysSoHonestly() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      let text = try String(contentsOfFile: project.ledgerPath, encoding: .utf8)
      let stripped = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        line.hasPrefix("#") ? String(line) : String(line.split(separator: " ").prefix(3).joined(separator: " "))
      }.joined(separator: "\n")
      try stripped.write(toFile: project.ledgerPath, atomically: true, encoding: .utf8)
      #expect(try project.check().isEmpty)
      try project.write(Self.second, "alter table profiles add column bio varchar;\n")
      let diagnostic = try #require(try project.check().with(rule: HistoryRules.editedAppliedMigration).first)
      #expect(diagnostic.severity == .error)
      #expect(diagnostic.message.contains("cannot tell which statements changed"))
    }
  }

  @Test func recordingAnEditWithOnlyClearsIt() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.write(Self.second, "alter table profiles add column bio varchar;\n")
      #expect(!(try project.check().isEmpty))
      let result = try project.update(only: [project.path(Self.second)])
      #expect(result.updated == [Self.second] && result.added.isEmpty)
      #expect(try project.check().isEmpty)
    }
  }

  // MARK: - deleted / renamed

  @Test func deletedAppliedMigrationPointsAtTheLedgerLine() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.remove(Self.first)
      let diagnostics = try project.check()
      #expect(diagnostics.count == 1)
      let diagnostic = try #require(diagnostics.with(rule: HistoryRules.deletedAppliedMigration).first)
      #expect(diagnostic.severity == .error)
      #expect(diagnostic.path == project.ledgerPath)
      let ledgerText = try String(contentsOfFile: project.ledgerPath, encoding: .utf8)
      let lineStart = try #require(
        ledgerText.utf8.indices.first { ledgerText.utf8[$0...].starts(with: "20240101120000 ".utf8) })
      #expect(diagnostic.range.lowerBound == ledgerText.utf8.distance(from: ledgerText.utf8.startIndex, to: lineStart))
      #expect(diagnostic.message.contains(Self.first))
      // Accepting the deletion: --only with the deleted file drops it.
      let result = try project.update(only: [Self.first])
      #expect(result.removed == [Self.first])
      #expect(try project.check().isEmpty)
    }
  }

  @Test func renamedAppliedMigration() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.rename(Self.second, to: "20240301120000_add_bio.sql")
      let diagnostics = try project.check()
      #expect(diagnostics.count == 1)
      let diagnostic = try #require(diagnostics.with(rule: HistoryRules.renamedAppliedMigration).first)
      #expect(diagnostic.path == project.path("20240301120000_add_bio.sql"))
      #expect(diagnostic.message.contains("applied migration `\(Self.second)` under a new name"))
    }
  }

  @Test func renamedAndEditedIsADeletionPlusANewFile() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.remove(Self.second)
      try project.write("20240301120000_add_bio.sql", "alter table profiles add column bio varchar;\n")
      let diagnostics = try project.check()
      #expect(diagnostics.map(\.ruleID) == [HistoryRules.deletedAppliedMigration])
    }
  }

  // MARK: - out-of-order

  @Test func outOfOrderMigration() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.write("20240115000000_backdated.sql", "create table notes (id int);\n")
      try project.write("20240301000000_newer.sql", "create table tags (id int);\n")
      let diagnostics = try project.check()
      #expect(diagnostics.count == 1)
      let diagnostic = try #require(diagnostics.with(rule: HistoryRules.outOfOrderMigration).first)
      #expect(diagnostic.path == project.path("20240115000000_backdated.sql"))
      #expect(diagnostic.message.contains("sorts before the newest applied migration `\(Self.second)`"))
      #expect(diagnostic.message.contains("--include-all"))
    }
  }

  /// The Supabase CLI runs an 8-digit version too, so it is ordered as well as warned about.
  @Test func nonstandardNameStillTakesPartInOrdering() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.write("20240115_backdated.sql", "create table notes (id int);\n")
      let diagnostics = try project.check()
      #expect(
        diagnostics.map(\.ruleID).sorted() == [HistoryRules.invalidMigrationFilename, HistoryRules.outOfOrderMigration])
      #expect(diagnostics.first?.message.contains("still runs it") == true)
    }
  }

  // MARK: - duplicate versions

  @Test func duplicateMigrationVersion() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.write("20240201120000_also_bio.sql", "create table other (id int);\n")
      let diagnostics = try project.check()
      let duplicates = diagnostics.with(rule: HistoryRules.duplicateMigrationVersion)
      #expect(duplicates.count == 1)
      // The applied file keeps its version; the newcomer is reported.
      #expect(duplicates.first?.path == project.path("20240201120000_also_bio.sql"))
      #expect(duplicates.first?.message.contains("which `\(Self.second)` already uses") == true)
      // It is not also out of order (same version, not an earlier one).
      #expect(diagnostics.with(rule: HistoryRules.outOfOrderMigration).isEmpty)
    }
  }

  @Test func upAndDownFilesMayShareAVersion() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root, migrationsFolder: "db/migrations", naming: .golangMigrate)
      try project.write("000001_users.up.sql", "create table users (id int);\n")
      try project.write("000001_users.down.sql", "drop table users;\n")
      try project.write("000002_posts.up.sql", "create table posts (id int);\n")
      #expect(try project.check().isEmpty)
      try project.write("0002_again.up.sql", "select 1;\n")
      let duplicates = try project.check().with(rule: HistoryRules.duplicateMigrationVersion)
      // Neither is applied: the first by name ("000002_..." < "0002_...") keeps the version.
      #expect(duplicates.map(\.path) == [project.path("0002_again.up.sql")])
    }
  }

  // MARK: - naming

  @Test func invalidMigrationFilename() throws {
    try withTemporaryDirectory { root in
      let project = try appliedProject(root)
      try project.write("20241332000000_bad_date.sql", "select 1;\n")
      try project.write("seed.sql", "select 1;\n")
      try project.write("archive/20240401000000_nested.sql", "select 1;\n")
      try project.write("README.md", "not a migration")
      let diagnostics = try project.check().with(rule: HistoryRules.invalidMigrationFilename)
      #expect(diagnostics.allSatisfy { $0.severity == .warning })
      #expect(
        diagnostics.map(\.path) == [
          project.path("20241332000000_bad_date.sql"), project.path("archive/20240401000000_nested.sql"),
          project.path("seed.sql"),
        ])
      #expect(diagnostics.first?.message.contains("month 13") == true)
      #expect(diagnostics.last?.message.contains("skips this file, so it never runs") == true)
    }
  }

  // MARK: - subfolders and other schemes

  @Test func ledgerListingFilesInASubfolder() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root, migrationsFolder: "db/migration", naming: .flyway)
      try project.write("V1__init.sql", "create table a (id int);\n")
      try project.write("tenants/V2__tenant_table.sql", "create table b (id int);\ncreate table c (id int);\n")
      try project.write("R__views.sql", "create or replace view v as select 1;\n")
      try project.update()
      let ledgerText = try String(contentsOfFile: project.ledgerPath, encoding: .utf8)
      #expect(ledgerText.contains(" tenants/V2__tenant_table.sql sha256:"))
      #expect(try project.check().isEmpty)

      // Repeatable migrations may change; versioned ones in a subfolder may not.
      try project.write("R__views.sql", "create or replace view v as select 2;\n")
      try project.write("tenants/V2__tenant_table.sql", "create table b (id int);\ncreate table c (id bigint);\n")
      let diagnostics = try project.check()
      #expect(diagnostics.map(\.ruleID) == [HistoryRules.editedAppliedMigration])
      #expect(diagnostics.first?.path == project.path("tenants/V2__tenant_table.sql"))
      #expect(diagnostics.first?.message.contains("statement 2 at line 2") == true)
    }
  }

  @Test func dieselFolders() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root, migrationsFolder: "migrations", naming: .diesel)
      try project.write("2024-01-01-000000_users/up.sql", "create table users (id int);\n")
      try project.write("2024-01-01-000000_users/down.sql", "drop table users;\n")
      try project.write("2024-02-01-000000_posts/up.sql", "create table posts (id int);\n")
      try project.update()
      #expect(try project.check().isEmpty)
      try project.write("2024-01-15-000000_late/up.sql", "create table late (id int);\n")
      let diagnostics = try project.check()
      #expect(diagnostics.map(\.ruleID) == [HistoryRules.outOfOrderMigration])
      #expect(diagnostics.first?.message.contains("version 2024-01-15-000000") == true)
    }
  }

  // MARK: - rule metadata

  @Test func everyRuleHasADescription() {
    let ids = HistoryRules.descriptions.map(\.id)
    #expect(
      Set(ids) == [
        HistoryRules.editedAppliedMigration, HistoryRules.deletedAppliedMigration,
        HistoryRules.renamedAppliedMigration, HistoryRules.outOfOrderMigration,
        HistoryRules.duplicateMigrationVersion, HistoryRules.invalidMigrationFilename,
      ])
    #expect(ids.count == 6)
    for description in HistoryRules.descriptions {
      #expect(description.category == .history)
      #expect(!description.summary.isEmpty && !description.rationale.isEmpty)
      #expect(description.useInstead?.isEmpty == false)
    }
  }
}
