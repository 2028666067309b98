import CSLintTestSupport
import Foundation
import PostgresSyntax
import Testing

@testable import MigrationLint

/// `FolderReplay` (what `cslint lsp` lints an open file with): linting a
/// folder's file after replaying the files before it gives the findings the
/// folder pipeline gives that file, settle step included.
@Suite("Folder replay for one file")
struct FolderReplayTests {
  /// Each file of `files` through `FolderReplay` equals its report from `Linter.lint(files:)`.
  static func expectSameAsPipeline(_ files: [SourceFile], settings: LintSettings = LintSettings()) {
    let linter = Linter(settings: settings)
    let pipeline = linter.lint(files: files)
    #expect(pipeline.count == files.count)
    let prepared = files.map(PreparedFile.init)
    var replay = FolderReplay(settings: settings)
    for index in files.indices {
      defer { replay.replay(prepared[index], linter: linter) }
      let result = replay.lint(prepared[index], linter: linter) { Array(prepared[(index + 1)...]) }
      #expect(
        result.diagnostics == pipeline[index].diagnostics,
        "\(files[index].path): \(result.diagnostics.map(\.ruleID)) vs \(pipeline[index].diagnostics.map(\.ruleID))")
    }
  }

  @Test("the example project: every file as the pipeline lints it")
  func exampleProject() throws {
    let folder = TestPaths.packageRoot.appendingPathComponent("Examples/supabase/migrations")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
      .sorted()
    #expect(names.count >= 5)
    let files = try names.map { name in
      SourceFile(
        path: "supabase/migrations/" + name, bytes: Array(try Data(contentsOf: folder.appendingPathComponent(name))))
    }
    Self.expectSameAsPipeline(files)
  }

  @Test("corpus folders of up to 60 files: every file as the pipeline lints it")
  func corpusFolders() throws {
    guard let corpus = try TestPaths.corpusFolder("migrations") else { return }
    let discovery = FileDiscovery.sqlFiles(in: [corpus.path])
    var checked = 0
    for folder in MigrationFolder.group(discovery.files, roots: [corpus.path]) where folder.files.count <= 60 {
      // The runner each folder is linted as (its file names show it).
      var settings = LintSettings()
      let names = folder.files.map { MigrationFile.relativeName(of: $0, in: folder.directory) }
      if let runner = Runner.inferred(fromRelativeNames: names) { settings.runner = runner }
      // Down migrations are replayed on scratch copies by both; keep to up migrations here.
      let files = folder.files.filter { !Linter.isDownMigration($0) }.compactMap { path in
        FileDiscovery.read(path).map { SourceFile(path: path, bytes: $0) }
      }
      Self.expectSameAsPipeline(files, settings: settings)
      checked += files.count
    }
    #expect(checked > 100)
  }

  @Test("a finding a later migration settles is dropped, one it does not settle stays")
  func settleStep() {
    let files = [
      SourceFile(
        path: "m/20240101000000_a.sql",
        text: "create table if not exists public.notes (id bigint primary key);\n"
          + "create table if not exists public.tags (id bigint primary key);\n"),
      SourceFile(
        path: "m/20240102000000_b.sql",
        text: "alter table public.notes enable row level security;\n"
          + "create policy \"own notes\" on public.notes for select to authenticated using (true);\n"),
    ]
    Self.expectSameAsPipeline(files)
    // And the settle step did something here: the first file alone keeps a finding on notes.
    let linter = Linter()
    let alone = FolderReplay(settings: LintSettings()).lint(PreparedFile(source: files[0]), linter: linter)
    let settled = FolderReplay(settings: LintSettings()).lint(PreparedFile(source: files[0]), linter: linter) {
      [PreparedFile(source: files[1])]
    }
    #expect(alone.diagnostics.count > settled.diagnostics.count)
  }

  @Test("the lock analysis continues from the replayed schema")
  func lockAnalysis() {
    var replay = FolderReplay(settings: LintSettings())
    replay.replay(PreparedFile(source: SourceFile(path: "a.sql", text: "create table public.t (id int);\n")))
    let file = SourceFile(path: "b.sql", text: "create index i on public.t (id);\n")
    let fromReplay = replay.lockAnalysis(of: file).statements.map(\.effects.relations)
    let fromHistory = LockAnalysis.analyzeFile(
      file, history: [SourceFile(path: "a.sql", text: "create table public.t (id int);\n")]
    ).statements.map(\.effects.relations)
    #expect(fromReplay == fromHistory)
    #expect(fromReplay.first?.first?.isNew == false)
  }
}
