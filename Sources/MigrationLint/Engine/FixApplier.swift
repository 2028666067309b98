import PostgresSyntax

/// Applies fixes to a file's bytes and iterates until nothing changes.
public enum FixApplier {
  /// Applies the edits of `fixes` from the end of the file backwards.
  /// Edits overlapping an edit already taken are skipped (picked up by the
  /// next round). Returns the new bytes and how many fixes were applied.
  public static func apply(_ fixes: [Fix], to bytes: [UInt8]) -> (bytes: [UInt8], applied: [String]) {
    var taken: [TextEdit] = []
    var applied: [String] = []
    for fix in fixes {
      let edits = fix.edits
      let valid = edits.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= bytes.count }
      let overlaps = edits.contains { edit in
        taken.contains { other in
          edit.range.overlaps(other.range) || edit.range.lowerBound == other.range.lowerBound
        }
      }
      guard valid, !overlaps else { continue }
      taken.append(contentsOf: edits)
      applied.append(fix.title)
    }
    var result = bytes
    for edit in taken.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
      result.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
    }
    return (result, applied)
  }

  /// One file's outcome under `cslint fix`.
  public struct Outcome: Sendable {
    public var original: [UInt8]
    public var fixed: [UInt8]
    /// Titles of the fixes applied, in order.
    public var applied: [String]
    /// Diagnostics remaining after fixing.
    public var remaining: FileResult
    public var changed: Bool { original != fixed }
  }

  /// Lints and fixes `source` until stable (at most `maximumRounds`).
  /// A file with a syntax error is never changed.
  public static func fix(
    _ source: SourceFile, linter: Linter, schemaBefore: SchemaState, includeSuggestions: Bool, maximumRounds: Int = 8
  ) -> (Outcome, SchemaState) {
    var bytes = source.bytes
    var titles: [String] = []
    var round = 0
    while true {
      var schema = schemaBefore
      let result = linter.lintFile(SourceFile(path: source.path, bytes: bytes), schema: &schema)
      let fixes = result.diagnostics.flatMap { diagnostic in
        diagnostic.fixes.filter { $0.applicability == .safe || includeSuggestions }
      }
      if result.hasSyntaxError || fixes.isEmpty || round >= maximumRounds {
        let outcome = Outcome(original: source.bytes, fixed: bytes, applied: titles, remaining: result)
        return (outcome, schema)
      }
      let (next, appliedTitles) = apply(fixes, to: bytes)
      if appliedTitles.isEmpty || next == bytes {
        return (Outcome(original: source.bytes, fixed: bytes, applied: titles, remaining: result), schema)
      }
      // A fix must never introduce a syntax error; stop before one would.
      let rescanned = ScannedFile(source: SourceFile(path: source.path, bytes: next))
      if rescanned.errors.count > 0 {
        return (Outcome(original: source.bytes, fixed: bytes, applied: titles, remaining: result), schema)
      }
      titles += appliedTitles
      bytes = next
      round += 1
    }
  }
}
