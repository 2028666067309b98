import PostgresSyntax

/// A lint rule: metadata plus a pure check over one statement in context.
///
/// Rules do no I/O and never mutate shared state; the same rule value is
/// used for every file, possibly from several threads.
public protocol Rule: Sendable {
  /// The rule's metadata: id, docs, examples (executed as tests).
  var description: RuleDescription { get }
  /// Findings for `context.statement`, judged against the schema as it was
  /// just before it.
  func check(_ context: RuleContext) -> [Diagnostic]
  /// The statement families `check` can report on: the engine skips the
  /// rule for any other statement (it must return no findings for them and
  /// must not be needed there for its side effects). Default: all.
  var statementKinds: StatementKinds { get }
  /// True when a later migration of the same folder may change this rule's
  /// findings: the pipeline then holds the reports that carry them until
  /// the folder ends and calls `settle`. Default false. (A flag, not just a
  /// default `settle`: streaming must know when a report is made whether it
  /// is final, and Swift cannot tell whether a default was overridden.)
  var settlesAtFolderEnd: Bool { get }
  /// Runs once per folder, after every file is replayed: `findings` are all
  /// of this rule's findings in the folder (after suppressions and
  /// severities, in migration order), `finalSchema` the schema the last
  /// migration leaves. Returns the findings that stand: it may drop them,
  /// change them, or add findings for the files among `findings` (only
  /// those reports are held; any other is dropped). Default: unchanged.
  func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic]
}

extension Rule {
  public var statementKinds: StatementKinds { .all }
  public var settlesAtFolderEnd: Bool { false }
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] { findings }
}

/// How migration files are run, which decides transaction wrapping.
public enum Runner: String, Sendable, CaseIterable, Codable {
  /// Supabase CLI: each file is sent as one batch in one transaction.
  case supabase
  /// No wrapping: only explicit `BEGIN` ... `COMMIT` counts.
  case none
  case flyway
  case golangMigrate = "golang-migrate"
  case dbmate
  case diesel

}

/// Settings every rule may consult.
public struct LintSettings: Sendable {
  /// The PostgreSQL major version migrations target.
  public var postgresVersion: Int
  public var runner: Runner
  /// Schemas exposed through the API (Supabase's PostgREST), for security rules.
  public var exposedSchemas: [String]
  /// Rule options from `.cslint.yml`, validated, by rule id; rules read
  /// theirs with `RuleContext.options(for:)`. Rules not here use defaults.
  public var ruleOptions: [String: RuleOptions] = [:]
  /// Table name patterns per rule id (`ignore: tables:` in `.cslint.yml`):
  /// a finding of the rule on a statement touching a matching table is dropped.
  public var ignoredTables: [String: [Glob]] = [:]

  public init(postgresVersion: Int = 15, runner: Runner = .supabase, exposedSchemas: [String] = ["public"]) {
    self.postgresVersion = postgresVersion
    self.runner = runner
    self.exposedSchemas = exposedSchemas
  }
}

/// Everything a rule may look at for one statement.
public struct RuleContext {
  public let source: SourceFile
  public internal(set) var statement: Statement
  /// All statements of the file, in order; `statementIndex` is this one's.
  public let statements: [Statement]
  public internal(set) var statementIndex: Int
  /// The schema and session state just before the statement.
  public internal(set) var schema: SchemaState
  /// What the statement does: locks, rewrites, scans, its transaction and
  /// the timeouts in force. Computed once per statement by the engine.
  public var effects: StatementEffects {
    if let cached = effectsCache.value { return cached }
    return computeEffects()
  }

  /// Computes the statement's effects if no rule has yet, without copying
  /// them out: for a rule that only needs the linter to see them.
  func computeEffectsIfNeeded() {
    if effectsCache.value == nil { storeEffects() }
  }

  /// `computeEffects` without the copy it returns.
  @inline(never)
  private func storeEffects() {
    effectsCache.store(StatementEffects.of(statement, schema: schema, source: source), for: statement)
  }

