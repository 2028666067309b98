import FoundationEssentials
import MigrationLint
import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file as it was on disk (the replay cache's `FileStamp`: inode, size,
/// modification and change times): a change of any makes anything built
/// from it stale.
struct DiskStamp: Equatable {
  var path: String
  var stamp: FileStamp

  /// nil when the file cannot be stat'ed.
  init?(_ path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.path = path
    stamp = FileStamp(info)
  }
}

/// What an open file is linted with: its folder's configuration, linter and
/// the migrations before and after it.
struct FileContext {
  var linter: Linter
  var scope: FindingScope
  var naming: NamingScheme
  var directory: String
  /// The folder's files in replay order, without the open one.
  var earlier: [String]
  var later: [String]
  /// Files of the folder (other than the open one), for related information.
  var siblings: [String]
  /// The folder's ledger (applied migrations), whether or not it exists.
  var ledgerPath: String
  /// The configuration could not be loaded: linted with the defaults.
  var configurationProblem: String?
  /// Excluded by the configuration's `include`/`exclude`: no findings.
  var isExcluded = false
}

/// The replayed state of the migrations before each open file, kept in
/// memory between changes (re-linting a buffer replays nothing) and rebuilt
/// when one of those files changes on disk (checked by size and mtime on
/// every lint), when the folder gains or loses a file, or when the
/// configuration changes.
final class FolderContextCache {
  private struct Entry {
    var stamps: [DiskStamp?]
    var configurationStamp: DiskStamp?
    var ledgerStamp: DiskStamp?
    var settings: LintSettings
    var replay: FolderReplay
    var laterStamps: [DiskStamp?]?
    var later: [PreparedFile] = []
  }

  /// By open file path.
  private var entries: [String: Entry] = [:]
  /// Each open file's context and when it was worked out: the folder is
  /// listed and `.cslint.yml` read again after `contextLifetime`, or after
  /// `invalidateContexts` (a file opened or saved), not on every keystroke
  /// (a file outside a migrations folder has its whole directory walked).
  private var contexts: [String: (context: FileContext, made: ContinuousClock.Instant)] = [:]
  static let contextLifetime = Duration.seconds(1)

  /// The context of `path`, worked out again when older than `contextLifetime`.
  func context(of path: String) -> FileContext {
    let now = ContinuousClock.now
    if let cached = contexts[path], cached.made.duration(to: now) < Self.contextLifetime { return cached.context }
    let context = Self.context(of: path)
    contexts[path] = (context, now)
    return context
  }

  /// Files were opened or saved: list the folders and read the configuration again.
  func invalidateContexts() { contexts.removeAll() }

  /// The context of `path`: configuration, folder, neighbours.
  static func context(of path: String) -> FileContext {
    let directory = path.deletingLastPathComponent.isEmpty ? "." : path.deletingLastPathComponent
    var configuration = Configuration()
    var problem: String?
    if let configurationPath = Configuration.find(startingAt: directory) {
      do {
        configuration = try Configuration.load(path: configurationPath, knownRuleIDs: RuleRegistry.knownIDs)
      } catch {
        problem = "\(error)"
      }
    }
    var settings = configuration.lintSettings
    let folderDirectory = MigrationFolder.group([path], roots: []).first?.directory ?? directory
    var files = FileDiscovery.sqlFiles(in: [folderDirectory]).files
    var isExcluded = false
    if configuration.path != nil {
      let base = configuration.baseDirectory
      files = files.filter { configuration.shouldLint(relativePath: LintPlan.relativePath($0, to: base)) }
      isExcluded = !configuration.shouldLint(relativePath: LintPlan.relativePath(path, to: base))
    }
    let group = MigrationFolder.group(files, roots: [folderDirectory])
    files = group.first { $0.directory == folderDirectory || $0.files.contains(path) }?.files ?? []
    if !files.contains(path) {
      files.append(path)
      files.sort(by: FileDiscovery.pathOrder)
    }
    if !configuration.runnerIsExplicit,
      let runner = Runner.inferred(
        fromRelativeNames: files.map { MigrationFile.relativeName(of: $0, in: folderDirectory) })
    {
      settings.runner = runner
    }
    if settings.runner == .flyway { files = LintPlan.flywayOrder(files) }
    let order = Linter.replayOrder(files).map { files[$0] }
    let position = order.firstIndex(of: path) ?? order.count
    var overrides: [String: Severity?] = [:]
    for description in RuleRegistry.descriptions where configuration.rules[description.id]?.level != nil {
      overrides[description.id] = configuration.severity(for: description)
    }
    let selection = RuleSelection(overrides: overrides, enabled: configuration.enabledRuleIDs)
    return FileContext(
      linter: Linter(settings: settings, selection: selection),
      scope: FindingScope(
        baseline: configuration.baseline.flatMap(MigrationVersion.parse),
        ignoredPaths: configuration.ignoredPaths, baseDirectory: configuration.baseDirectory),
      naming: NamingScheme(rawValue: settings.runner.rawValue) ?? .none,
      directory: folderDirectory,
      earlier: Array(order[..<position]),
      later: position < order.count ? Array(order[(position + 1)...]) : [],
      siblings: files.filter { $0 != path },
      ledgerPath: configuration.path != nil
        && LintPlan.resolve(configuration.ledger, base: configuration.baseDirectory).deletingLastPathComponent
          == folderDirectory
        ? LintPlan.resolve(configuration.ledger, base: configuration.baseDirectory)
        : Ledger.defaultPath(forMigrationsDirectory: folderDirectory),
      configurationProblem: problem, isExcluded: isExcluded)
  }

  /// The replay of `context.earlier` for `path`, rebuilt only when stale.
  func replay(for path: String, context: FileContext) -> FolderReplay {
    let stamps = context.earlier.map(DiskStamp.init)
    let configurationStamp = Configuration.find(startingAt: path.deletingLastPathComponent).flatMap(DiskStamp.init)
    let ledgerStamp = DiskStamp(context.ledgerPath)
    let settings = context.linter.settings
    if let entry = entries[path], entry.stamps == stamps, entry.configurationStamp == configurationStamp,
      entry.ledgerStamp == ledgerStamp, entry.settings.runner == settings.runner,
      entry.settings.postgresVersion == settings.postgresVersion
    {
      return entry.replay
    }
    // An unreadable ledger counts as none here; `cslint lint` reports it.
    let ledger = (try? Ledger.load(path: context.ledgerPath)) ?? nil
    let applied = ledger.map { ledger in
      Set(AppliedSet(ledger: ledger, path: context.ledgerPath).migrations.map(\.relativeName))
    }
    var replay = FolderReplay(settings: settings, directory: context.directory, applied: applied)
    for file in LintSession.prepareInParallel(context.earlier) {
      if let file { replay.replay(file, linter: context.linter) }
    }
    entries[path] = Entry(
      stamps: stamps, configurationStamp: configurationStamp, ledgerStamp: ledgerStamp, settings: settings,
      replay: replay)
    return replay
  }

  /// The parsed migrations after `path` (for the settle step), cached like the replay.
  func later(for path: String, context: FileContext) -> [PreparedFile] {
    let stamps = context.later.map(DiskStamp.init)
    if let entry = entries[path], entry.laterStamps == stamps { return entry.later }
    let later = LintSession.prepareInParallel(context.later).compactMap { $0 }
    entries[path]?.laterStamps = stamps
    entries[path]?.later = later
    return later
  }

  func forget(_ path: String) {
    entries[path] = nil
    contexts[path] = nil
  }
}
