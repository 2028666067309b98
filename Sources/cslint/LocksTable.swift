import MigrationLint
import PostgresSyntax

/// The text table of `cslint locks`: a row per statement, an indented row per
/// relation it locks, transaction marks between rows. Fits 100 columns:
/// long relation names get a line of their own, long titles wrap.
struct LocksTable {
  let color: Bool
  /// Width of the line-number column (wider for files past line 9999).
  private var gutter = 4

  init(color: Bool) { self.color = color }

  // Column widths, left to right, two spaces between columns.
  private static let nameWidth = 26
  private static let lockWidth = 22
  private static let blocksWidth = 12
  private static let heldWidth = 6
  private static let workWidth = 8
  private static let maxWidth = 100

  private var nameStart: Int { gutter + 2 }
  private var lockStart: Int { nameStart + 2 + Self.nameWidth + 2 }

  mutating func render(_ report: LockReport) -> String {
    gutter = max(4, String(report.rows.last?.analyzed.line ?? 0).count)
    let settings = report.settings
    var text = paint(printable(report.path), "1") + "\n"
    text += "runner \(settings.runner.rawValue), PostgreSQL \(settings.postgresVersion): \(describe(report))\n"
    guard !report.rows.isEmpty else { return text + "(no statements)\n" }
    text += paint(header, "1") + "\n"
    for row in report.rows { text += render(row) }
    return text
  }

  private var header: String {
    let line = String(repeating: " ", count: gutter - 4) + "LINE  "
    return line + "STATEMENT / RELATION".padded(to: Self.nameWidth + 2) + "  " + "LOCK".padded(to: Self.lockWidth)
      + "  " + "BLOCKS".padded(to: Self.blocksWidth) + "  " + "HELD".padded(to: Self.heldWidth) + "  "
      + "WORK".padded(to: Self.workWidth) + "  TIMEOUT"
  }

  /// How the runner sends the file, in words.
  private func describe(_ report: LockReport) -> String {
    switch report.execution {
    case .statementByStatement: return "sent statement by statement, autocommit unless the file BEGINs"
    case .pipeline: return "sent as one pipeline: one transaction until COMMIT or file end"
    case .singleQuery:
      return report.rows.count > 1
        ? "sent as one query: one transaction until COMMIT or file end"
        : "sent as one query of one statement: autocommit"
    case .transactionWrapped: return "wrapped in BEGIN/COMMIT by the runner: one transaction"
    }
  }

  private func render(_ row: LockReportRow) -> String {
    var text = ""
    if let begins = row.begins { text += mark(begins) }
    let number = String(row.analyzed.line)
    let lead = String(repeating: " ", count: gutter - number.count) + number + "  "
    text += wrap(printable(row.title), first: lead, indent: nameStart + 2)
    let effects = row.analyzed.effects
    for effect in effects.relations {
      text += relationLine(effect, timeout: effects.lockTimeout)
      if let note = effect.versionNote {
        text += String(repeating: " ", count: nameStart + 4) + paint("note: \(printable(note))", "2") + "\n"
      }
    }
    if let refusal = effects.transaction.refusal, StatementEffects.commitsByItself(row.analyzed.statement) {
      let message = "PostgreSQL refuses it here: \(printable(row.title)) \(refusal)"
      text += wrapWords(message, indent: nameStart + 2).map { paint($0, "1;31") + "\n" }.joined()
    }
    if let ends = row.ends { text += mark(ends, context: effects.transaction) }
    return text
  }

  private func relationLine(_ effect: RelationEffect, timeout: String?) -> String {
    var line = String(repeating: " ", count: nameStart + 2)
    let name = printable(effect.relation.description) + (effect.isNew ? " (new)" : "")
    if name.count > Self.nameWidth {
      line += name + "\n" + String(repeating: " ", count: lockStart)
    } else {
      line += name.padded(to: Self.nameWidth) + "  "
    }
    let lock = effect.lock.sqlName.padded(to: Self.lockWidth)
    line += (effect.isNew ? paint(lock, "2") : paint(lock, severityColor(effect.blocks))) + "  "
    line += blocks(effect.blocks).padded(to: Self.blocksWidth) + "  "
    line += (effect.heldUntil == .statement ? "stmt" : "tx end").padded(to: Self.heldWidth) + "  "
    line += work(effect).padded(to: Self.workWidth) + "  "
    line += timeout.map(printable) ?? "none"
    return line + "\n"
  }

