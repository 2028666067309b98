import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a runner sends one migration file to the server: this, not the file
/// alone, decides which statements share a transaction.
public enum FileExecution: String, Sendable {
  /// One statement at a time, each committed on its own unless an explicit
  /// `BEGIN` is open (`psql -f`, `runner: none`).
  case statementByStatement = "statement by statement"
  /// Every statement as one extended-protocol pipeline closed by a single
  /// Sync (the Supabase CLI's batch): one implicit transaction, and from
  /// PostgreSQL 14 a `CONCURRENTLY` statement is refused once an earlier
  /// statement of the same transaction ran.
  case pipeline
  /// The whole file as one simple-protocol query (golang-migrate): with more
  /// than one statement, an implicit transaction block around all of them.
  case singleQuery = "one multi-statement query"
  /// `BEGIN` ... `COMMIT` around the file (Flyway, dbmate, diesel).
  case transactionWrapped = "wrapped in BEGIN/COMMIT"

  /// How `runner` sends a file made of `statements`.
  public static func of(_ runner: Runner, statements: [Statement], source: SourceFile) -> FileExecution {
    let count = statements.lazy.filter { !$0.span.isMetaCommand }.count
    // A file written for goose or dbmate says so, whatever runner is configured:
    // goose runs each statement in one BEGIN ... COMMIT unless `-- +goose NO TRANSACTION`.
    // The annotations are comments before the first statement: only that
    // part of the file is searched (this runs for every file).
    let headEnd = min(statements.first?.range.lowerBound ?? source.bytes.count, 8192)
    if Self.head(of: source, upTo: headEnd, contains: "+goose", anchor: 0)
      || Self.head(of: source, upTo: headEnd, contains: "migrate:up", anchor: 7)
    {
      let head = source.text(0..<headEnd).lowercased()
      // Bytes when the head is ASCII (where they find what `contains`
      // finds); `String.contains` took 36,000 instructions a call.
      let isASCII = head.utf8.allSatisfy { $0 < 0x80 }
      func has(_ needle: String) -> Bool {
        isASCII ? head.utf8.containsSubsequence(needle.utf8) : head.contains(needle)
      }
      if has("-- +goose up") {
        return has("+goose no transaction") ? .statementByStatement : .transactionWrapped
      }
      if has("-- migrate:up") {
        return has("transaction:false") ? .singleQuery : .transactionWrapped
      }
    }
    switch runner {
    case .none: return .statementByStatement
    case .supabase: return .pipeline
    case .golangMigrate: return .singleQuery
    case .diesel: return .transactionWrapped
    case .dbmate:
      return .transactionWrapped
    case .flyway:
      // Flyway runs a migration holding only a statement that cannot run in
      // a transaction (CONCURRENTLY, VACUUM, ...) outside one.
      if count == 1, let only = statements.first(where: { !$0.span.isMetaCommand }),
        StatementEffects.commitsByItself(only)
      {
        return .statementByStatement
      }
      return .transactionWrapped
    }
  }
}

extension FileExecution {
  /// Whether the file's bytes before `end` hold `needle` (case-sensitive
  /// bytes). memchr jumps to each `needle[anchor]`, a byte rare in SQL, and
  /// only there the rest is compared: this runs for every file.
  static func head(of source: SourceFile, upTo end: Int, contains needle: StaticString, anchor: Int) -> Bool {
    let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    return source.bytes.withUnsafeBufferPointer { bytes in
      let length = min(bytes.count, end)
      guard let base = bytes.baseAddress, length >= pattern.count else { return false }
      var from = anchor
      while from < length, let hit = memchr(base + from, Int32(pattern[anchor]), length - from) {
        let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        let start = position - anchor
        if start + pattern.count <= length
          && pattern.indices.allSatisfy({ bytes[start + $0] == pattern[$0] })
        {
          return true
        }
        from = position + 1
      }
      return false
    }
  }
}

/// Who opened the transaction a statement runs in.
public enum TransactionOpener: String, Sendable {
  /// No transaction beyond the statement's own (autocommit).
  case none = "autocommit"
  /// An explicit `BEGIN` / `START TRANSACTION` in the file.
  case explicit = "BEGIN in the file"
  /// The runner's `BEGIN` ... `COMMIT` around the file.
  case runner = "the runner's BEGIN/COMMIT"
  /// A multi-statement simple query: PostgreSQL's implicit transaction block.
  case implicitBlock = "one multi-statement query"
  /// The implicit transaction of an extended-protocol pipeline.
  case pipeline = "the runner's pipeline"
}

/// The transaction a statement runs in, as the runner sends the file.
public struct TransactionContext: Sendable, Equatable {
  public var opener: TransactionOpener
  /// Statements of the same transaction that ran before this one.
  public var statementsBefore: Int
  /// Why PostgreSQL would refuse a statement that cannot run in a
  /// transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`, ...) here, as its
  /// error message says; nil where such a statement runs.
  public var refusal: String?
  /// The statement runs inside a `DO` block's function.
  public var insideDoBlock = false

