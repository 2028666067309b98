import PostgresSyntax

extension LintPipeline {
  /// Plans `cslint fix --split` for one folder: lints it (no fixes), and for
  /// each finding whose safe fix is a new migration cuts its file into
  /// consecutive pieces (see `SplitPlan`). Refuses, for the whole folder,
  /// to touch an applied migration or to insert a migration before one.
  public func planSplits(_ job: FolderJob) -> SplitPlan {
    var plain = self
    plain.options.fix = nil
    plain.options.changedOnly = false
    let (linter, naming) = folderLinter(job)
    let folder = job.folder
    var plan = SplitPlan()
    let reports = plain.collect([job], problem: { problem in plan.refusals.append(problem.message) })
    var files: [(report: FileReport, source: SourceFile)] = []
    for report in reports {
      guard let source = report.source, folder.files.contains(report.path),
        report.diagnostics.contains(where: { SplitReason.ruleIDs.contains($0.ruleID) })
      else { continue }
      files.append((report, source))
    }
    guard !files.isEmpty else { return plan }

    // What counts as applied (the ledger, `--base`).
    var applied = Set<String>()
    do {
      let ledgerPath = options.ledgerPath.flatMap { $0.deletingLastPathComponent == folder.directory ? $0 : nil }
      let known = folder.isFullyDiscovered ? job.knownFiles ?? folder.files : nil
      let (_, sets) = try HistoryChecker.runReturningApplied(
        migrationsDirectory: folder.directory, ledgerPath: ledgerPath, baseRef: options.baseRef, naming: naming,
        knownFiles: known)
      applied = Set(sets.flatMap { $0.migrations.map(\.relativeName) })
    } catch {
      plan.refusals.append("cannot tell which migrations are applied: \(error)")
      return plan
    }
    // Every migration of the folder, by version (new files must fit between).
    // The directory is listed as well: files named one by one leave the
    // later migrations out of the job, and a new version must not pass them.
    var names = Set((job.knownFiles ?? folder.files).map { MigrationFile.relativeName(of: $0, in: folder.directory) })
    if let listed = try? MigrationFile.discover(in: folder.directory, readContents: false) {
      names.formUnion(listed.map(\.relativeName))
    }
    var versions: [(name: String, version: MigrationVersion)] = []
    for name in names.sorted() {
      if let parsed = naming.parse(name).name, parsed.direction == .up, let version = parsed.version {
        versions.append((name, version))
      }
    }
    for (report, source) in files {
      let splitter = FileSplitter(
        source: source, diagnostics: report.diagnostics, runner: linter.settings.runner, naming: naming,
        directory: folder.directory)
      plan.append(splitter.plan(versions: versions, applied: applied))
    }
    // Two files must not claim the same new name.
    var seen = Set<String>()
    for change in plan.changes where change.original == nil {
      if !seen.insert(change.path).inserted {
        plan.refusals.append("two splits would both create '\(change.path)'")
      }
    }
    return plan
  }
}

/// Splits one migration file.
struct FileSplitter {
  let source: SourceFile
  let diagnostics: [Diagnostic]
  let runner: Runner
  let naming: NamingScheme
  let directory: String

  private var relativeName: String { MigrationFile.relativeName(of: source.path, in: directory) }