  /// Out of line: inlined into each rule's `check`, the call copied the
  /// context's schema and source first.
  @inline(never)
  private func computeEffects() -> StatementEffects {
    let computed = StatementEffects.of(statement, schema: schema, source: source)
    effectsCache.store(computed, for: statement)
    return computed
  }
  /// The current statement's effects once a rule asked for them: most
  /// statements (INSERTs, functions, comments) interest no rule that reads
  /// effects, so they are computed on first use, at most once per statement.
  let effectsCache = EffectsCache()
  /// Facts about the file (the section being linted) that rules work out
  /// once, on first use.
  let fileCache = FileCache()
  /// `Linter.isDownMigration(source.path)`, worked out once per file: rules ask per statement.
  let isDownMigrationFile: Bool
  public let settings: LintSettings
  /// Where the file's DROP, ALTER TABLE and CREATE statements are, so rules
  /// that look back through the file do not scan every statement.
  public let positions: StatementPositions
  /// Every token of the file (the `ScannedFile`'s array, shared, never copied
  /// per statement); rules read `statementTokens` (RuleContext+Tokens.swift).
  public internal(set) var fileTokens: [Token] = []
  /// The PL/pgSQL body of the `DO` block being linted (its tokens index
  /// `fileTokens`): set while the `DO` statement and the statements inside
  /// it are checked, nil for any other statement.
  public internal(set) var body: PLBody?

  public init(
    source: SourceFile, statement: Statement, statements: [Statement], statementIndex: Int, schema: SchemaState,
    settings: LintSettings, positions: StatementPositions? = nil
  ) {
    self.source = source
    self.statement = statement
    self.statements = statements
    self.statementIndex = statementIndex
    self.schema = schema
    self.settings = settings
    self.positions = positions ?? StatementPositions(statements)
    self.isDownMigrationFile = Linter.isDownMigration(source.path)
  }

  /// Earlier statements of the file among `positions` (ascending indices).
  public func earlier(_ positions: [Int]) -> some Sequence<Statement> {
    // Captures the array and the index, not the whole context.
    let statements = self.statements
    let current = statementIndex
    return positions.lazy.prefix { $0 < current }.map { statements[$0] }
  }

  /// The source text of a byte range.
  public func text(_ range: Range<Int>) -> String { source.text(range) }

  /// Builds a diagnostic for `rule` in this file with its default severity.
  public func diagnostic(
    _ rule: RuleDescription, range: Range<Int>, message: String, help: String? = nil, fixes: [Fix] = []
  ) -> Diagnostic {
    Diagnostic(
      ruleID: rule.id, severity: rule.defaultSeverity, path: source.path, range: range, message: message,
      help: help, fixes: fixes)
  }

  /// `keyword` in the case the author uses: lower case when the letter just
  /// before `offset` is lower case (`create index` → ` concurrently`).
  public func keyword(_ keyword: String, before offset: Int) -> String {
    isLowercase(before: offset) ? keyword.lowercased() : keyword
  }

  /// Whether the last ASCII letter before `offset` is lower case (what
  /// `keyword(_:before:)` tests), for a rule with both cases of its keyword at hand.
  func isLowercase(before offset: Int) -> Bool {
    var index = min(offset, source.bytes.count) - 1
    while index >= 0 {
      let byte = source.bytes[index]
      if byte >= 0x61 && byte <= 0x7A { return true }
      if byte >= 0x41 && byte <= 0x5A { return false }
      index -= 1
    }
    return false
  }

  /// The file's line break: CRLF when the file uses it, else LF (for fixes
  /// that insert whole lines).
  public var lineBreak: String {
    source.bytes.withUnsafeBufferPointer { bytes in
      guard let newline = bytes.firstIndex(of: 0x0A) else { return "\n" }
      return newline > 0 && bytes[newline - 1] == 0x0D ? "\r\n" : "\n"
    }
  }

  /// The statement's text with `edit` applied, for help texts.
  public func statementText(applying edit: TextEdit) -> String {
    let range = statement.range
    guard range.contains(edit.range.lowerBound) || edit.range.lowerBound == range.upperBound else { return text(range) }
    let head = range.lowerBound..<edit.range.lowerBound
    let tail = edit.range.upperBound..<range.upperBound
    // The three pieces' bytes decoded once (two Strings and two appends
    // fewer: saves ~3 M instructions on the corpus run). The same text as
    // decoding each piece, unless the tail starts inside a character (a
    // continuation byte): then piece by piece, as before.
    let bytes = source.bytes
    let headBytes = bytes[clamped(head, bytes.count)]
    let tailBytes = bytes[clamped(tail, bytes.count)]
    if let first = tailBytes.first, first & 0xC0 == 0x80 {
      return text(head) + edit.replacement + text(tail)
    }
    var joined: [UInt8] = []
    joined.reserveCapacity(headBytes.count + edit.replacement.utf8.count + tailBytes.count)
    joined.append(contentsOf: headBytes)
    joined.append(contentsOf: edit.replacement.utf8)
    joined.append(contentsOf: tailBytes)
    return String(decoding: joined, as: UTF8.self)
  }

