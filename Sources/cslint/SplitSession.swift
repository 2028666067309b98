import FoundationEssentials
import MigrationLint

/// `cslint fix --split`: moves what must run in a later transaction into new
/// migrations (issue 20), all files written or none, then runs the ordinary
/// `fix` on the result.
enum SplitSession {
  static func run(options: LintOptions, dryRun: Bool) -> Int32 {
    guard let setup = LintSession.setUp(options: options, fixing: false) else { return ExitCode.usageOrIO }
    var plan = SplitPlan()
    for job in setup.plan.jobs { plan.append(setup.pipeline.planSplits(job)) }
    if !plan.refusals.isEmpty {
      for refusal in plan.refusals { printError("error: \(TextEscaping.visible(refusal))") }
      printError("error: fix --split wrote nothing")
      return ExitCode.usageOrIO
    }
    if dryRun {
      var text = ""
      for change in plan.changes {
        if let original = change.original {
          text += UnifiedDiff.make(path: change.path, old: original, new: change.bytes)
        } else {
          text += UnifiedDiff.makeNew(path: change.path, new: change.bytes)
        }
      }
      var out = StandardOutput()
      out.write(Array(text.utf8))
      out.flush()
      if !options.quiet {
        printError(plan.changes.isEmpty ? "nothing to split" : "dry run: nothing written")
      }
      return setup.ioFailure ? ExitCode.usageOrIO : ExitCode.success
    }
    if !plan.changes.isEmpty {
      let writes = plan.changes.map { AtomicFileSet.Write(path: $0.path, bytes: $0.bytes, original: $0.original) }
      do {
        try AtomicFileSet.write(
          writes, followSymlinks: options.followSymlinks, projectRoot: FileManager.default.currentDirectoryPath)
      } catch {
        printError("error: \(error); fix --split wrote nothing")
        return ExitCode.usageOrIO
      }
      if !options.quiet {
        for note in plan.notes { printError("split \(note)") }
      }
    }
    // The ordinary fixes, and the report of what is left.
    return LintSession.run(options: options, fixing: true)
  }
}
