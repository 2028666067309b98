// "Coming from squawk, eugene, Atlas or strong_migrations": the rule index's
// table of other linters' ids, from `ForeignRuleIDs` (squawk) and the rules'
// `elsewhere:` metadata (the others), so it cannot drift from either.
extension RuleDocumentation {
  /// The tools whose ids the second table lists, as `elsewhere:` spells them.
  static let otherTools = ["eugene", "Atlas", "atlas", "strong_migrations"]

  static func foreignIndex(_ descriptions: [RuleDescription]) -> String {
    let registered = Set(descriptions.map(\.id))
    var text = """

      ## Coming from squawk, eugene, Atlas or strong_migrations

      cslint reads squawk's suppression comments: `-- squawk-ignore rule-a, rule-b` silences the \
      cslint rules below for the next statement, `-- squawk-ignore-file rule` for the whole file (a \
      bare `-- squawk-ignore-file` silences every rule in this table). A squawk rule with no cslint \
      equivalent is accepted and ignored. Where one squawk id maps to two cslint rules, its comment \
      silences both; where several squawk ids map to one rule, any of them silences it.

      | squawk | cslint | Note |
      | --- | --- | --- |

      """
    for rule in ForeignRuleIDs.squawk.sorted(by: { $0.id < $1.id }) {
      let targets = rule.cslint.filter(registered.contains)
      let cslint = targets.isEmpty ? "—" : targets.map { "[`\($0)`](\($0).md)" }.joined(separator: ", ")
      let note = targets.isEmpty ? "no equivalent" : (rule.note ?? "")
      text += "| " + ["`\(rule.id)`", cslint, note].map { tableCell($0) }.joined(separator: " | ") + " |\n"
    }
    var others: [String: [String]] = [:]
    for description in descriptions {
      for entry in description.elsewhere {
        guard let colon = entry.firstIndex(of: ":") else { continue }
        let tool = String(entry[..<colon])
        guard otherTools.contains(tool) else { continue }
        let id = String(entry[entry.index(after: colon)...]).trimming(" ")
        let key = "\(tool == "atlas" ? "Atlas" : tool)\u{0}\(id)"
        if others[key]?.contains(description.id) != true { others[key, default: []].append(description.id) }
      }
    }
    guard !others.isEmpty else { return text }
    text += "\n| Tool | Check | cslint |\n| --- | --- | --- |\n"
    for key in others.keys.sorted() {
      let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
      let rules = (others[key] ?? []).map { "[`\($0)`](\($0).md)" }.joined(separator: ", ")
      text +=
        "| " + [parts[0], parts.count > 1 ? parts[1] : "", rules].map { tableCell($0) }.joined(separator: " | ")
        + " |\n"
    }
    return text
  }
}

// "Coming from Supabase's database linter": every splinter lint and the
// cslint rule that catches it in a migration, from `SplinterLints`.
extension RuleDocumentation {
  static func splinterIndex(_ descriptions: [RuleDescription]) -> String {
    let registered = Set(descriptions.map(\.id))
    var text = """

      ## Coming from Supabase's database linter (splinter)

      splinter, behind the Supabase dashboard's Security and Performance Advisors, queries a live \
      database, so it reports a problem once it is deployed. cslint reports the same problems in the \
      migration, at review time, where a migration can show them; the rest can only be judged on a \
      live database.

      | splinter lint | Level | cslint | Note |
      | --- | --- | --- | --- |

      """
    for lint in SplinterLints.all {
      let targets = lint.cslint.filter(registered.contains)
      let cslint = targets.isEmpty ? "—" : targets.map { "[`\($0)`](\($0).md)" }.joined(separator: ", ")
      let note = lint.note ?? (targets.isEmpty ? "no rule yet" : "")
      text +=
        "| "
        + ["\(lint.number) `\(lint.name)`", lint.level, cslint, note].map { tableCell($0) }.joined(separator: " | ")
        + " |\n"
    }
    return text
  }
}
