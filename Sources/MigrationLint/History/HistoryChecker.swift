import Dispatch
import FoundationEssentials
import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Checks a migrations folder against what has been applied (the ledger, or a
/// git base revision) and against its naming scheme.
///
/// Pure over its inputs (`check`); `run` adds the file system and git.
public enum HistoryChecker {
  /// All history diagnostics for `files`, sorted by path and position.
  ///
  /// - Parameters:
  ///   - files: the migration files on disk (see `MigrationFile.discover`).
  ///   - applied: what counts as applied; several sets (ledger and git base)
  ///     are checked one after the other and a finding already made for the
  ///     same rule and file is not repeated. Empty: only naming and duplicate
  ///     versions are checked.
  public static func check(files: [MigrationFile], applied: [AppliedSet], naming: NamingScheme) -> [Diagnostic] {
    let parsed = files.map { naming.parse($0.relativeName) }
    var diagnostics = namingDiagnostics(files, parsed, naming)
    diagnostics += duplicateDiagnostics(files, parsed, applied)
    // Without an applied set (no ledger, no base) nothing can repeat.
    var seen = Set<String>()
    if !applied.isEmpty {
      for diagnostic in diagnostics { seen.insert(diagnostic.ruleID + "\u{0}" + diagnostic.path) }
    }
    for set in applied {
      for diagnostic in historyDiagnostics(files, parsed, set, naming)
      where seen.insert(diagnostic.ruleID + "\u{0}" + diagnostic.path).inserted {
        diagnostics.append(diagnostic)
      }
    }
    return diagnostics.sorted { left, right in
      if left.path != right.path { return left.path.utf8Precedes(right.path) }
      if left.range.lowerBound != right.range.lowerBound { return left.range.lowerBound < right.range.lowerBound }
      return left.ruleID < right.ruleID
    }
  }

  /// Convenience for one applied set.
  public static func check(files: [MigrationFile], applied: AppliedSet, naming: NamingScheme) -> [Diagnostic] {
    check(files: files, applied: [applied], naming: naming)
  }

  /// Runs the history checks for a migrations directory, as `cslint lint` and
  /// `cslint ledger check` do: against the ledger when it exists, and against
  /// the git revision `baseRef` when given (both when both).
  ///
  /// - Parameters:
  ///   - ledgerPath: nil for `<migrationsDirectory>/cslint.lock`.
  ///   - requireLedger: throw when there is no ledger (for `ledger check`).
  ///   - knownFiles: every migration file in the directory (full paths, as
  ///     the caller's own discovery found them); nil to list the directory.
  /// - Throws: `HistoryError` (I/O, git) or `LedgerError` (malformed ledger):
  ///   report them and exit 2.
  public static func run(
    migrationsDirectory: String, ledgerPath: String? = nil, baseRef: String? = nil, naming: NamingScheme = .supabase,
    requireLedger: Bool = false, knownFiles: [String]? = nil
  ) throws -> [Diagnostic] {
    try runReturningApplied(
      migrationsDirectory: migrationsDirectory, ledgerPath: ledgerPath, baseRef: baseRef, naming: naming,
      requireLedger: requireLedger, knownFiles: knownFiles
    ).diagnostics
  }

  /// `run`, also returning what counts as applied (empty: no ledger, no base).
  public static func runReturningApplied(
    migrationsDirectory: String, ledgerPath: String? = nil, baseRef: String? = nil, naming: NamingScheme = .supabase,
    requireLedger: Bool = false, knownFiles: [String]? = nil
  ) throws -> (diagnostics: [Diagnostic], applied: [AppliedSet]) {
    var sets: [AppliedSet] = []
    let path = ledgerPath ?? Ledger.defaultPath(forMigrationsDirectory: migrationsDirectory)
    if let ledger = try Ledger.load(path: path) {
      sets.append(AppliedSet(ledger: ledger, path: path))
    } else if requireLedger {
      throw HistoryError.io(path: path, message: "no ledger here; create it with `cslint ledger update`")
    }
    if let baseRef {
      let baseline = try GitBaseline.load(migrationsDirectory: migrationsDirectory, ref: baseRef)
      sets.append(baseline.appliedSet)
    }
    // Without a ledger or base only names are checked: skip reading contents.
    let files: [MigrationFile]
    if let knownFiles {
      files = try MigrationFile.files(knownFiles, in: migrationsDirectory, readContents: !sets.isEmpty)
    } else {
      files = try MigrationFile.discover(in: migrationsDirectory, readContents: !sets.isEmpty)
    }
    return (check(files: files, applied: sets, naming: naming), sets)
  }

  // MARK: - Naming and duplicates

  private static func namingDiagnostics(
    _ files: [MigrationFile], _ parsed: [MigrationNameParse], _ naming: NamingScheme
  ) -> [Diagnostic] {
    // The same for every file: made once and shared.
    let help = "rename it to `\(naming.expectedFormat)`"
    return zip(files, parsed).compactMap { file, parse in
      guard var reason = parse.problem else { return nil }
      if case .invalid = parse, naming != .supabase {
        reason += "; \(naming.rawValue) does not recognise it as a migration"
      }
      return Diagnostic(
        ruleID: HistoryRules.invalidMigrationFilename, severity: .warning, path: file.path, range: 0..<0,
        message: "`\(file.relativeName)` does not follow the \(naming.rawValue) naming scheme: \(reason)",
        help: help)
    }
  }

  private static func duplicateDiagnostics(
    _ files: [MigrationFile], _ parsed: [MigrationNameParse], _ applied: [AppliedSet]
  ) -> [Diagnostic] {
    struct Key: Hashable {
      var version: MigrationVersion
      var direction: MigrationName.Direction
    }
    var groups: [Key: [Int]] = [:]
    groups.reserveCapacity(parsed.count)
    var order: [Key] = []
    for (index, parse) in parsed.enumerated() {
      guard let name = parse.name, let version = name.version else { continue }
      let key = Key(version: version, direction: name.direction)
      // One hash per file: the count grows only when the key is new.
      let groupCount = groups.count
      groups[key, default: []].append(index)
      if groups.count != groupCount { order.append(key) }
    }
    let appliedNames = Set(applied.flatMap { $0.migrations.map(\.relativeName) })
    var diagnostics: [Diagnostic] = []
    for key in order {
      guard let members = groups[key], members.count > 1 else { continue }
      // Keep the applied file (the other one is the newcomer), else the first by name.
      let kept = members.first { appliedNames.contains(files[$0].relativeName) } ?? members[0]
      for index in members where index != kept {
        diagnostics.append(
          Diagnostic(
            ruleID: HistoryRules.duplicateMigrationVersion, severity: .error, path: files[index].path, range: 0..<0,
            message:
              "`\(files[index].relativeName)` has version \(key.version), which `\(files[kept].relativeName)` already uses",
            help: "give `\(files[index].relativeName)` a new version later than every existing one"))
      }
    }
    return diagnostics
  }

  // MARK: - Against an applied set

  private static func historyDiagnostics(
    _ files: [MigrationFile], _ parsed: [MigrationNameParse], _ set: AppliedSet, _ naming: NamingScheme
  ) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let onDisk = Dictionary(files.indices.map { (files[$0].relativeName, $0) }, uniquingKeysWith: { first, _ in first })
    let appliedNames = Set(set.migrations.map(\.relativeName))
    // Unapplied files by checksum, to recognise renames.
    var newByChecksum: [[UInt8]: [Int]] = [:]
    for (index, file) in files.enumerated() where !appliedNames.contains(file.relativeName) {
      newByChecksum[SHA256.hash(file.bytes), default: []].append(index)
    }
    var renameTargets = Set<Int>()

    for migration in set.migrations {
      if let index = onDisk[migration.relativeName] {
        if parsed[index].name?.direction == .repeatable { continue }  // Flyway R__ may change.
        if let diagnostic = editedDiagnostic(files[index], migration, set.source) {
          diagnostics.append(diagnostic)
        }
      } else if let index = newByChecksum[migration.checksum]?.first(where: { !renameTargets.contains($0) }) {
        renameTargets.insert(index)
        diagnostics.append(
          Diagnostic(
            ruleID: HistoryRules.renamedAppliedMigration, severity: .error, path: files[index].path, range: 0..<0,
            message:
              "`\(files[index].relativeName)` is the applied migration `\(migration.relativeName)` under a new name",
            help: "rename it back to `\(migration.relativeName)`; runners track applied migrations by name or "
              + "version, so the renamed file would run again or be skipped"))
      } else {
        diagnostics.append(deletedDiagnostic(migration, set.source))
      }
    }

    // Out of order: compare unapplied files with the newest applied version.
    var newest: (version: MigrationVersion, name: String)?
    for migration in set.migrations {
      guard let name = naming.parse(migration.relativeName).name, name.direction == .up, let version = name.version
      else { continue }
      if newest.map({ $0.version < version }) ?? true { newest = (version, migration.relativeName) }
    }
    if let newest {
      for (index, file) in files.enumerated()
      where !appliedNames.contains(file.relativeName) && !renameTargets.contains(index) {
        guard let name = parsed[index].name, name.direction == .up, let version = name.version, version < newest.version
        else { continue }
        diagnostics.append(outOfOrderDiagnostic(file, version, newest, set.source, naming))
      }
    }
    return diagnostics
  }

  private static func deletedDiagnostic(_ migration: AppliedMigration, _ source: AppliedSet.Source) -> Diagnostic {
    let message: String
    let help: String
    switch source {
    case .ledger:
      message = "applied migration `\(migration.relativeName)` was deleted: the ledger lists it but the file is gone"
      help =
        "restore the file from version control and undo its effect with a new migration; if it never ran "
        + "anywhere, drop it from the ledger with `cslint ledger update --only \(migration.relativeName)`"
    case .git(let ref):
      message = "applied migration `\(migration.relativeName)` was deleted: it exists at \(ref)"
      help =
        "restore it with `git checkout \(ref) -- \(migration.reportPath)` and undo its effect with a new migration"
    }
    return Diagnostic(
      ruleID: HistoryRules.deletedAppliedMigration, severity: .error, path: migration.reportPath,
      range: migration.reportRange, message: message, help: help)
  }

  private static func outOfOrderDiagnostic(
    _ file: MigrationFile, _ version: MigrationVersion, _ newest: (version: MigrationVersion, name: String),
    _ source: AppliedSet.Source, _ naming: NamingScheme
  ) -> Diagnostic {
    let where_: String
    switch source {
    case .ledger: where_ = "is not in the ledger"
    case .git(let ref): where_ = "is new since \(ref)"
    }
    let runner =
      naming == .supabase
      ? "; `supabase db push` refuses it without --include-all, and databases that ran later migrations skip it"
      : "; databases that already ran later migrations may skip it"
    return Diagnostic(
      ruleID: HistoryRules.outOfOrderMigration, severity: .error, path: file.path, range: 0..<0,
      message:
        "`\(file.relativeName)` \(where_) but its version \(version) sorts before the newest applied migration "
        + "`\(newest.name)`\(runner)",
      help: naming == .supabase
        ? "recreate it with `supabase migration new <name>` (a timestamp after \(newest.version)) and move the SQL over"
        : "give it a version later than \(newest.version)")
  }

  // MARK: - Edits

  private static func editedDiagnostic(
    _ file: MigrationFile, _ migration: AppliedMigration, _ source: AppliedSet.Source
  ) -> Diagnostic? {
    guard SHA256.hash(file.bytes) != migration.checksum else { return nil }
    let help: String
    switch source {
    case .ledger:
      help =
        "restore the applied version and put the change in a new migration; if this file was never applied "
        + "anywhere, record it with `cslint ledger update --only \(file.relativeName)`"
    case .git(let ref):
      help =
        "restore it with `git checkout \(ref) -- \(file.path)` and put the change in a new migration"
    }
    let current = StatementSummary.summarize(file.bytes)
    let old: [StatementSummary]? = migration.content.map { StatementSummary.summarize($0) }
    guard let oldFingerprints = old?.map(\.fingerprint) ?? migration.statements else {
      return Diagnostic(
        ruleID: HistoryRules.editedAppliedMigration, severity: .error, path: file.path, range: 0..<0,
        message:
          "applied migration `\(file.relativeName)` was edited (its SHA-256 differs from the ledger); the ledger "
          + "entry has no statement fingerprints, so cslint cannot tell which statements changed",
        help: help)
    }
    let changes = StatementDiff.diff(old: oldFingerprints, new: current.map(\.fingerprint))
    if changes.isEmpty {
      var offset = 0
      if let content = migration.content {
        offset = zip(content, file.bytes).prefix(while: { $0 == $1 }).count
      }
      return Diagnostic(
        ruleID: HistoryRules.editedAppliedMigration, severity: .warning, path: file.path, range: offset..<offset,
        message:
          "applied migration `\(file.relativeName)` was edited, comments only: the changes are in comments, "
          + "whitespace or line endings, and no statement changed",
        help: help)
    }
    let limit = 5
    var parts = changes.prefix(limit).map { describe($0, current: current, old: old, oldCount: oldFingerprints.count) }
    if changes.count > limit { parts.append("and \(changes.count - limit) more") }
    let anchor = changes.lazy.compactMap { change -> Range<Int>? in
      guard change.kind != .removed, let index = change.newIndex, index < current.count else { return nil }
      return current[index].range
    }.first
    return Diagnostic(
      ruleID: HistoryRules.editedAppliedMigration, severity: .error, path: file.path,
      range: anchor ?? 0..<0,
      message: "applied migration `\(file.relativeName)` was edited: " + parts.joined(separator: "; "),
      help: help)
  }

  private static func describe(
    _ change: StatementDiff.Change, current: [StatementSummary], old: [StatementSummary]?, oldCount: Int
  ) -> String {
    func newStatement(_ index: Int?) -> String {
      guard let index, index < current.count else { return "a statement" }
      return "statement \(index + 1) at line \(current[index].line) (`\(current[index].snippet)`)"
    }
    switch change.kind {
    case .changed:
      return newStatement(change.newIndex) + " changed"
    case .added:
      return newStatement(change.newIndex) + " added"
    case .removed:
      let number = (change.oldIndex ?? 0) + 1
      if let old, let oldIndex = change.oldIndex, oldIndex < old.count {
        let statement = old[oldIndex]
        return "statement \(number) of the applied version (line \(statement.line), `\(statement.snippet)`) removed"
      }
      let position: String
      if let index = change.newIndex, index < current.count {
        position = "before line \(current[index].line)"
      } else {
        position = "at the end of the file"
      }
      return "statement \(number) of \(oldCount) in the applied version removed (it was \(position))"
    }
  }
}
