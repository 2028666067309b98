import PostgresSyntax

/// One `-- cslint-disable...` / `-- cslint-enable` comment, or a squawk
/// `-- squawk-ignore` / `-- squawk-ignore-file` comment read through
/// `ForeignRuleIDs`.
struct SuppressionComment {
  enum Scope {
    case nextStatement
    case rest
    case enable
    /// The whole file, before the comment too (`-- squawk-ignore-file`).
    case file
  }

  var scope: Scope
  var ruleIDs: [String]
  var reason: String?
  var range: Range<Int>
  /// Written for squawk: never reported as unused (cslint's rules report
  /// less than squawk's, so many such comments rightly silence nothing).
  var isForeign = false
}

/// Parses suppression comments and decides which diagnostics they silence.
struct SuppressionSet {
  private(set) var comments: [SuppressionComment] = []
  /// Diagnostics about the comments themselves (invalid-suppression).
  private(set) var problems: [Diagnostic] = []
  private var used: Set<Int> = []
  /// For next-statement comments: the range of the statement they cover.
  private var targets: [Int: Range<Int>] = [:]

  init(file: ScannedFile, statements: [Statement], knownIDs: Set<String>) {
    let bytes = file.source.bytes
    for token in file.tokens where token.kind == .lineComment {
      // Cheap prefix test before decoding: "--" then optional spaces then "cslint-" or "squawk-".
      var index = token.start + 2
      while index < token.end && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
      guard token.end - index >= 7, bytes[index] == UInt8(ascii: "c") || bytes[index] == UInt8(ascii: "s") else {
        continue
      }
      let prefix = file.source.text(index..<min(token.end, index + 7))
      if prefix == "cslint-" {
        parse(file.source.text(index..<token.end), range: token.range, path: file.source.path, knownIDs: knownIDs)
      } else if prefix == "squawk-" {
        parseSquawk(file.source.text(index..<token.end), range: token.range, path: file.source.path, knownIDs: knownIDs)
      }
    }
    for (position, comment) in comments.enumerated() where comment.scope == .nextStatement {
      if let statement = statements.first(where: { $0.range.lowerBound >= comment.range.upperBound }) {
        targets[position] = statement.range
      }
    }
  }

  private mutating func parse(_ text: String, range: Range<Int>, path: String, knownIDs: Set<String>) {
    let scope: SuppressionComment.Scope
    var body: Substring
    if text.hasPrefix("cslint-disable-next-statement") {
      scope = .nextStatement
      body = text.dropFirst("cslint-disable-next-statement".count)
    } else if text.hasPrefix("cslint-disable") {
      scope = .rest
      body = text.dropFirst("cslint-disable".count)
    } else if text.hasPrefix("cslint-enable") {
      scope = .enable
      body = text.dropFirst("cslint-enable".count)
    } else {
      problems.append(invalid("unknown cslint directive '\(text.split(separator: " ").first ?? "")'", range, path))
      return
    }
    var reason: String?
    if let separator = body.firstRange(of: "--") {
      reason = String(body[separator.upperBound...]).trimming(" \t")
      body = body[..<separator.lowerBound]
    }
    // A former id (deprecated alias) names the renamed rule.
    let ids = body.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map {
      RuleRegistry.canonicalID(String($0))
    }
    if ids.isEmpty {
      problems.append(invalid("suppression names no rule id", range, path))
      return
    }
    let unknown = ids.filter { !knownIDs.contains($0) }
    if !unknown.isEmpty {
      let suggestions = unknown.map { id in
        let guess = Spelling.closest(to: id, in: knownIDs).map { " (did you mean '\($0)'?)" } ?? ""
        return "'\(id)'\(guess)"
      }
      problems.append(invalid("unknown rule id \(suggestions.joined(separator: ", ")) in suppression", range, path))
      return
    }
    if scope != .enable && (reason ?? "").isEmpty {
      problems.append(
        invalid("suppression needs a reason: '-- cslint-disable... \(ids.joined(separator: ", ")) -- why'", range, path)
      )
      return
    }
    comments.append(SuppressionComment(scope: scope, ruleIDs: ids, reason: reason, range: range))
  }

