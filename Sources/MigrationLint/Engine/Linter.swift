import PostgresSyntax

/// The result of linting one file.
public struct FileResult: Sendable {
  public var source: SourceFile
  public var diagnostics: [Diagnostic]
  /// True when the file has a `syntax-error`: `cslint fix` leaves it alone.
  public var hasSyntaxError: Bool
}

/// A file scanned and parsed: the part of linting that does not depend on
/// other files, so it can run on any thread in any order.
public struct PreparedFile: Sendable {
  public let scanned: ScannedFile
  public let statements: [Statement]
  /// The SQL statements inside `DO` blocks, by the index of their `DO`
  /// statement: linted and replayed like top-level ones.
  public let embedded: [Int: [Statement]]
  /// The file's tokens, then the tokens of its `DO` bodies (the embedded
  /// statements' token ranges index this array).
  public let tokens: [Token]
  /// The PL/pgSQL bodies of the file's `DO` blocks, by the index of their
  /// `DO` statement (token ranges index `tokens`).
  public let bodies: [Int: PLBody]

  public init(source: SourceFile) {
    scanned = ScannedFile(source: source)
    statements = StatementParser.parse(scanned)
    (tokens, embedded, bodies) = StatementParser.parseBodies(scanned, statements: statements)
  }
}

/// Which rules run and how severe their findings are.
public struct RuleSelection: Sendable {
  /// Rule id → severity; a rule mapped to nil is off.
  public var overrides: [String: Severity?]
  /// When non-empty, only these rules run (`--rule`).
  public var only: Set<String>
  /// Rules turned off (`--ignore`).
  public var ignored: Set<String>
  /// Rules given a severity in `.cslint.yml`: they run even when off by
  /// default (`RuleDescription.enabledByDefault`), like those in `only`.
  public var enabled: Set<String>

  public init(
    overrides: [String: Severity?] = [:], only: Set<String> = [], ignored: Set<String> = [], enabled: Set<String> = []
  ) {
    self.overrides = overrides
    self.only = only
    self.ignored = ignored
    self.enabled = enabled
  }

  /// Whether `rule` runs with `runner`: not turned off, and on by default
  /// for the runner or enabled explicitly (`enabled`, `--rule`).
  public func isEnabled(_ rule: RuleDescription, runner: Runner) -> Bool {
    guard isEnabled(rule.id) else { return false }
    return rule.isOnByDefault(for: runner) || only.contains(rule.id) || enabled.contains(rule.id)
  }

  public func isEnabled(_ id: String) -> Bool {
    if ignored.contains(id) { return false }
    if !only.isEmpty && !only.contains(id) { return false }
    if let override = overrides[id], override == nil { return false }
    return true
  }

  /// The severity a finding of rule `id` is reported with, nil when the
  /// rule is off: `isEnabled` and `severity(for:default:)` in one lookup.
  public func reportedSeverity(for id: String, default severity: Severity) -> Severity? {
    reportedOverride(for: id).severity(default: severity)
  }

  /// What `reportedSeverity` does to any finding of rule `id`, whatever its
  /// default severity: the part that costs a lookup, to do once per rule.
  func reportedOverride(for id: String) -> ReportedOverride {
    if !ignored.isEmpty && ignored.contains(id) { return .off }
    if !only.isEmpty && !only.contains(id) { return .off }
    guard !overrides.isEmpty, let override = overrides[id] else { return .keep }
    return override.map(ReportedOverride.set) ?? .off
  }

  /// A rule's findings dropped, kept at their own severity, or set to one.
  enum ReportedOverride {
    case off, keep
    case set(Severity)

    func severity(default severity: Severity) -> Severity? {
      switch self {
      case .off: nil
      case .keep: severity
      case .set(let value): value
      }
    }
  }

  public func severity(for id: String, default severity: Severity) -> Severity {
    if let override = overrides[id], let value = override { return value }
    return severity
  }
}

/// Runs the pipeline: scan → parse → schema replay + rules → diagnostics.
public struct Linter: Sendable {
  public var rules: [any Rule] { didSet { dispatch = makeDispatch() } }
  public var settings: LintSettings {
    didSet {
      // The runner may turn rules on or off by default (a folder's inferred runner).
      if settings.runner != oldValue.runner { dispatch = makeDispatch() }
    }
  }
  public var selection: RuleSelection { didSet { dispatch = makeDispatch() } }
  /// False runs every rule on every statement instead of only on the
  /// statement families it declares (`Rule.statementKinds`): tests check
  /// that both give the same findings.
  var dispatchesByKind = true { didSet { dispatch = makeDispatch() } }
  /// The rules `selection` enables, grouped by statement family, worked out
  /// once rather than per file; `embedded` without the idempotency rules
  /// (statements inside `DO` blocks).
  private var dispatch: (top: RuleDispatch, embedded: RuleDispatch)

