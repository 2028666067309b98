import PostgresSyntax

/// The schema a folder's earlier migrations leave, kept so that one later
/// file can be linted again and again without replaying them each time (an
/// editor's buffer, re-linted on every change by `cslint lsp`).
///
/// Replays and lints the way `LintPipeline` does for a folder: files in
/// replay order, each starting a new file of the schema, down migrations
/// on scratch copies; settling rules settle against the folder's end.
public struct FolderReplay: Sendable {
  /// The schema after the replayed files.
  public private(set) var schema = SchemaState()
  /// How many files were replayed (the next file's index).
  public private(set) var fileCount = 0
  public let settings: LintSettings
  /// The folder, for the relative names of `applied`.
  public let directory: String
  /// Relative names of the migrations a ledger records as applied (nil: no
  /// ledger): the others ship in one deploy, as `LintPipeline` marks them.
  public let applied: Set<String>?

  public init(settings: LintSettings, directory: String = ".", applied: Set<String>? = nil) {
    self.settings = settings
    self.directory = directory
    self.applied = applied
    schema.postgresVersion = settings.postgresVersion
  }

  /// Starts `source` as file `index` of `schema`, marked unapplied when the ledger does not list it.
  private func begin(_ source: SourceFile, _ statements: [Statement]?, index: Int, in schema: inout SchemaState) {
    if let statements {
      schema.beginFile(index: index, runner: settings.runner, statements: statements, source: source)
    } else {
      schema.beginFile(index: index)
    }
    if let applied, !applied.contains(MigrationFile.relativeName(of: source.path, in: directory)) {
      schema.unappliedFiles.insert(schema.fileIndex)
    }
  }

  /// Replays an earlier migration, for context only (a down migration is
  /// skipped: it undoes its own up migration, and no later file sees it).
  public mutating func replay(_ file: PreparedFile) {
    let source = file.scanned.source
    guard !Linter.isDownMigration(source.path) else { return }
    begin(source, file.statements, index: fileCount, in: &schema)
    fileCount += 1
    schema.replay(file.statements, embedded: file.embedded, source: source)
  }

  /// Lints `file` as the next migration of the folder. When it has findings
  /// of rules that settle at the folder's end, `later` (the migrations after
  /// it, in replay order) are replayed after it and those findings settled,
  /// as `cslint lint` settles them.
  public func lint(_ file: PreparedFile, linter: Linter, later: () -> [PreparedFile] = { [] }) -> FileResult {
    var fileSchema = schema
    begin(file.scanned.source, nil, index: fileCount, in: &fileSchema)
    var result = linter.lintFile(file, schema: &fileSchema)
    var settlement = FolderSettlement(rules: linter.enabledRules, selection: linter.selection)
    let path = file.scanned.source.path
    guard settlement.hold(position: 0, path: path, diagnostics: result.diagnostics, history: []) else {
      return result
    }
    if Linter.isDownMigration(path) { fileSchema = schema }
    var index = fileCount + 1
    for next in later() where !Linter.isDownMigration(next.scanned.source.path) {
      begin(next.scanned.source, next.statements, index: index, in: &fileSchema)
      index += 1
      fileSchema.replay(next.statements, embedded: next.embedded, source: next.scanned.source)
    }
    if let settled = settlement.settle(finalSchema: fileSchema)[0] { result.diagnostics = settled }
    return result
  }

  /// What each statement of `file` locks, as the next migration of the folder.
  public func lockAnalysis(of file: SourceFile) -> FileLockAnalysis {
    var session = LockSession(settings: settings, replayed: schema, fileCount: fileCount)
    return session.analyze(file, keep: false)
  }
}
