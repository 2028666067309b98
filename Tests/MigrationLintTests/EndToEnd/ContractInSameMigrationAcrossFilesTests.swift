import Foundation
import Testing

@testable import MigrationLint

/// `contract-in-same-migration` across files: expand and contract steps in
/// separate migrations that are all unapplied (per the ledger or the git
/// base) ship in one deploy, and are reported at the drop.
@Suite("contract-in-same-migration across unapplied migrations")
struct ContractInSameMigrationAcrossFilesTests {
  static let rule = "contract-in-same-migration"
  static let create = "20240101000000_create_customers.sql"
  static let createSQL = """
    create table public.customers (id bigint primary key, name text, nick text);
    create table public.orders (id bigint primary key, customer_id bigint, note text);

    """

  /// The column rename spread over three files.
  static let columnSteps = [
    ("20240201000000_add_full_name.sql", "alter table customers add column full_name text;\n"),
    ("20240202000000_backfill_full_name.sql", "update customers set full_name = coalesce(name, nick);\n"),
    ("20240203000000_drop_name.sql", "alter table customers drop column name;\n"),
  ]

  /// The table copy: a new table filled from the old one, then the old one dropped.
  static let tableSteps = [
    (
      "20240301000000_customer_accounts.sql",
      """
      create table public.customer_accounts (id bigint primary key, nick text);
      insert into public.customer_accounts (id, nick) select id, nick from public.customers;

      """
    ),
    ("20240302000000_drop_customers.sql", "drop table public.customers;\n"),
  ]

