/// What the pipeline hands to its sink for one folder, in order.
public enum LintEvent: Sendable {
  /// A folder of `count` files starts.
  case begin(count: Int)
  /// The report of the file at `position` in the folder (positions are
  /// path order; reports come in replay order, so a down migration's comes
  /// after its up migration's). `held`: it carries findings of a rule that
  /// settles at the folder's end (`Rule.settle`); `end` gives its final
  /// diagnostics.
  case report(FileReport, position: Int, held: Bool)
  /// The folder is done: `settled` are the final diagnostics of every held
  /// report, by position; `extra` are reports for files that were not
  /// linted (e.g. a deleted migration's history findings).
  case end(settled: [Int: [Diagnostic]], extra: [FileReport])
}

/// Something that went wrong outside the SQL (I/O, git); the run goes on
/// unless `isFatal`.
public struct LintProblem: Sendable, Equatable {
  public var message: String
  /// Stop the run now (e.g. git failed for `--changed-only`).
  public var isFatal: Bool

  public init(message: String, isFatal: Bool = false) {
    self.message = message
    self.isFatal = isFatal
  }
}