  public init(opener: TransactionOpener = .none, statementsBefore: Int = 0, refusal: String? = nil) {
    self.opener = opener
    self.statementsBefore = statementsBefore
    self.refusal = refusal
  }

  /// Locks taken now are held until this transaction ends, not just the statement.
  /// (Inside a `DO` block: until the block's transaction ends, at the least
  /// when the `DO` statement does.)
  public var holdsLocksToEnd: Bool { opener != .none || insideDoBlock }
}

extension SchemaState {
  /// The transaction the next statement runs in.
  public var transactionContext: TransactionContext {
    if insideDoBlock {
      var context = outsideDoBlock
      context.refusal = "cannot be executed from a function"
      context.insideDoBlock = true
      return context
    }
    return outsideDoBlock
  }

  var outsideDoBlock: TransactionContext {
    let block = "cannot run inside a transaction block"
    if inExplicitTransaction {
      return TransactionContext(opener: .explicit, statementsBefore: statementsInTransaction, refusal: block)
    }
    switch execution {
    case .statementByStatement:
      return TransactionContext()
    case .transactionWrapped:
      return TransactionContext(opener: .runner, statementsBefore: statementsInTransaction, refusal: block)
    case .singleQuery:
      // PostgreSQL wraps a query string of several statements in one block,
      // and starts a new block after a COMMIT inside it.
      guard fileStatementCount > 1 else { return TransactionContext() }
      return TransactionContext(opener: .implicitBlock, statementsBefore: statementsInTransaction, refusal: block)
    case .pipeline:
      // A pipeline's implicit transaction is no transaction block: the first
      // statement of a transaction may be CONCURRENTLY; from 14 a later one
      // is refused (18 opens an implicit block once a statement ran, and
      // says so). Checked live: RunnerLiveTests.
      let refused = postgresVersion >= 14 && statementsInTransaction > 0
      let message = postgresVersion >= 18 ? block : "cannot be executed within a pipeline"
      return TransactionContext(
        opener: .pipeline, statementsBefore: statementsInTransaction, refusal: refused ? message : nil)
    }
  }

  /// Advances the session past `statement`: counts it in its transaction,
  /// or starts a new transaction when it committed.
  mutating func advanceSession(after statement: Statement) {
    if case .transaction(let transaction) = statement.node {
      switch transaction.kind {
      case .begin, .start, .commit, .rollback, .prepare:
        statementsInTransaction = 0
        return
      default:
        break
      }
    }
    if statement.span.isMetaCommand { return }
    let context = transactionContext
    if context.opener == .none {
      // Autocommit: the next statement starts a new transaction.
      transactionNumber += 1
      statementsInTransaction = 0
    } else if StatementEffects.commitsByItself(statement) && context.refusal == nil {
      // CONCURRENTLY commits its own work, but in a pipeline its last
      // transaction stays open and the rest of the file joins it (a second
      // CONCURRENTLY is refused; a later failure leaves the index INVALID).
      transactionNumber += 1
      statementsInTransaction = context.opener == .pipeline ? 1 : 0
    } else {
      statementsInTransaction += 1
    }
  }
}

extension StatementEffects {
  /// False for statements that never take a SHARE or stronger lock on a
  /// table (DML, GRANT, COMMENT, SET, functions, ...): a cheap test before
  /// computing effects, for rules that only care about such locks. Mirrors
  /// the cases of `EffectsBuilder.build`.
  public static func mayTakeShareLock(_ statement: Statement) -> Bool {
    switch statement.node {
    case .createIndex, .alterTable, .createTable, .drop, .rename, .alterObjectSchema, .truncate, .lock,
      .maintenance, .refreshMaterializedView, .createTrigger, .createPolicy, .alterPolicy, .createView:
      return true
    default:
      return false
    }
  }

  /// Statements written without the `CONCURRENTLY` form they have (CREATE /
  /// DROP INDEX, REINDEX, DETACH PARTITION): the rules asking for that form
  /// take precedence over advice about waiting for the stronger lock.
  public static func skipsConcurrentForm(_ statement: Statement) -> Bool {
    switch statement.node {
    case .createIndex(let index): return !index.concurrently
    case .drop(let drop): return drop.objectType == .index && !drop.concurrently
    case .maintenance(let maintenance): return maintenance.kind == .reindex && !maintenance.concurrently
    case .alterTable(let alter):
      return alter.commands.contains {
        if case .detachPartition(_, false) = $0.action { return true }
        return false
      }
    default: return false
    }
  }

  /// Statements PostgreSQL refuses inside a transaction block and that
  /// commit by themselves when they run.
  public static func commitsByItself(_ statement: Statement) -> Bool {
    switch statement.node {
    case .createIndex(let index): return index.concurrently
    case .drop(let drop): return drop.concurrently
    case .maintenance(let maintenance):
      switch maintenance.kind {
      case .reindex: return maintenance.concurrently
      case .vacuum, .vacuumFull: return true
      case .analyze, .cluster: return false
      }
    case .alterTable(let alter):
      return alter.commands.contains {
        if case .detachPartition(_, true) = $0.action { return true }
        return false
      }
    default:
      return false
    }
  }
}