  func plan(versions: [(name: String, version: MigrationVersion)], applied: Set<String>) -> SplitPlan {
    var plan = SplitPlan()
    let name = relativeName
    let shown = TextEscaping.visible(source.path)
    if diagnostics.contains(where: { $0.ruleID == "syntax-error" }) { return plan }
    let prepared = PreparedFile(source: source)
    let statements = prepared.statements
    let cuts = self.cuts(statements)
    guard !cuts.points.isEmpty || !cuts.edits.isEmpty || !cuts.validations.isEmpty else { return plan }

    func refuse(_ reason: String) -> SplitPlan {
      var refused = SplitPlan()
      refused.refusals.append("cannot split '\(shown)': \(reason)")
      return refused
    }
    if statements.contains(where: { if case .transaction = $0.node { return true } else { return false } }) {
      return refuse("it has its own BEGIN/COMMIT; move the statements by hand (see the findings' help)")
    }
    if statements.contains(where: \.span.isMetaCommand) {
      return refuse("it has psql meta-commands; move the statements by hand")
    }
    switch runner {
    case .dbmate, .diesel:
      return refuse(
        "the \(runner.rawValue) runner wraps every migration in a transaction, so a file of its own is not enough; "
          + "move the statement by hand into a migration that opts out of the transaction")
    default: break
    }
    if applied.contains(name) {
      return refuse("it is applied (\(appliedSource)); a split must not edit an applied migration")
    }
    guard let ownVersion = naming.parse(name).name?.version else {
      return refuse("its name has no version in the \(naming.rawValue) naming scheme")
    }
    let later = versions.filter { ownVersion < $0.version }.sorted { $0.version < $1.version }
    if let appliedLater = later.first(where: { applied.contains($0.name) }) {
      return refuse(
        "'\(appliedLater.name)', after it, is applied; a migration inserted before it would run out of order")
    }

    // Pieces of the file: [0, p1), [p1, p2), ...; byte boundaries at line starts.
    let points = cuts.points.filter { $0 > 0 && $0 < statements.count }.sorted()
    var starts = [0]
    var reasons: [SplitReason] = []
    for point in points {
      starts.append(boundary(before: point, statements))
      reasons.append(cuts.reasons[point] ?? .continued)
    }
    starts.append(source.bytes.count)
    let newline = source.bytes.contains(UInt8(ascii: "\r")) ? "\r\n" : "\n"
    var pieces: [[UInt8]] = []
    for index in 0..<(starts.count - 1) {
      let range = starts[index]..<max(starts[index], starts[index + 1])
      // Each edit goes to one piece: the one it starts in (an insertion at
      // the very end of the file to the last piece).
      let isLast = index == starts.count - 2
      let inside = cuts.edits.filter {
        range.contains($0.range.lowerBound) || (isLast && $0.range.lowerBound == range.upperBound)
      }
      var bytes = Array(source.bytes[range])
      for edit in inside.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
        let local = (edit.range.lowerBound - range.lowerBound)..<(edit.range.upperBound - range.lowerBound)
        guard local.lowerBound >= 0, local.upperBound <= bytes.count else { continue }
        bytes.replaceSubrange(local, with: Array(edit.replacement.utf8))
      }
      // Blank lines at the end of a piece that is followed by another are dropped.
      if !isLast {
        Self.dropTrailingBlankLines(&bytes)
        // Cut inside a line (`a; b;`): the piece still ends with a line break.
        if bytes.last != UInt8(ascii: "\n") {
          while bytes.last == 0x20 || bytes.last == 0x09 { bytes.removeLast() }
          bytes += Array(newline.utf8)
        }
      }
      pieces.append(bytes)
    }
    var newPieces = Array(pieces.dropFirst())
    if !cuts.validations.isEmpty && runner == .none && newPieces.isEmpty {
      // psql -f commits each statement: the VALIDATE can follow in the same file.
      var bytes = pieces.first ?? []
      if let last = bytes.last, last != UInt8(ascii: "\n") { bytes += Array(newline.utf8) }
      for statement in cuts.validations { bytes += Array((statement + newline).utf8) }
      pieces[0] = bytes
    } else if !cuts.validations.isEmpty {
      var text = "-- Validates what the migrations before this one add NOT VALID, once they have committed:"
      text += newline + "-- SHARE UPDATE EXCLUSIVE only, reads and writes go on while the old rows are checked."
      text += newline
      for statement in cuts.validations { text += statement + newline }
      newPieces.append(Array(text.utf8))
      reasons.append(.validateConstraints)
    }
    let names = SplitNaming.names(
      after: name, version: ownVersion, count: newPieces.count, reasons: reasons, naming: naming,
      existing: versions.map(\.version), next: later.first)
    guard case .success(let newNames) = names else {
      if case .failure(let problem) = names { return refuse(problem.message) }
      return plan
    }
    let prefix = directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
    plan.changes.append(.init(path: source.path, original: source.bytes, bytes: pieces.first ?? []))
    for (newName, bytes) in zip(newNames, newPieces) {
      plan.changes.append(.init(path: prefix + newName, original: nil, bytes: bytes))
    }
    plan.notes = cuts.notes.map { "\(shown): \($0)" }
    if !newNames.isEmpty {
      plan.notes.append("\(shown): new migration\(newNames.count == 1 ? "" : "s") \(newNames.joined(separator: ", "))")
    }
    return plan
  }

  /// Removes whitespace-only lines before the final line break of `bytes`.
  static func dropTrailingBlankLines(_ bytes: inout [UInt8]) {
    while bytes.last == UInt8(ascii: "\n") {
      var index = bytes.count - 2
      while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index -= 1 }
      // The line before the final break is blank when another break precedes it.
      guard index >= 0, bytes[index] == UInt8(ascii: "\n") else { return }
      bytes.removeSubrange((index + 1)..<(bytes.count))
    }
  }

  private var appliedSource: String { "the ledger or --base says so" }

  /// Where the file is cut, the in-place edits, and the VALIDATE statements to add.
  struct Cuts {
    var points = Set<Int>()
    var reasons: [Int: SplitReason] = [:]
    var edits: [TextEdit] = []
    var validations: [String] = []
    var notes: [String] = []

    mutating func cut(_ index: Int, _ reason: SplitReason) {
      points.insert(index)
      // The first reason given for a piece names it, except `continued`.
      if reasons[index] == nil || reasons[index] == .continued { reasons[index] = reason }
    }
  }

  func cuts(_ statements: [Statement]) -> Cuts {
    var cuts = Cuts()
    func index(of offset: Int) -> Int? {
      statements.firstIndex { $0.range.contains(offset) || $0.range.lowerBound == offset }
    }
    for diagnostic in diagnostics where SplitReason.ruleIDs.contains(diagnostic.ruleID) {
      guard let at = index(of: diagnostic.range.lowerBound) else { continue }
      let statement = statements[at]
      let title = StatementTitle.of(statement)
      switch diagnostic.ruleID {
      case "concurrently-in-transaction":
        switch statement.node {
        case .createIndex, .drop: break
        default: continue
        }
        cuts.cut(at, .concurrentIndex)
        cuts.cut(at + 1, .continued)
        cuts.notes.append("\(title) moves into a migration of its own (CONCURRENTLY cannot run in a transaction)")
      case "require-concurrent-index-creation", "require-concurrent-index-deletion":
        // Not inside a DO block (a function: CONCURRENTLY is refused there).
        switch statement.node {
        case .createIndex, .drop: break
        default: continue
        }
        guard let fix = diagnostic.fixes.first, !fix.edits.isEmpty else { continue }
        cuts.edits += fix.edits
        // psql -f (`runner: none`) commits each statement: CONCURRENTLY is enough.
        if runner == .none {
          cuts.notes.append("\(title) becomes CONCURRENTLY (each statement commits on its own with runner none)")
          continue
        }
        cuts.cut(at, .concurrentIndex)
        cuts.cut(at + 1, .continued)
        cuts.notes.append("\(title) becomes CONCURRENTLY, in a migration of its own")
      case "constraint-missing-not-valid":
        guard case .alterTable(let alter) = statement.node else { continue }
        // "VALIDATE CONSTRAINT x runs in the transaction that added it NOT VALID".
        if diagnostic.message.hasPrefix("VALIDATE CONSTRAINT") {
          cuts.cut(at, .validate)
          cuts.notes.append("\(title) moves into the next migration, after the ADD ... NOT VALID commits")
          continue
        }
        guard let fix = diagnostic.fixes.first, !fix.edits.isEmpty,
          let command = alter.commands.first(where: { $0.range == diagnostic.range }),
          case .addConstraint(let constraint) = command.action, let name = constraint.name
        else { continue }
        cuts.edits += fix.edits
        let quoted = SQLName.quoteIfNeeded(name.value)
        let keyword = alter.only ? "ALTER TABLE ONLY" : "ALTER TABLE"
        cuts.validations.append("\(keyword) \(alter.name.displayText) VALIDATE CONSTRAINT \(quoted);")
        cuts.notes.append("ADD CONSTRAINT \(quoted) becomes NOT VALID; the next migration validates it")
      case "enum-value-in-transaction":
        // Only the "used in the same transaction" finding: the rest of the
        // file runs after the new value commits.
        guard diagnostic.message.contains("in the same transaction") else { continue }
        cuts.cut(at + 1, .afterEnumValue)
        cuts.notes.append("the statements after \(title) move into the next migration, after the new value commits")
      default:
        continue
      }
    }
    return cuts
  }

  /// The byte offset where statement `index`'s piece starts: after the line
  /// the previous statement ends on (a comment on that line stays with it),
  /// so comments above the statement move with it.
  func boundary(before index: Int, _ statements: [Statement]) -> Int {
    let previous = statements[index - 1]
    let end = previous.span.semicolon.map { $0 + 1 } ?? previous.range.upperBound
    let next = statements[index].range.lowerBound
    let bytes = source.bytes
    var offset = end
    while offset < next {
      // A block comment opened on that line may span lines: do not cut inside it.
      if bytes[offset] == UInt8(ascii: "/"), offset + 1 < next, bytes[offset + 1] == UInt8(ascii: "*") { break }
      if bytes[offset] == UInt8(ascii: "\n") {
        // Blank lines after it stay behind too: the piece starts with the
        // statement or the comments above it.
        var start = offset + 1
        while true {
          var end = start
          while end < next, bytes[end] == 0x20 || bytes[end] == 0x09 || bytes[end] == 0x0D { end += 1 }
          guard end < next, bytes[end] == UInt8(ascii: "\n") else { return start }
          start = end + 1
        }
      }
      offset += 1
    }
    // Same line: cut right before the statement.
    return next
  }
}
