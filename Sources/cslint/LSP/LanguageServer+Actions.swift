import MigrationLint
import PostgresSyntax

// Code actions (fixes, suppression) and hover (why, instead, locks).
extension LanguageServer {
  /// Findings that a suppression comment cannot silence, or that are about one.
  static let unsuppressible: Set<String> = ["syntax-error", "unused-suppression", "invalid-suppression"]

  static let descriptions: [String: RuleDescription] = {
    var byID: [String: RuleDescription] = [:]
    for description in RuleRegistry.descriptions { byID[description.id] = description }
    return byID
  }()

  /// Each fix of every finding touching `selection` (safe ones preferred),
  /// then a suppression comment with a reason to fill in.
  func codeActions(_ document: OpenDocument, _ selection: Range<Int>) -> [JSONValue] {
    guard let linted = document.linted else { return [] }
    var actions: [JSONValue] = []
    var suppressions: [JSONValue] = []
    var suppressed: Set<String> = []
    for diagnostic in linted.diagnostics where touches(diagnostic.range, selection) {
      let reference = lspDiagnostic(diagnostic, in: document)
      for fix in diagnostic.fixes {
        actions.append(
          action(
            title: fix.title + (fix.applicability == .safe ? "" : " (changes behaviour: review it)"),
            diagnostic: reference, preferred: fix.applicability == .safe,
            edits: fix.edits.map { edit($0.range, $0.replacement, in: document) }, uri: document.uri))
      }
      guard !Self.unsuppressible.contains(diagnostic.ruleID),
        let statement = linted.statements.first(where: { $0.range.contains(diagnostic.range.lowerBound) }),
        !suppressed.contains("\(diagnostic.ruleID)@\(statement.range.lowerBound)")
      else { continue }
      suppressed.insert("\(diagnostic.ruleID)@\(statement.range.lowerBound)")
      let comment = suppressionEdit(diagnostic.ruleID, before: statement, in: document)
      suppressions.append(
        action(
          title: "Suppress \(diagnostic.ruleID) for this statement (with a reason)", diagnostic: reference,
          preferred: false, edits: [comment], uri: document.uri))
    }
    return actions + suppressions
  }

  private func touches(_ range: Range<Int>, _ selection: Range<Int>) -> Bool {
    range.lowerBound <= selection.upperBound && selection.lowerBound <= range.upperBound
  }

  private func action(title: String, diagnostic: JSONValue, preferred: Bool, edits: [JSONValue], uri: String)
    -> JSONValue
  {
    var members: [(String, JSONValue)] = [
      ("title", .string(title)), ("kind", .string("quickfix")), ("diagnostics", .array([diagnostic])),
    ]
    if preferred { members.append(("isPreferred", .bool(true))) }
    members.append(("edit", .object([("changes", .object([(uri, .array(edits))]))])))
    return .object(members)
  }

  private func edit(_ bytes: Range<Int>, _ text: String, in document: OpenDocument) -> JSONValue {
    .object([("range", range(bytes, in: document)), ("newText", .string(text))])
  }