  private func severityColor(_ blocks: BlockedTraffic) -> String {
    switch blocks {
    case .readsAndWrites: "31"
    case .writes: "33"
    case .otherDDL, .nothing: "32"
    }
  }

  private func blocks(_ blocks: BlockedTraffic) -> String {
    switch blocks {
    case .readsAndWrites: "reads+writes"
    case .writes: "writes"
    case .otherDDL: "other DDL"
    case .nothing: "nothing"
    }
  }

  /// The heaviest work on every row: a rewrite reads and writes them all
  /// (checking constraints in the same pass), a validation is a scan that checks.
  private func work(_ effect: RelationEffect) -> String {
    if effect.rewrite { return "rewrite" }
    if effect.validates { return "validate" }
    return effect.scan ? "scan" : "-"
  }

  private func mark(_ start: TransactionStart) -> String {
    let text: String
    if let within = start.within {
      text = "-- BEGIN (explicit) inside \(opener(within)): the same transaction goes on"
    } else if start.opener == .explicit {
      text = "-- transaction begins: BEGIN (explicit)"
    } else {
      text = "-- transaction begins: \(opener(start.opener))"
    }
    return String(repeating: " ", count: nameStart) + paint(text, "36") + "\n"
  }

  private func mark(_ end: TransactionEnd, context: TransactionContext) -> String {
    let text: String
    switch end {
    case .commit: text = "-- transaction ends: COMMIT"
    case .rollback: text = "-- transaction ends: ROLLBACK (its changes are undone)"
    case .prepare: text = "-- transaction ends: PREPARE TRANSACTION (locks kept until COMMIT PREPARED)"
    case .commitsByItself: text = "-- transaction ends: the statement commits by itself"
    case .nextStatement: text = "-- transaction ends"
    case .endOfFile:
      text =
        context.opener == .explicit || context.opener == .none
        ? "-- end of file with the BEGIN still open (no COMMIT)" : "-- transaction ends: end of file, committed"
    }
    return String(repeating: " ", count: nameStart) + paint(text, "36") + "\n"
  }

  private func opener(_ opener: TransactionOpener) -> String {
    switch opener {
    case .none: "autocommit"
    case .explicit: "BEGIN in the file"
    case .runner: "the runner's BEGIN"
    case .implicitBlock: "one multi-statement query"
    case .pipeline: "the runner's pipeline"
    }
  }

  /// `first` + `text`, wrapped after ", " to fit `maxWidth`; later lines indented.
  private func wrap(_ text: String, first: String, indent: Int) -> String {
    var lines: [String] = []
    var current = first
    var pieces = text.split(separator: ", ", omittingEmptySubsequences: false).map(String.init)
    for index in pieces.indices.dropLast() { pieces[index] += "," }
    var startOfLine = true
    for piece in pieces {
      if !startOfLine && current.count + 1 + piece.count > Self.maxWidth {
        lines.append(current)
        current = String(repeating: " ", count: indent) + piece
      } else {
        current += (startOfLine ? "" : " ") + piece
      }
      startOfLine = false
    }
    lines.append(current)
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` in lines of at most `maxWidth` columns, each indented, broken at spaces.
  private func wrapWords(_ text: String, indent: Int) -> [String] {
    let margin = String(repeating: " ", count: indent)
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty && indent + current.count + 1 + word.count > Self.maxWidth {
        lines.append(margin + current)
        current = String(word)
      } else {
        current += (current.isEmpty ? "" : " ") + word
      }
    }
    if !current.isEmpty { lines.append(margin + current) }
    return lines
  }

  var legend: String {
    """

    LOCK: the strongest lock on the relation. BLOCKS: who waits behind it (reads+writes: every
    query, SELECT included; writes: INSERT, UPDATE, DELETE; other DDL: only DDL, VACUUM and the
    like). HELD: until the statement ends (stmt) or the transaction ends (tx end). WORK: the
    heaviest work on every row under the lock: rewrite, validate (a constraint) or scan. (new):
    created earlier in this file, so no one else waits on it. TIMEOUT: the lock_timeout in force
    (none: the statement waits for the lock as long as it takes).

    """
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// Control characters (binary junk, escape sequences) shown as U+FFFD.
  private func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
    return String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0 }))
  }
}
