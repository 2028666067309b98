import CSLintTestSupport
import Foundation
import Testing

/// Files are read and parsed in parallel, then replayed in order: the report
/// must be byte-identical to a strictly serial run (`--jobs 1`).
@Suite("Parallel output equals serial output")
struct ParallelOutputTests {
  @Test("cslint lint with all cores and with --jobs 1 prints the same report", arguments: ["json", "text"])
  func sameReport(format: String) throws {
    let folder: URL
    if RobustCorpus.isAvailable {
      folder = RobustCorpus.directory.appendingPathComponent("migrations")
    } else {
      try #require(!RobustCorpus.isCI, "../shared/corpus is missing under CI=true")
      folder = RobustCorpus.packageRoot.appendingPathComponent("Examples/supabase/migrations")
    }
    let arguments = ["lint", folder.path, "--format", format, "--no-color"]
    let parallel = try CLIRunner.cslint(arguments, in: RobustCorpus.packageRoot)
    let serial = try CLIRunner.cslint(arguments + ["--jobs", "1"], in: RobustCorpus.packageRoot)
    let two = try CLIRunner.cslint(arguments + ["--jobs", "2"], in: RobustCorpus.packageRoot)
    // A queue budget of one byte: every worker waits for the writer after
    // each file (the bounded-memory path), and nothing deadlocks.
    let starved = try CLIRunner.cslint(
      arguments + ["--jobs", "3"], in: RobustCorpus.packageRoot, environment: ["CSLINT_TEST_QUEUE_BUDGET": "1"])
    #expect(!parallel.stdout.isEmpty)
    #expect(parallel.status == serial.status && parallel.status == two.status && starved.status == serial.status)
    #expect(parallel.stdout == serial.stdout, "parallel and serial reports differ (\(format))")
    #expect(two.stdout == serial.stdout, "--jobs 2 and serial reports differ (\(format))")
    #expect(starved.stdout == serial.stdout, "a starved queue changes the report (\(format))")
  }

  /// Regression: a file heavier than the queue budget, after a light one
  /// the writer had not been woken for, left both threads asleep (the 50 MB
  /// fault test hung). The worker must wake the writer before it waits.
  @Test("a file heavier than the queue budget does not stall the run")
  func heavyFileAfterLightOne() throws {
    let project = try FaultProject()
    defer { project.remove() }
    var heavy = Array("create table big (id int);\n".utf8)
    while heavy.count < 300_000 { heavy += Array("insert into big values (1);\n".utf8) }
    try project.write("20240201000000_big.sql", heavy)
    let result = try project.lint(["--jobs", "2"], environment: ["CSLINT_TEST_QUEUE_BUDGET": "65536"])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.reported["20240201000000_big.sql"] != nil)
    #expect(project.healthyFilesReported(result), "\(result.stdout.prefix(2000))")
  }

  /// Several folders are written by the workers themselves (`ReportDrain`):
  /// a fatal error in one folder must still end the run with exit 2, with
  /// every worker stopped (no folder waiting for a writer that is gone).
  @Test("a fatal error in one of several folders ends a parallel run with exit 2", arguments: ["1", "65536"])
  func fatalErrorStopsTheWorkers(budget: String) throws {
    try TestPaths.withTemporaryDirectory("parallel-fatal") { root in
      for app in ["a", "b", "c", "d", "e"] {
        let folder = URL(fileURLWithPath: root).appendingPathComponent("\(app)/supabase/migrations")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("create index \(app)_idx on \(app) (id);\n".utf8).write(
          to: folder.appendingPathComponent("20240101000000_\(app).sql"))
      }
      // Not a git repository: --base fails in the first folder linted.
      let result = try CLIRunner.cslint(
        ["lint", root, "--changed-only", "--base", "main", "--jobs", "2", "--format", "json"],
        in: URL(fileURLWithPath: root), environment: ["CSLINT_TEST_QUEUE_BUDGET": budget])
      #expect(result.status == 2, "\(result.stderr)")
      #expect(result.stderr.contains("--base cannot be used"), "\(result.stderr)")
    }
  }
}
