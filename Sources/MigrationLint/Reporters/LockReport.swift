import PostgresSyntax

/// What `cslint locks` reports for one file: every statement with its
/// effects, a readable title, and where transactions begin and end. The text
/// table (in the command) and the JSON document (`json(_:toolVersion:)`)
/// both read it, so they cannot disagree.
public struct LockReport: Sendable {
  public var path: String
  public var settings: LintSettings
  /// How the runner sends the file.
  public var execution: FileExecution
  public var rows: [LockReportRow]

  /// Analyzes `file` after replaying `history` (earlier migrations, for context).
  public init(file: SourceFile, history: [SourceFile], settings: LintSettings) {
    let analysis = LockAnalysis.analyzeFile(file, history: history, settings: settings)
    self.init(path: file.path, analysis: analysis, settings: settings)
  }

  public init(path: String, analysis: FileLockAnalysis, settings: LintSettings) {
    self.path = path
    self.settings = settings
    self.execution = analysis.execution
    self.rows = LockReport.rows(analysis.statements)
  }
}

/// One statement of a `LockReport`.
public struct LockReportRow: Sendable {
  public var analyzed: AnalyzedStatement
  /// A short readable kind, e.g. `ALTER TABLE ADD COLUMN, SET NOT NULL` (see `StatementTitle`).
  public var title: String
  /// A transaction begins with this statement (marked before its row).
  public var begins: TransactionStart?
  /// The transaction ends with this statement (marked after its row).
  public var ends: TransactionEnd?
}

/// Where a transaction begins.
public struct TransactionStart: Sendable, Equatable {
  /// Who opened it.
  public var opener: TransactionOpener
  /// For a `BEGIN` sent while the runner's transaction is already open: that
  /// transaction, which goes on (PostgreSQL turns it into the explicit one).
  public var within: TransactionOpener?
}

/// Why a transaction ends after a statement.
public enum TransactionEnd: String, Sendable {
  case commit
  case rollback
  /// `PREPARE TRANSACTION`.
  case prepare
  /// The statement (`CREATE INDEX CONCURRENTLY`, `VACUUM`, ...) commits by itself.
  case commitsByItself = "commits_by_itself"
  /// The next statement runs in another transaction (or none).
  case nextStatement = "next_statement"
  /// The file ends: the runner commits (an explicit `BEGIN` without `COMMIT`
  /// is left open).
  case endOfFile = "end_of_file"
}

extension LockReport {
  /// Titles and transaction marks for `statements`, from the model's
  /// transaction contexts: a transaction begins where a statement runs in
  /// one with no statement of it before, and ends before the next such start.
  static func rows(_ statements: [AnalyzedStatement]) -> [LockReportRow] {
    var rows = statements.map { LockReportRow(analyzed: $0, title: StatementTitle.of($0.statement)) }
    for index in rows.indices {
      let context = statements[index].effects.transaction
      switch transactionKind(statements[index]) {
      case .begin?:
        rows[index].begins = TransactionStart(
          opener: .explicit, within: context.opener == .none ? nil : context.opener)
      case .end(let end)?:
        if context.opener != .none { rows[index].ends = end }
      case nil:
        let afterBegin = index > 0 && transactionKind(statements[index - 1]) == .begin
        // A statement inside a DO block runs in the DO statement's transaction.
        if context.opener != .none && context.statementsBefore == 0 && !afterBegin && !context.insideDoBlock {
          rows[index].begins = TransactionStart(opener: context.opener, within: nil)
        }
        guard context.opener != .none else { continue }
        guard index + 1 < statements.count else {
          rows[index].ends = .endOfFile
          continue
        }
        let next = statements[index + 1]
        // The next row marks it (COMMIT) or the transaction goes on (BEGIN inside it).
        if transactionKind(next) != nil || next.effects.transaction.insideDoBlock { continue }
        if next.effects.transaction.opener == .none || next.effects.transaction.statementsBefore == 0 {
          rows[index].ends =
            StatementEffects.commitsByItself(statements[index].statement) ? .commitsByItself : .nextStatement
        }
      }
    }
    // A BEGIN as the last statement, or a BEGIN before the end: an open
    // explicit transaction reaching the end of the file.
    if let last = rows.indices.last, rows[last].ends == nil, transactionKind(statements[last]) == .begin {
      rows[last].ends = .endOfFile
    }
    return rows
  }

  private enum Boundary: Equatable {
    case begin
    case end(TransactionEnd)
  }

  private static func transactionKind(_ analyzed: AnalyzedStatement) -> Boundary? {
    guard case .transaction(let transaction) = analyzed.statement.node else { return nil }
    switch transaction.kind {
    case .begin, .start: return .begin
    case .commit: return .end(.commit)
    case .rollback: return .end(.rollback)
    case .prepare: return .end(.prepare)
    default: return nil
    }
  }
}
