import PostgresSyntax

/// One statement of a file with what it does, for `cslint locks` and tests.
public struct AnalyzedStatement: Sendable {
  public var statement: Statement
  /// 1-based line of the statement's first byte.
  public var line: Int
  public var effects: StatementEffects
  /// The statement begins or ends a transaction (`BEGIN`, `COMMIT`, ...).
  public var isTransactionBoundary: Bool
}

/// One file's statements with their effects, and how the runner sends it.
public struct FileLockAnalysis: Sendable {
  /// How `settings.runner` sends the file (decides which statements share a transaction).
  public var execution: FileExecution
  public var statements: [AnalyzedStatement]
}

/// The statement effects of whole files, without running any rule.
public enum LockAnalysis {
  /// Replays `history` (earlier migrations, for context), then returns every
  /// statement of `file` with its effects, as `settings.runner` sends the file.
  public static func analyze(
    _ file: SourceFile, history: [SourceFile] = [], settings: LintSettings = LintSettings()
  ) -> [AnalyzedStatement] {
    analyzeFile(file, history: history, settings: settings).statements
  }

  /// `analyze`, with the way the runner sends the file (`cslint locks` prints it).
  public static func analyzeFile(
    _ file: SourceFile, history: [SourceFile] = [], settings: LintSettings = LintSettings()
  ) -> FileLockAnalysis {
    var session = LockSession(settings: settings)
    for source in history { session.replay(source) }
    return session.analyze(file, keep: false)
  }
}

/// Files of one migrations folder analyzed in order, each replayed once:
/// a folder of n files costs n replays, not the n²/2 of calling
/// `LockAnalysis.analyzeFile` with each file's whole history.
public struct LockSession: Sendable {
  private var schema = SchemaState()
  private var fileCount = 0
  public let settings: LintSettings

  public init(settings: LintSettings) {
    self.settings = settings
    schema.postgresVersion = settings.postgresVersion
  }

  /// Continues from `schema`, the state `fileCount` earlier migrations
  /// left (see `FolderReplay`).
  public init(settings: LintSettings, replayed schema: SchemaState, fileCount: Int) {
    self.settings = settings
    self.schema = schema
    self.fileCount = fileCount
  }

  /// Replays an earlier migration, for context only.
  public mutating func replay(_ source: SourceFile) {
    let scanned = ScannedFile(source: source)
    let statements = StatementParser.parse(scanned)
    let embedded = StatementParser.parseEmbedded(scanned, statements: statements).embedded
    schema.beginFile(index: fileCount, runner: settings.runner, statements: statements, source: source)
    fileCount += 1
    schema.replay(statements, embedded: embedded, source: source)
  }

  /// Every statement of `file` with its effects. With `keep`, the file then
  /// counts as history for the files after it (not for a down migration,
  /// which undoes its own up migration).
  public mutating func analyze(_ file: SourceFile, keep: Bool = true) -> FileLockAnalysis {
    // A copy when not kept: the session's schema stays as it was.
    var schema = self.schema
    if keep { self.schema = SchemaState() }
    let scanned = ScannedFile(source: file)
    let statements = StatementParser.parse(scanned)
    let embedded = StatementParser.parseEmbedded(scanned, statements: statements).embedded
    schema.beginFile(index: fileCount, runner: settings.runner, statements: statements, source: file)
    let execution = schema.execution
    var analyzed: [AnalyzedStatement] = []
    for (index, statement) in statements.enumerated() where !statement.span.isMetaCommand {
      let effects = StatementEffects.of(statement, schema: schema, source: file)
      var boundary = false
      if case .transaction = statement.node { boundary = true }
      analyzed.append(
        AnalyzedStatement(
          statement: statement, line: file.location(of: statement.range.lowerBound).line, effects: effects,
          isTransactionBoundary: boundary))
      // The statements of a DO block, after it, each with its own effects.
      schema.insideDoBlock = true
      for inner in embedded[index] ?? [] {
        analyzed.append(
          AnalyzedStatement(
            statement: inner, line: file.location(of: inner.range.lowerBound).line,
            effects: StatementEffects.of(inner, schema: schema, source: file), isTransactionBoundary: false))
        schema.apply(inner, source: file, advancesSession: false)
      }
      schema.insideDoBlock = false
      schema.apply(statement, source: file)
    }
    if keep {
      self.schema = schema
      fileCount += 1
    }
    return FileLockAnalysis(execution: execution, statements: analyzed)
  }
}
