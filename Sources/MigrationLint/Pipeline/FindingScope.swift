/// Which files get no rule findings although they are replayed for the
/// schema and stay under the history checks: migrations at or before the
/// `baseline` version, and files matching `ignore: paths:`.
public struct FindingScope: Sendable, Equatable {
  /// `baseline` / `--baseline`, parsed.
  public var baseline: MigrationVersion?
  /// `ignore: paths:`, matched against paths relative to `baseDirectory`.
  public var ignoredPaths: [Glob]
  /// The configuration's directory.
  public var baseDirectory: String

  public init(baseline: MigrationVersion? = nil, ignoredPaths: [Glob] = [], baseDirectory: String = ".") {
    self.baseline = baseline
    self.ignoredPaths = ignoredPaths
    self.baseDirectory = baseDirectory
  }

  /// True when nothing is left out.
  public var isEmpty: Bool { baseline == nil && ignoredPaths.isEmpty }

  /// Whether `path`, a file of the migrations folder `directory` named by
  /// `naming`, gets no rule findings.
  public func isQuiet(_ path: String, folder directory: String, naming: NamingScheme) -> Bool {
    if !ignoredPaths.isEmpty {
      let relative = LintPlan.relativePath(path, to: baseDirectory)
      if ignoredPaths.contains(where: { $0.matches(relative) }) { return true }
    }
    guard let baseline else { return false }
    let name = naming == .none ? NamingScheme.supabase : naming
    guard let version = name.parse(MigrationFile.relativeName(of: path, in: directory)).name?.version else {
      return false
    }
    // Compared the way the scheme orders its files: Supabase, dbmate and
    // diesel by text, golang-migrate and Flyway by number.
    let isText = version.parts.allSatisfy { part in
      if case .text = part { return true }
      return false
    }
    return !((isText ? MigrationVersion.text(baseline.text) : baseline) < version)
  }
}