  public init(
    rules: [any Rule] = RuleRegistry.statementRules, settings: LintSettings = LintSettings(),
    selection: RuleSelection = RuleSelection()
  ) {
    self.rules = rules
    self.settings = settings
    self.selection = selection
    self.dispatch = (RuleDispatch([]), RuleDispatch([]))
    self.dispatch = makeDispatch()
  }

  private func makeDispatch() -> (top: RuleDispatch, embedded: RuleDispatch) {
    let active = rules.filter { selection.isEnabled($0.description, runner: settings.runner) }
    let embedded = active.filter { $0.description.category != .idempotency }
    return (RuleDispatch(active, byKind: dispatchesByKind), RuleDispatch(embedded, byKind: dispatchesByKind))
  }

  /// The rules `selection` enables for the runner of `settings`.
  var enabledRules: [any Rule] { dispatch.top.rules }

  /// Lints `files` in migration order as one folder, through `LintPipeline`
  /// (replay order, down migrations, settle step) with this linter's runner
  /// and no history rules. `history` files (earlier migrations not being
  /// linted) are replayed first for schema context only. Files are read
  /// from these values, not from disk; paths identify them.
  public func lint(files: [SourceFile], history: [SourceFile] = []) -> [FileResult] {
    var byPath: [String: SourceFile] = [:]
    for file in files where byPath[file.path] == nil { byPath[file.path] = file }
    var historyByPath: [String: SourceFile] = [:]
    for file in history where historyByPath[file.path] == nil { historyByPath[file.path] = file }
    let pipeline = LintPipeline(linter: self, options: .init(runnerIsExplicit: true, checksHistory: false))
    let job = FolderJob(
      folder: MigrationFolder(directory: ".", files: files.map(\.path), isFullyDiscovered: false),
      context: history.map(\.path))
    let reports = pipeline.collect(
      [job], read: { historyByPath[$0]?.bytes },
      prepare: { paths in paths.map { path in (byPath[path] ?? historyByPath[path]).map { PreparedFile(source: $0) } } }
    )
    return reports.compactMap { report in
      guard let source = report.source else { return nil }
      let hasSyntaxError = report.diagnostics.contains { $0.ruleID == "syntax-error" }
      return FileResult(source: source, diagnostics: report.diagnostics, hasSyntaxError: hasSyntaxError)
    }
  }

  /// The order in which to replay `paths` (indices into it): the given
  /// order, except that a down migration comes right after its own up
  /// migration. It runs against the schema the up migration leaves, and
  /// diesel's `x/down.sql` sorts before `x/up.sql`.
  public static func replayOrder(_ paths: [String]) -> [Int] {
    // Paths are unique, so an up migration found next to its down one (where
    // path order puts it: `down.sql` sorts just before `up.sql`) is the one
    // the index would find; the index of every path (hashing each) is built
    // only when a neighbour is not it (12 M instructions on the corpus run).
    var byPath: [String: Int]?
    func position(of up: String, near down: Int) -> Int? {
      if down + 1 < paths.count && paths[down + 1] == up { return down + 1 }
      if down > 0 && paths[down - 1] == up { return down - 1 }
      if byPath == nil {
        var all: [String: Int] = [:]
        all.reserveCapacity(paths.count)
        for (index, path) in paths.enumerated() { all[path] = index }
        byPath = all
      }
      return byPath?[up]
    }
    var downsAfter: [Int: [Int]] = [:]
    var deferred = Set<Int>()
    for (index, path) in paths.enumerated() {
      guard let up = upMigrationPath(forDown: path), let upIndex = position(of: up, near: index), upIndex != index
      else { continue }
      downsAfter[upIndex, default: []].append(index)
      deferred.insert(index)
    }
    var order: [Int] = []
    for index in paths.indices where !deferred.contains(index) {
      order.append(index)
      order += downsAfter[index] ?? []
    }
    return order
  }

  /// `x/down.sql` → `x/up.sql` (diesel), `x.down.sql` → `x.up.sql` (golang-migrate).
  static func upMigrationPath(forDown path: String) -> String? {
    if path == "down.sql" { return "up.sql" }
    guard path.utf8HasSuffix("/down.sql") || path.utf8HasSuffix(".down.sql") else { return nil }
    // After a `/` or `.`, the last eight characters are these eight ASCII
    // bytes: dropped as bytes (no grapheme walk).
    return String(decoding: path.utf8.dropLast(8), as: UTF8.self) + "up.sql"
  }

