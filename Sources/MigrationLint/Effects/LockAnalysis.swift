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
    var schema = SchemaState()
    schema.postgresVersion = settings.postgresVersion
    for (index, source) in history.enumerated() {
      let statements = StatementParser.parse(ScannedFile(source: source))
      schema.beginFile(index: index, runner: settings.runner, statements: statements, source: source)
      for statement in statements { schema.apply(statement, source: source) }
    }
    let scanned = ScannedFile(source: file)
    let statements = StatementParser.parse(scanned)
    schema.beginFile(index: history.count, runner: settings.runner, statements: statements, source: file)
    let execution = schema.execution
    var analyzed: [AnalyzedStatement] = []
    for statement in statements where !statement.span.isMetaCommand {
      let effects = StatementEffects.of(statement, schema: schema, source: file)
      var boundary = false
      if case .transaction = statement.node { boundary = true }
      analyzed.append(
        AnalyzedStatement(
          statement: statement, line: file.location(of: statement.range.lowerBound).line, effects: effects,
          isTransactionBoundary: boundary))
      schema.apply(statement, source: file)
    }
    return FileLockAnalysis(execution: execution, statements: analyzed)
  }
}