  /// `squawk-ignore rule-a, rule-b` (the next statement) and
  /// `squawk-ignore-file [rule ...]` (the whole file; without ids, every
  /// cslint rule that has a squawk equivalent), mapped to cslint ids.
  /// A squawk rule without a cslint equivalent is accepted silently; an id
  /// squawk does not have is an unused-suppression warning (squawk's own
  /// `unused-ignore` reports it the same way), not an invalid-suppression error.
  private mutating func parseSquawk(_ text: String, range: Range<Int>, path: String, knownIDs: Set<String>) {
    let scope: SuppressionComment.Scope
    let body: Substring
    if text.hasPrefix("squawk-ignore-file") {
      scope = .file
      body = text.dropFirst("squawk-ignore-file".count)
    } else if text.hasPrefix("squawk-ignore") {
      scope = .nextStatement
      body = text.dropFirst("squawk-ignore".count)
    } else {
      return
    }
    // `squawk-ignore-filex`, `squawk-ignored`: not a directive.
    if let first = body.first, first != " " && first != "\t" && first != "," { return }
    let ids = body.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
    var mapped: [String] = []
    if ids.isEmpty {
      // squawk: a bare `squawk-ignore-file` ignores every rule; a bare `squawk-ignore` ignores nothing.
      guard scope == .file else { return }
      mapped = ForeignRuleIDs.allSquawkTargets(registered: knownIDs)
    }
    for id in ids {
      guard let targets = ForeignRuleIDs.cslintIDs(forSquawk: id, registered: knownIDs) else {
        let guess = Spelling.closest(to: id, in: ForeignRuleIDs.squawk.map(\.id)).map { " (did you mean '\($0)'?)" }
        problems.append(
          Diagnostic(
            ruleID: "unused-suppression", severity: .warning, path: path, range: range,
            message: "squawk has no rule '\(id)'\(guess ?? ""): this squawk-ignore silences nothing for it"))
        continue
      }
      mapped += targets.filter { !mapped.contains($0) }
    }
    guard !mapped.isEmpty else { return }
    comments.append(
      SuppressionComment(scope: scope, ruleIDs: mapped, reason: "squawk-ignore", range: range, isForeign: true))
  }

  private func invalid(_ message: String, _ range: Range<Int>, _ path: String) -> Diagnostic {
    Diagnostic(ruleID: "invalid-suppression", severity: .error, path: path, range: range, message: message)
  }

  /// True (and records the use) when a comment covers the diagnostic.
  mutating func suppresses(_ diagnostic: Diagnostic) -> Bool {
    for (position, comment) in comments.enumerated() where comment.ruleIDs.contains(diagnostic.ruleID) {
      switch comment.scope {
      case .nextStatement:
        if let target = targets[position], target.contains(diagnostic.range.lowerBound) {
          used.insert(position)
          return true
        }
      case .rest:
        guard diagnostic.range.lowerBound >= comment.range.upperBound else { continue }
        let enabledAgain = comments.contains { other in
          other.scope == .enable && other.ruleIDs.contains(diagnostic.ruleID)
            && other.range.lowerBound > comment.range.upperBound
            && other.range.lowerBound <= diagnostic.range.lowerBound
        }
        if !enabledAgain {
          used.insert(position)
          return true
        }
      case .file:
        used.insert(position)
        return true
      case .enable:
        continue
      }
    }
    return false
  }

  /// `unused-suppression` diagnostics for comments that silenced nothing.
  func unused(path: String) -> [Diagnostic] {
    comments.enumerated().compactMap { position, comment in
      guard comment.scope != .enable, !comment.isForeign, !used.contains(position) else { return nil }
      return Diagnostic(
        ruleID: "unused-suppression", severity: .warning, path: path, range: comment.range,
        message: "suppression of \(comment.ruleIDs.joined(separator: ", ")) matches no finding; remove it")
    }
  }
}

/// "Did you mean" suggestions by edit distance.
public enum Spelling {
  public static func closest(to word: String, in candidates: some Sequence<String>, maximumDistance: Int = 3) -> String?
  {
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(word, candidate)
      if distance <= maximumDistance, best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0)
      {
        best = (candidate, distance)
      }
    }
    return best?.0
  }

  public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs.utf8)
    let b = Array(rhs.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