  /// `down.sql` (diesel), `*.down.sql` (golang-migrate) and sqitch `revert/`.
  public static func isDownMigration(_ path: String) -> Bool {
    path.utf8HasSuffix("/down.sql") || path == "down.sql" || path.utf8HasSuffix(".down.sql")
      || path.utf8.containsSubsequence("/revert/".utf8) || path.utf8.containsSubsequence("/verify/".utf8)
  }

  /// Lints one file against `schema` (the state before it) and leaves
  /// `schema` as the file leaves the database.
  public func lintFile(_ source: SourceFile, schema: inout SchemaState) -> FileResult {
    lintFile(PreparedFile(source: source), schema: &schema)
  }

  /// Lints an already scanned and parsed file (see `PreparedFile`), so
  /// callers can prepare files in parallel and lint them in order.
  public func lintFile(_ prepared: PreparedFile, schema: inout SchemaState) -> FileResult {
    let scanned = prepared.scanned
    let statements = prepared.statements
    let source = scanned.source
    var diagnostics = syntaxErrors(scanned, statements: statements)
    let hasSyntaxError = !diagnostics.isEmpty
    if diagnostics.first?.message == SyntaxErrorBound.notText {
      // Not SQL at all: one finding, no rules, nothing replayed.
      diagnostics.removeAll { !selection.isEnabled($0.ruleID) }
      for index in diagnostics.indices {
        diagnostics[index].severity = selection.severity(
          for: diagnostics[index].ruleID, default: diagnostics[index].severity)
      }
      return FileResult(source: source, diagnostics: diagnostics, hasSyntaxError: true)
    }
    schema.postgresVersion = settings.postgresVersion
    schema.execution = FileExecution.of(settings.runner, statements: statements, source: source)
    schema.fileStatementCount = statements.lazy.filter { !$0.span.isMetaCommand }.count
    let sections = Self.gooseSections(scanned, statements: statements)
    var afterUp: SchemaState?
    for (number, section) in sections.enumerated() {
      if number == 1 {
        // goose runs the Down section on rollback, long after Up, on its
        // own: lint it like a separate down migration that changes nothing
        // later files see.
        afterUp = schema
        schema.beginFile(index: -1 - schema.fileIndex)
      }
      let sectionStatements = Array(statements[section])
      guard let first = sectionStatements.first else { continue }
      // One context for the section, the schema moved into it and replayed
      // there: no copy of the schema (and its retains) per statement.
      var context = RuleContext(
        source: source, statement: first, statements: sectionStatements, statementIndex: 0, schema: SchemaState(),
        settings: settings, positions: StatementPositions(sectionStatements))
      context.fileTokens = prepared.tokens
      swap(&schema, &context.schema)
      // By index: `enumerated()` copied each statement before the context's copy.
      for index in sectionStatements.indices {
        context.statement = sectionStatements[index]
        context.statementIndex = index
        // Most files have no DO block: no dictionary lookup per statement then.
        context.body = prepared.bodies.isEmpty ? nil : prepared.bodies[section.lowerBound + index]
        if !sectionStatements[index].span.isMetaCommand { check(&context, with: dispatch.top, into: &diagnostics) }
        if !prepared.embedded.isEmpty, let inner = prepared.embedded[section.lowerBound + index] {
          lintEmbedded(inner, in: sectionStatements[index], context: &context, into: &diagnostics)
        }
        context.schema.apply(sectionStatements[index], source: source)
      }
      swap(&schema, &context.schema)
    }
    if let afterUp { schema = afterUp }
    var suppressions = SuppressionSet(file: scanned, statements: statements, knownIDs: RuleRegistry.knownIDs)
    // In place: no copy of every diagnostic per step. Most files have no
    // suppression comment: `removeAll(where:)` copied (and destroyed) every
    // finding to ask, 8 M instructions on the corpus run.
    if !suppressions.comments.isEmpty { diagnostics.removeAll { suppressions.suppresses($0) } }
    diagnostics += suppressions.problems
    diagnostics += suppressions.unused(path: source.path)
    // Off rules' findings dropped and severities set in one pass (order
    // kept). One lookup per rule of the file, not per finding: a file's
    // findings come from a few rules, and the String-keyed lookup cost
    // ~460 instructions (10 M on the corpus run). The ids' lengths first:
    // most other rules' ids differ in length, and a String compare costs ~90.
    var kept = 0
    var decided: [(id: String, length: Int, override: RuleSelection.ReportedOverride)] = []
    // Room for all of them at once: growing the list cost ~3 M instructions.
    if !diagnostics.isEmpty { decided.reserveCapacity(16) }
    for index in diagnostics.indices {
      let id = diagnostics[index].ruleID
      let length = id.utf8.count
      let override: RuleSelection.ReportedOverride
      if let found = decided.first(where: { $0.length == length && $0.id == id }) {
        override = found.override
      } else {
        override = selection.reportedOverride(for: id)
        if decided.count < 16 { decided.append((id, length, override)) }
      }
      guard let severity = override.severity(default: diagnostics[index].severity) else { continue }
      diagnostics[index].severity = severity
      if kept != index { diagnostics.swapAt(kept, index) }
      kept += 1
    }
    diagnostics.removeLast(diagnostics.count - kept)
    // Rules run statement by statement, so findings mostly arrive in order:
    // the (stable) sort, which moves whole diagnostics, only when they are not.
    func precedes(_ left: Diagnostic, _ right: Diagnostic) -> Bool {
      (left.range.lowerBound, left.ruleID) < (right.range.lowerBound, right.ruleID)
    }
    var ordered = true
    // On the fields in place: `precedes(diagnostics[index], ...)` copied
    // both diagnostics per pair.
    for index in diagnostics.indices.dropFirst() {
      let start = diagnostics[index].range.lowerBound
      let before = diagnostics[index - 1].range.lowerBound
      if start < before || (start == before && diagnostics[index].ruleID < diagnostics[index - 1].ruleID) {
        ordered = false
        break
      }
    }
    if !ordered { diagnostics.sort(by: precedes) }
    return FileResult(source: source, diagnostics: diagnostics, hasSyntaxError: hasSyntaxError)
  }