  /// `range` clamped to `0..<count`, as `SourceFile.text` clamps it.
  private func clamped(_ range: Range<Int>, _ count: Int) -> Range<Int> {
    let lower = max(0, min(range.lowerBound, count))
    return lower..<max(lower, min(range.upperBound, count))
  }

  /// Number of real statements (not psql meta-commands) in the file.
  public var statementCount: Int { statements.lazy.filter { !$0.span.isMetaCommand }.count }

  /// True when the statement runs inside a transaction that outlasts it:
  /// an explicit one, or the one the runner opens (see `StatementEffects.transaction`).
  public var runsInTransaction: Bool { effects.transaction.holdsLocksToEnd }

  /// True when the statement undoes a migration: a down migration file
  /// (`down.sql`, `*.down.sql`, sqitch `revert/`) or a goose `-- +goose Down`
  /// section (linted with a negative file index). Such files are expected
  /// to drop what their up migration added.
  public var isDownMigration: Bool { schema.fileIndex < 0 || isDownMigrationFile }

  /// True when the table was created by the file being linted (so it is new
  /// and empty, and no one else holds locks on it).
  public func isNewTable(_ name: QualifiedName) -> Bool {
    guard let table = schema.table(name) else { return false }
    return schema.isCreatedInCurrentFile(table.origin)
  }
}

/// Facts about the statements of a `RuleContext` (a class, shared by the
/// context's copies), worked out on first use.
final class FileCache {
  /// `BatchLoopInTransaction.plpgsqlFunctions`.
  var plpgsqlFunctions: [(index: Int, name: String)]?
  /// `BatchLoopInTransaction.batchedTables`, by the function statement's offset.
  var batchedTables: [Int: [QualifiedName]] = [:]
  /// `ManagedSchemaChange.pathMayBeManaged` for the last search path and schema list.
  var managedSearchPath: (searchPath: [String], managed: [String], mayBeManaged: Bool)?
}

/// Holds one statement's effects for `RuleContext.effects` (a class, so the
/// copies of the context the rules get share what the first one computed).
final class EffectsCache {
  private(set) var value: StatementEffects?
  /// `value`'s `unboundedLockWait`, `longRunWithoutTimeout(statement)` and
  /// `accessExclusiveKept`, worked out when it is stored: the linter reads
  /// them for every statement with effects, and a rule that reads them
  /// through `value` copied the whole effects out of the cache first
  /// (each copy ~500 instructions with its destruction).
  private(set) var unboundedLockWait: RelationEffect?
  private(set) var longRunWithoutTimeout: RelationEffect?
  private(set) var accessExclusiveKept: RelationEffect?
  /// `WrittenColumnType.all(in:)` of the statement: several type rules read it.
  var writtenTypes: [WrittenColumnType]?
  /// `RuleContext.expressions(of:)` of the statement's policy, by its expressions' ranges.
  var policyExpressions: (using: Range<Int>?, withCheck: Range<Int>?, expressions: [PolicyExpression])?
  /// `SchemaState.indexSignature` of the statement's CREATE INDEX, made by
  /// duplicate-index and handed to the replay of the same statement.
  var indexSignature: String?
  /// `SchemaState.policyTableKey` of the statement's policy (`RuleContext.writtenPolicy`).
  var policyTable: ObjectKey?
  /// `RuleContext.bodyCodeTokens`.
  var bodyCodeTokens: [Token]?

  /// Forgets the previous statement's values. Each one is cleared only when
  /// set: assigning `nil` destroys the old optional through its type's value
  /// witnesses even when it is already `nil`, for every statement (saves
  /// ~1 M instructions on the corpus run).
  /// Stores the effects of `statement`, and the facts above.
  func store(_ effects: consuming StatementEffects, for statement: Statement) {
    unboundedLockWait = effects.unboundedLockWait
    longRunWithoutTimeout = effects.longRunWithoutTimeout(statement)
    accessExclusiveKept = effects.accessExclusiveKept
    value = effects
  }

  func reset() {
    if value != nil {
      value = nil
      if unboundedLockWait != nil { unboundedLockWait = nil }
      if longRunWithoutTimeout != nil { longRunWithoutTimeout = nil }
      if accessExclusiveKept != nil { accessExclusiveKept = nil }
    }
    if writtenTypes != nil { writtenTypes = nil }
    if policyExpressions != nil { policyExpressions = nil }
    if indexSignature != nil { indexSignature = nil }
    if policyTable != nil { policyTable = nil }
    if bodyCodeTokens != nil { bodyCodeTokens = nil }
  }
}
