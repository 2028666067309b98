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
    #expect(!parallel.stdout.isEmpty)
    #expect(parallel.status == serial.status && parallel.status == two.status)
    #expect(parallel.stdout == serial.stdout, "parallel and serial reports differ (\(format))")
    #expect(two.stdout == serial.stdout, "--jobs 2 and serial reports differ (\(format))")
  }
}