  /// Runs the rules of `dispatch` that look at `context.statement`'s family.
  func check(_ context: inout RuleContext, with dispatch: RuleDispatch, into diagnostics: inout [Diagnostic]) {
    context.effectsCache.reset()
    // By index: `for rule in rules` copies each existential out of the array
    // (and destroys the copy) for every rule and statement.
    let rules = dispatch.rules
    for index in dispatch.rules(for: context.statement.node) {
      var found = rules[index].check(context)
      if found.isEmpty { continue }
      // `ignore: tables:`: the rule says nothing about statements on those tables.
      if !context.settings.ignoredTables.isEmpty,
        let patterns = context.settings.ignoredTables[rules[index].description.id],
        Self.touches(context.effects.relations.map(\.relation), patterns)
      {
        continue
      }
      // Moved, not copied, into an empty list (the common case): appending
      // copies each finding and grows the list (saves ~10 M instructions).
      // A single finding (most rules report one per statement) is moved out
      // of its array: `append(contentsOf:)` copied it and then destroyed
      // the array's copy.
      if diagnostics.isEmpty {
        diagnostics = found
      } else if found.count == 1 {
        diagnostics.append(found.removeLast())
      } else {
        diagnostics.append(contentsOf: found)
      }
    }
    // The signature duplicate-index made, for the replay of this statement
    // (built once, not twice: 13 M instructions on the corpus run).
    if let signature = context.effectsCache.indexSignature {
      context.schema.pendingIndexSignature = (context.statement.range, signature)
    }
    // Effects some rule asked for (require-lock-timeout always does):
    // remember a lock wait without timeout, a long run without
    // statement_timeout and an ACCESS EXCLUSIVE lock kept by the
    // transaction for the statements after it.
    // Read from the cache, where they were worked out with the effects:
    // the effects are not copied out.
    let cache = context.effectsCache
    if cache.value != nil {
      if cache.unboundedLockWait != nil { context.schema.lockWaitWithoutTimeout = true }
      if cache.longRunWithoutTimeout != nil { context.schema.longRunWithoutTimeout = true }
      context.schema.noteHeldLock(cache, statement: context.statement, statementIndex: context.statementIndex)
    }
  }

  /// Whether one of `relations` matches a pattern: one with a `.` against
  /// `schema.name`, one without against the name alone.
  static func touches(_ relations: [ObjectKey], _ patterns: [Glob]) -> Bool {
    relations.contains { key in
      patterns.contains { $0.pattern.contains(".") ? $0.matches(key.schema + "." + key.name) : $0.matches(key.name) }
    }
  }

