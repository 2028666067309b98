import FoundationEssentials

/// What one folder's linting needs besides its files.
public struct FolderJob: Sendable {
  public var folder: MigrationFolder
  /// Every file found in the folder, linted or not (an excluded file is not
  /// a deleted one), for the history checks; nil: `folder.files`.
  public var knownFiles: [String]?
  /// Earlier migrations replayed for schema context only, before the
  /// folder's files (e.g. siblings of files named directly).
  public var context: [String]

  public init(folder: MigrationFolder, knownFiles: [String]? = nil, context: [String] = []) {
    self.folder = folder
    self.knownFiles = knownFiles
    self.context = context
  }
}

/// The files of a run, found and grouped by migrations folder: what
/// `cslint lint` and `cslint fix` lint, from the paths a user passed (or the
/// configured folders) and the configuration.
public struct LintPlan: Sendable {
  /// One job per folder, folders in order of their first file.
  public var jobs: [FolderJob]
  /// Every file linted, in run order.
  public var files: [String]
  /// Paths that do not exist or cannot be listed, as messages.
  public var problems: [String]
  /// The directories discovery listed, and the temporary files it saw in
  /// them: the stale-file cleanup lists only the other directories.
  public var listedDirectories: Set<String> = []
  public var temporaryFiles: [String] = []

  /// The configured migrations folders (relative to the configuration's
  /// directory) that exist: what a run without paths lints. Relative to
  /// `currentDirectory` when the configuration lies in it or below it, so
  /// reports name `supabase/migrations/...`, not an absolute path.
  public static func configuredPaths(_ configuration: Configuration, currentDirectory: String? = nil) -> [String] {
    var base = configuration.baseDirectory
    if let current = currentDirectory, current.hasPrefix("/") {
      let prefix = current.hasSuffix("/") ? current : current + "/"
      if base == current {
        base = "."
      } else if base.hasPrefix(prefix) {
        base = String(base.dropFirst(prefix.count))
      }
    }
    return configuration.migrations.map { base == "." || $0.hasPrefix("/") ? $0 : base + "/" + $0 }
      .filter { DirectoryListing.exists($0) }
  }

  /// - Parameters:
  ///   - paths: files and directories (directories searched recursively).
  ///   - runner: the run's runner (Flyway orders files by version).
  ///   - replaysSiblings: replay the earlier migrations beside files named
  ///     directly (e.g. by pre-commit), for schema context.
  public init(paths: [String], configuration: Configuration, runner: Runner, replaysSiblings: Bool) {
    let discovery = FileDiscovery.sqlFiles(in: paths)
    problems = discovery.problems
    listedDirectories = discovery.listedDirectories
    temporaryFiles = discovery.temporaryFiles
    var files = discovery.files
    if configuration.path != nil {
      if configuration.filtersByFileNameOnly {
        // No path made relative per file (1 k instructions each, in the
        // serial start): the file name is all the globs read.
        files = files.filter { configuration.shouldLint(relativePath: $0) }
      } else {
        let base = configuration.baseDirectory
        files = files.filter { configuration.shouldLint(relativePath: Self.relativePath($0, to: base)) }
      }
    }
    if runner == .flyway { files = Self.flywayOrder(files) }
    self.files = files
    let roots = paths.filter(DirectoryListing.isDirectory)
    // Every file discovery saw, filtered or not: the history checks need the
    // whole folder (an excluded file is not a deleted one).
    // (discovery.files are in path order already: sorted again only with
    // other files mixed in.)
    let discoveredForHistory =
      discovery.otherCaseSQL.isEmpty
      ? discovery.files : (discovery.files + discovery.otherCaseSQL).sorted(by: FileDiscovery.pathOrder)
    let historyGroups = MigrationFolder.group(discoveredForHistory, roots: roots)
    var historyFilesByFolder: [String: [String]] = [:]
    for group in historyGroups where group.isFullyDiscovered {
      historyFilesByFolder[group.directory] = group.files
    }
    // Nothing filtered out or reordered (the usual run): the same folders.
    let folders = files == discoveredForHistory ? historyGroups : MigrationFolder.group(files, roots: roots)
    let replaysContext = replaysSiblings && folders.contains { !$0.isFullyDiscovered }
    let linted = replaysContext ? Set(files) : []
    jobs = folders.map { folder in
      FolderJob(
        folder: folder, knownFiles: historyFilesByFolder[folder.directory],
        context: !folder.isFullyDiscovered && replaysContext ? Self.siblings(of: folder.files, linted: linted) : [])
    }
  }

  /// Flyway applies versioned migrations by version number (`V2__` before
  /// `V10__`), then repeatable ones (`R__`); path order is kept within a tie.
  public static func flywayOrder(_ files: [String]) -> [String] {
    let keys = files.map { path -> MigrationVersion? in
      NamingScheme.flyway.parse(path.lastPathComponent).name?.version
    }
    let order = files.indices.sorted { left, right in
      switch (keys[left], keys[right]) {
      case (let a?, let b?): return a != b ? a < b : left < right
      case (.some, .none): return true
      case (.none, .some): return false
      case (.none, .none): return left < right
      }
    }
    return order.map { files[$0] }
  }

  /// Earlier migrations beside explicitly named files (e.g. from pre-commit),
  /// replayed for schema context only.
  public static func siblings(of files: [String], linted: Set<String>) -> [String] {
    var firstByDirectory: [String: String] = [:]
    for file in files {
      let directory = file.deletingLastPathComponent
      if let current = firstByDirectory[directory], !FileDiscovery.pathOrder(file, current) { continue }
      firstByDirectory[directory] = file
    }
    var history: [String] = []
    for (directory, first) in firstByDirectory {
      // A bare file name's siblings are listed as "./name": compared without
      // the "./", or every sibling (the file itself too) would sort first.
      let siblings = FileDiscovery.sqlFiles(in: [directory.isEmpty ? "." : directory]).files
        .map { directory.isEmpty ? normalize($0) : $0 }
      history += siblings.filter { !linted.contains($0) && FileDiscovery.pathOrder($0, first) }
    }
    return history.sorted(by: FileDiscovery.pathOrder)
  }

  /// `./` prefixes removed: the key under which history findings and git's
  /// changed files meet a linted path.
  public static func normalize(_ path: String) -> String {
    var result = path
    while result.hasPrefix("./") { result.removeFirst(2) }
    return result
  }

  /// `path` relative to `base` (after `normalize`), for include/exclude globs.
  public static func relativePath(_ path: String, to base: String) -> String {
    let normalized = normalize(path)
    if base == "." { return normalized }
    let prefix = base.hasSuffix("/") ? base : base + "/"
    return normalized.hasPrefix(prefix) ? String(normalized.dropFirst(prefix.count)) : normalized
  }

  /// `path` resolved against `base` unless absolute.
  public static func resolve(_ path: String, base: String) -> String {
    path.hasPrefix("/") || base == "." ? path : base + "/" + path
  }
}