  /// Lints the project's folder (history checks on, with `baseRef`) and
  /// returns this rule's findings as `file: message`.
  private func findings(_ project: Project, baseRef: String? = nil) -> [Diagnostic] {
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: project.migrations)) ?? [])
      .filter { $0.hasSuffix(".sql") }.sorted().map(project.path)
    let pipeline = LintPipeline(
      linter: Linter(selection: RuleSelection(only: [Self.rule])),
      options: .init(checksHistory: true, baseRef: baseRef))
    var problems: [String] = []
    let reports = pipeline.collect(
      [FolderJob(folder: MigrationFolder(directory: project.migrations, files: files, isFullyDiscovered: true))],
      problem: { problems.append($0.message) })
    #expect(problems.isEmpty)
    return reports.flatMap(\.diagnostics).filter { $0.ruleID == Self.rule }
  }

  private func project(_ root: String, applied: [(String, String)], new: [(String, String)]) throws -> Project {
    let project = try Project(root: root)
    for (name, text) in applied { try project.write(name, text) }
    try project.update()
    for (name, text) in new { try project.write(name, text) }
    return project
  }

  // MARK: - Triggering

  @Test func columnAddedFilledAndDroppedInThreeNewFilesIsReportedAtTheDrop() throws {
    try withTemporaryDirectory { root in
      let project = try project(root, applied: [(Self.create, Self.createSQL)], new: Self.columnSteps)
      let found = findings(project)
      #expect(found.count == 1)
      let finding = try #require(found.first)
      #expect(finding.path == project.path("20240203000000_drop_name.sql"))
      #expect(finding.severity == .error)
      let text = "alter table customers drop column name;"
      #expect(finding.range == text.utf8.count - "drop column name;".utf8.count..<text.utf8.count - 1)
      #expect(
        finding.message == """
          customers.name is dropped in the deploy that copies it: 20240201000000_add_full_name.sql adds full_name \
          and 20240202000000_backfill_full_name.sql copies name into it, and none of these migrations is applied \
          yet; the application running during the deploy still uses name, and its queries fail once this commits
          """)
      let help = try #require(finding.help)
      #expect(
        help.contains(
          "1. deploy 20240201000000_add_full_name.sql and 20240202000000_backfill_full_name.sql (ADD COLUMN full_name) without 20240203000000_drop_name.sql"
        ))
      #expect(help.contains("ALTER TABLE customers DROP COLUMN name;"))
    }
  }

  @Test func tableCopiedInOneNewFileAndDroppedInAnotherIsReported() throws {
    try withTemporaryDirectory { root in
      let project = try project(root, applied: [(Self.create, Self.createSQL)], new: Self.tableSteps)
      let found = findings(project)
      #expect(found.count == 1)
      let finding = try #require(found.first)
      #expect(finding.path == project.path("20240302000000_drop_customers.sql"))
      #expect(
        finding.message == """
          public.customers is dropped in the deploy that copies it: 20240301000000_customer_accounts.sql copies it \
          into customer_accounts, and none of these migrations is applied yet; the application running during the \
          deploy still uses public.customers, and its queries fail once this commits
          """)
      #expect(finding.help?.contains("4. only then apply 20240302000000_drop_customers.sql") == true)
    }
  }

  @Test func addAndFillInOneNewFileThenDropInTheNextIsReported() throws {
    try withTemporaryDirectory { root in
      let project = try project(
        root, applied: [(Self.create, Self.createSQL)],
        new: [
          (
            "20240201000000_expand.sql",
            "alter table public.orders add column remark text;\nupdate public.orders set remark = note;\n"
          ),
          ("20240202000000_contract.sql", "alter table public.orders drop column if exists note;\n"),
        ])
      let found = findings(project)
      #expect(found.map(\.path) == [project.path("20240202000000_contract.sql")])
      #expect(
        found.first?.message.hasPrefix(
          "public.orders.note is dropped in the deploy that copies it: 20240201000000_expand.sql adds remark and copies note into it,"
        ) == true)
    }
  }

  /// The same file as before keeps its single-file finding (not reported twice).
  @Test func everyStepInOneNewFileIsReportedOnce() throws {
    try withTemporaryDirectory { root in
      let project = try project(
        root, applied: [(Self.create, Self.createSQL)],
        new: [
          (
            "20240201000000_rename.sql",
            "alter table customers add column full_name text;\nupdate customers set full_name = name;\n"
              + "alter table customers drop column name;\n"
          )
        ])
      let found = findings(project)
      #expect(found.count == 1)
      #expect(found.first?.message.hasPrefix("customers.name is dropped by the migration that copies it") == true)
    }
  }

  // MARK: - Not triggering

  @Test func expandStepsAlreadyAppliedAreAStagedContract() throws {
    try withTemporaryDirectory { root in
      let applied = [(Self.create, Self.createSQL)] + Array(Self.columnSteps.prefix(2))
      let project = try project(root, applied: applied, new: Array(Self.columnSteps.suffix(1)))
      #expect(findings(project).isEmpty)
      let tables = try self.project(
        root + "/tables", applied: [(Self.create, Self.createSQL), Self.tableSteps[0]],
        new: [Self.tableSteps[1]])
      #expect(findings(tables).isEmpty)
    }
  }

  @Test func withoutLedgerOrBaseOnlyOneFileCounts() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root)
      for (name, text) in [(Self.create, Self.createSQL)] + Self.columnSteps + Self.tableSteps {
        try project.write(name, text)
      }
      #expect(!FileManager.default.fileExists(atPath: project.ledgerPath))
      #expect(findings(project).isEmpty)
    }
  }

  @Test func tableCreatedByAnUnappliedMigrationIsNotInUse() throws {
    try withTemporaryDirectory { root in
      // Every file is new, the table included: no deployed application uses it.
      let project = try project(root, applied: [], new: [(Self.create, Self.createSQL)] + Self.columnSteps)
      #expect(FileManager.default.fileExists(atPath: project.ledgerPath))
      #expect(findings(project).isEmpty)
    }
  }

  @Test func droppingAColumnOtherThanTheCopiedOneIsFine() throws {
    try withTemporaryDirectory { root in
      let project = try project(
        root, applied: [(Self.create, Self.createSQL)],
        new: Array(Self.columnSteps.prefix(2)) + [
          ("20240203000000_drop_note.sql", "alter table orders drop column note;\n")
        ])
      #expect(findings(project).isEmpty)
    }
  }

  @Test func copyWhoseTargetWasDroppedAgainIsForgotten() throws {
    try withTemporaryDirectory { root in
      let project = try project(
        root, applied: [(Self.create, Self.createSQL)],
        new: Array(Self.columnSteps.prefix(2)) + [
          ("20240202100000_revert.sql", "alter table customers drop column full_name;\n"),
          Self.columnSteps[2],
        ])
      #expect(findings(project).isEmpty)
    }
  }

  // MARK: - Git base

  @Test func gitBaseDecidesWhichFilesAreNew() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root)
      try project.write(Self.create, Self.createSQL)
      try project.write(Self.columnSteps[0].0, Self.columnSteps[0].1)
      try initRepository(root)
      // The add is at the base; the backfill and the drop are new: the
      // column was added by an applied migration, so this is a staged contract.
      for (name, text) in Self.columnSteps.suffix(2) { try project.write(name, text) }
      #expect(findings(project).isEmpty)  // no ledger, no base: single files only
      #expect(findings(project, baseRef: "main").isEmpty)
      // The table copy is entirely new since the base: reported.
      for (name, text) in Self.tableSteps { try project.write(name, text) }
      let found = findings(project, baseRef: "main")
      #expect(found.map(\.path) == [project.path("20240302000000_drop_customers.sql")])
      // Once the copy is committed and the base moves past it, only the drop is new.
      try project.remove(Self.tableSteps[1].0)
      try git(["add", "-A"], in: root)
      try git(["commit", "-q", "-m", "copy"], in: root)
      try project.write(Self.tableSteps[1].0, Self.tableSteps[1].1)
      #expect(findings(project, baseRef: "main").isEmpty)
    }
  }

  @Test func gitBaseReportsColumnStepsAllNew() throws {
    try withTemporaryDirectory { root in
      let project = try Project(root: root)
      try project.write(Self.create, Self.createSQL)
      try initRepository(root)
      for (name, text) in Self.columnSteps { try project.write(name, text) }
      let found = findings(project, baseRef: "HEAD")
      #expect(found.map(\.path) == [project.path("20240203000000_drop_name.sql")])
    }
  }
}