  /// Lints and replays the statements inside a `DO` block, where they run:
  /// inside the block's function, in the transaction of the `DO` statement.
  /// Idempotency rules stay silent there (the block's `IF NOT EXISTS` or
  /// exception handler is the guard), and fixes are dropped: text edits
  /// made for a top-level statement are not safe inside PL/pgSQL.
  func lintEmbedded(
    _ statements: [Statement], in block: Statement, context: inout RuleContext, into diagnostics: inout [Diagnostic]
  ) {
    let line = context.source.location(of: block.range.lowerBound).line
    let note = "This statement runs inside the DO block at line \(line), in that block's transaction."
    context.schema.insideDoBlock = true
    defer {
      context.schema.insideDoBlock = false
      context.statement = block
    }
    for statement in statements {
      context.statement = statement
      var found: [Diagnostic] = []
      check(&context, with: dispatch.embedded, into: &found)
      for var diagnostic in found {
        // A rule may report an earlier statement outside the block (e.g. the
        // lock this statement keeps waiting): that one keeps its fixes.
        guard block.range.contains(diagnostic.range.lowerBound) else {
          diagnostics.append(diagnostic)
          continue
        }
        diagnostic.fixes = []
        var note = note
        if diagnostic.help?.contains("CONCURRENTLY") == true && !diagnostic.message.contains("from a function") {
          note += " PostgreSQL refuses CONCURRENTLY inside a DO block: move the statement out of it."
        }
        diagnostic.help = diagnostic.help.map { $0 + "\n" + note } ?? note
        diagnostics.append(diagnostic)
      }
      context.schema.apply(statement, source: context.source, advancesSession: false)
    }
  }

  /// The statement ranges of a goose file's Up and Down sections (split at
  /// the `-- +goose Down` annotation); one range covering everything for
  /// any other file.
  static func gooseSections(_ scanned: ScannedFile, statements: [Statement]) -> [Range<Int>] {
    let bytes = scanned.source.bytes
    let annotation = Array("+goose down".utf8)
    let marker = scanned.tokens.first { token in
      guard token.kind == .lineComment else { return false }
      var index = token.start + 2
      while index < token.end && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
      guard token.end - index >= annotation.count else { return false }
      // ASCII case-insensitive, on bytes: this runs for every comment of every file.
      return annotation.indices.allSatisfy { offset in
        let byte = bytes[index + offset]
        return (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == annotation[offset]
      }
    }
    guard let marker else { return [0..<statements.count] }
    let split = statements.firstIndex { $0.range.lowerBound >= marker.end } ?? statements.count
    return [0..<split, split..<statements.count]
  }

  func syntaxErrors(_ scanned: ScannedFile, statements: [Statement]) -> [Diagnostic] {
    let path = scanned.source.path
    // A plain text file (the lexer's finding) has no suspicious byte at all.
    if !scanned.isPlainText, let binary = SyntaxErrorBound.binaryFinding(scanned.source) { return [binary] }
    var diagnostics = SyntaxErrorBound.firstPerStatement(scanned.errors, statements: statements).map { error in
      Diagnostic(
        ruleID: "syntax-error", severity: .error, path: path,
        range: error.offset..<max(error.end, error.offset),
        message: error.message,
        help: error.kind == .byteOrderMark ? "Save the file as UTF-8 without a byte order mark." : nil)
    }
    for statement in statements where statement.span.isMetaCommand {
      let text = scanned.source.text(statement.range)
      let command = text.split(separator: " ").first.map(String.init) ?? text
      diagnostics.append(
        Diagnostic(
          ruleID: "syntax-error", severity: .error, path: path, range: statement.range,
          message:
            "psql meta-command \(command) is not SQL; migration runners send the file to the server, which rejects it",
          help: "Remove the line, or express it in SQL (e.g. SET for \\set-like settings)."))
    }
    return SyntaxErrorBound.bounded(diagnostics, path: path)
  }
}

extension String {
  /// Every line after the first prefixed with `indent` (for statements quoted
  /// inside an indented help text).
  func indentingLaterLines(by indent: String) -> String {
    // Whole lines copied at once from the contiguous UTF-8 (a byte-by-byte
    // copy cost ~5,000 instructions per statement quoted in a help text).
    var text = self
    return text.withUTF8 { bytes in
      guard let firstBreak = bytes.firstIndex(of: 0x0A) else { return self }
      var result: [UInt8] = []
      result.reserveCapacity(bytes.count + 4 * indent.utf8.count)
      result.append(contentsOf: bytes[..<firstBreak])
      var lineStart = firstBreak
      while lineStart < bytes.count {
        // `lineStart` is at a line break: the break, the indent, then the line.
        result.append(0x0A)
        result.append(contentsOf: indent.utf8)
        let next = bytes[(lineStart + 1)...].firstIndex(of: 0x0A) ?? bytes.count
        result.append(contentsOf: bytes[(lineStart + 1)..<next])
        lineStart = next
      }
      return String(decoding: result, as: UTF8.self)
    }
  }
}