  /// `-- cslint-disable-next-statement ID -- reason` on its own line before
  /// `statement`, indented like it.
  private func suppressionEdit(_ id: String, before statement: Statement, in document: OpenDocument) -> JSONValue {
    let bytes = document.lines.bytes
    let start = statement.range.lowerBound
    var lineStart = start
    while lineStart > 0 && bytes[lineStart - 1] != 0x0A && bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
    let newline = bytes[start...].firstIndex(of: 0x0A).map { $0 > 0 && bytes[$0 - 1] == 0x0D } == true ? "\r\n" : "\n"
    let comment = "-- cslint-disable-next-statement \(id) -- TODO: say why this is safe here"
    let prefix = bytes[lineStart..<start]
    if prefix.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
      let indent = String(decoding: prefix, as: UTF8.self)
      return edit(lineStart..<lineStart, indent + comment + newline, in: document)
    }
    // Another statement ends on the same line: the comment goes between them.
    return edit(start..<start, newline + comment + newline, in: document)
  }

  /// The findings on the statement under `offset` (each rule's why and what
  /// to write instead) and what the statement locks.
  func hover(_ document: OpenDocument, at offset: Int) -> JSONValue? {
    guard let linted = document.linted,
      let statement = linted.statements.first(where: {
        !$0.span.isMetaCommand && $0.range.lowerBound <= offset && offset <= $0.range.upperBound
      })
    else { return nil }
    var sections: [String] = []
    var seen: Set<String> = []
    for diagnostic in linted.diagnostics
    where statement.range.contains(diagnostic.range.lowerBound) && seen.insert(diagnostic.ruleID).inserted {
      var text = "**\(diagnostic.ruleID)** (\(diagnostic.severity.rawValue)): \(diagnostic.message)"
      let description = Self.descriptions[diagnostic.ruleID]
      if let why = description?.rationale, !why.isEmpty { text += "\n\n*Why:* " + why }
      // The finding's help names the user's own objects; it mixes prose
      // and indented SQL, so it keeps its layout in a plain code block.
      if let help = diagnostic.help {
        text += "\n\n*Instead:*\n\n```\n" + help + "\n```"
      } else if let instead = description?.useInstead {
        text += "\n\n*Instead:*\n\n```sql\n" + instead + "\n```"
      }
      text += "\n\n[Rule documentation](\(ruleURL(diagnostic.ruleID)))"
      sections.append(text)
    }
    if let locks = lockSummary(statement, linted: linted) { sections.append(locks) }
    guard !sections.isEmpty else { return nil }
    return .object([
      (
        "contents",
        .object([("kind", .string("markdown")), ("value", .string(sections.joined(separator: "\n\n---\n\n")))])
      ),
      ("range", range(statement.range, in: document)),
    ])
  }

  /// The `cslint locks` rows of `statement` (and the statements of its DO block), as Markdown.
  private func lockSummary(_ statement: Statement, linted: LintedDocument) -> String? {
    let analysis = linted.replay.lockAnalysis(of: linted.source)
    let report = LockReport(path: linted.source.path, analysis: analysis, settings: linted.replay.settings)
    let rows = report.rows.filter { statement.range.contains($0.analyzed.statement.range.lowerBound) }
    guard !rows.isEmpty else { return nil }
    var lines: [String] = ["**Locks** (`cslint locks`, \(linted.replay.settings.runner.rawValue) runner):"]
    for row in rows {
      let effects = row.analyzed.effects
      lines.append("")
      lines.append("`\(row.title)`" + (effects.relations.isEmpty ? ": takes no table lock" : ""))
      for effect in effects.relations {
        var work: [String] = []
        if effect.rewrite { work.append("rewrites the table") }
        if effect.validates {
          work.append("validates every row")
        } else if effect.scan {
          work.append("scans the table")
        }
        let blocks: String
        switch effect.blocks {
        case .readsAndWrites: blocks = "blocks reads and writes"
        case .writes: blocks = "blocks writes"
        case .otherDDL: blocks = "blocks only other DDL"
        case .nothing: blocks = "blocks nothing"
        }
        let held = effect.heldUntil == .statement ? "until the statement ends" : "until the transaction ends"
        var line =
          "- `\(effect.relation)`\(effect.isNew ? " (new)" : ""): \(effect.lock.sqlName), \(blocks), held \(held)"
        if !work.isEmpty { line += "; " + work.joined(separator: ", ") }
        lines.append(line)
        if let note = effect.versionNote { lines.append("  - note: \(note)") }
      }
      if !effects.relations.isEmpty { lines.append("- lock_timeout: \(effects.lockTimeout ?? "none")") }
      if let refusal = effects.transaction.refusal, StatementEffects.commitsByItself(row.analyzed.statement) {
        lines.append("- PostgreSQL refuses it here: \(row.title) \(refusal)")
      }
    }
    return lines.joined(separator: "\n")
  }
}
