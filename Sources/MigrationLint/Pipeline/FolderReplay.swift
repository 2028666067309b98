import PostgresSyntax

/// The schema a folder's earlier migrations leave, kept so that one later
/// file can be linted again and again without replaying them each time (an
/// editor's buffer, re-linted on every change by `cslint lsp`).
///
/// Replays and lints the way `LintPipeline` does for a folder: files in
/// replay order, each starting a new file of the schema, down migrations
/// on scratch copies, migrations a ledger does not list marked unapplied;
/// settling rules settle against the folder's end, with the findings of the
/// files before and after.
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
  /// The findings of settling rules in the files replayed with a linter.
  private var settlement: FolderSettlement?

  public init(settings: LintSettings, directory: String = ".", applied: Set<String>? = nil) {
    self.settings = settings
    self.directory = directory
    self.applied = applied
    schema.postgresVersion = settings.postgresVersion
  }

  /// Replays an earlier migration. With `linter`, the file is linted as
  /// `cslint lint` lints it (its findings are dropped, but those of
  /// settling rules are kept for `lint`'s settle step); without, it is only
  /// replayed, for context. A down migration changes nothing later files see.
  public mutating func replay(_ file: PreparedFile, linter: Linter? = nil) {
    let source = file.scanned.source
    let isDown = Linter.isDownMigration(source.path)
    // Moved out (no second reference), so that replaying does not copy
    // every table; a down migration works on a copy.
    var fileSchema = schema
    if !isDown { schema = SchemaState() }
    let position = fileCount
    fileCount += 1
    if let linter {
      begin(source, nil, index: position, in: &fileSchema)
      let result = linter.lintFile(file, schema: &fileSchema)
      var settlement = self.settlement ?? FolderSettlement(rules: linter.enabledRules, selection: linter.selection)
      _ = settlement.hold(position: position, path: source.path, diagnostics: result.diagnostics, history: [])
      self.settlement = settlement
    } else if !isDown {
      begin(source, file.statements, index: position, in: &fileSchema)
      fileSchema.replay(file.statements, embedded: file.embedded, source: source)
    }
    if !isDown { schema = fileSchema }
  }

  /// Lints `file` as the next migration of the folder. When it has findings
  /// of rules that settle at the folder's end, `later` (the migrations after
  /// it, in replay order) are linted after it and those findings settled,
  /// as `cslint lint` settles them.
  public func lint(_ file: PreparedFile, linter: Linter, later: () -> [PreparedFile] = { [] }) -> FileResult {
    var fileSchema = schema
    let position = fileCount
    begin(file.scanned.source, nil, index: position, in: &fileSchema)
    var result = linter.lintFile(file, schema: &fileSchema)
    var settlement = self.settlement ?? FolderSettlement(rules: linter.enabledRules, selection: linter.selection)
    let path = file.scanned.source.path
    guard settlement.hold(position: position, path: path, diagnostics: result.diagnostics, history: []) else {
      return result
    }
    if Linter.isDownMigration(path) { fileSchema = schema }
    var index = position + 1
    for next in later() {
      let isDown = Linter.isDownMigration(next.scanned.source.path)
      var nextSchema = fileSchema
      if !isDown { fileSchema = SchemaState() }
      begin(next.scanned.source, nil, index: index, in: &nextSchema)
      let nextResult = linter.lintFile(next, schema: &nextSchema)
      _ = settlement.hold(
        position: index, path: next.scanned.source.path, diagnostics: nextResult.diagnostics, history: [])
      index += 1
      if !isDown { fileSchema = nextSchema }
    }
    if let settled = settlement.settle(finalSchema: fileSchema)[position] { result.diagnostics = settled }
    return result
  }

  /// What each statement of `file` locks, as the next migration of the folder.
  public func lockAnalysis(of file: SourceFile) -> FileLockAnalysis {
    var session = LockSession(settings: settings, replayed: schema, fileCount: fileCount)
    return session.analyze(file, keep: false)
  }

  /// Starts `source` as file `index` of `schema` (with `statements`: sent
  /// by the runner, for a file replayed without rules), marked unapplied
  /// when the ledger does not list it.
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
}
