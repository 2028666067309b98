import PostgresSyntax

/// Renders the rule reference (`Rules/README.md` and `Rules/<id>.md`) from
/// the rules' own metadata, so docs, tests and `cslint rule ID` never drift.
///
/// Output is deterministic (registry order, no dates): a test compares it
/// with the committed `Rules/` folder.
public enum RuleDocumentation {
  /// The command that regenerates the folder; named in every page and in
  /// the test that fails when the folder is stale.
  public static let regenerateCommand = "swift run cslint rules --markdown Rules/"

  /// One generated file: a name inside the output folder and its contents.
  public struct File: Sendable, Equatable {
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
      self.name = name
      self.contents = contents
    }
  }

  /// Every file of the reference: `README.md` first, then one page per rule.
  /// A renamed rule keeps a short page under each former id, so old links still lead somewhere.
  public static func files(for descriptions: [RuleDescription] = RuleRegistry.descriptions) -> [File] {
    [File(name: "README.md", contents: index(descriptions))]
      + descriptions.map { File(name: "\($0.id).md", contents: page($0)) }
      + descriptions.flatMap { rule in
        rule.formerIDs.map { File(name: "\($0).md", contents: formerIDPage($0, renamedTo: rule)) }
      }
  }

  /// The page of a former id: deprecated, still accepted, and where the rule is now.
  public static func formerIDPage(_ former: String, renamedTo rule: RuleDescription) -> String {
    """
    # \(former)

    \(notice)

    **Deprecated:** `\(former)` is the former id of [`\(rule.id)`](\(rule.id).md). \
    \(sentence(rule.summary))

    The old id is still accepted wherever a rule id is written, and means `\(rule.id)`: under \
    `rules:` in `.cslint.yml`, in `--rule` / `--ignore`, and in suppression comments \
    (`-- cslint-disable-next-statement \(former) -- reason`). Findings are reported under \
    `\(rule.id)`; rename the id where you use it, since a later release may drop the alias.

    [All rules](README.md)

    """
  }

  /// `Rules/README.md`: one table per category, rules in registry order.
  public static func index(_ descriptions: [RuleDescription]) -> String {
    var text = """
      # Rules

      \(notice)

      Every rule has a stable id (use it in `.cslint.yml`, `--rule`, `--ignore` and suppression \
      comments), a category and a default severity. *Fixable* says whether `cslint fix` can rewrite \
      the statement: **safe** fixes are applied by `cslint fix`, **suggestions** only with \
      `cslint fix --unsafe-fixes`.

      """
    for category in RuleCategory.allCases {
      let rules = descriptions.filter { $0.category == category }
      guard !rules.isEmpty else { continue }
      text += "\n## \(category.rawValue.prefix(1).uppercased() + category.rawValue.dropFirst())\n\n"
      text += "| Rule | Default severity | Fixable | Summary |\n"
      text += "| --- | --- | --- | --- |\n"
      for rule in rules {
        let cells = [
          "[`\(rule.id)`](\(rule.id).md)", severityCell(rule), fixable(rule), shortSummary(rule.summary),
        ]
        let row = cells.map { tableCell($0) }.joined(separator: " | ")
        text += "| \(row) |\n"
      }
    }
    return text + optionsIndex(descriptions) + foreignIndex(descriptions) + splinterIndex(descriptions)
  }

  /// Every rule option, for `docs/configuration.md` to link to.
  static func optionsIndex(_ descriptions: [RuleDescription]) -> String {
    let rules = descriptions.filter { !$0.options.isEmpty }
    guard !rules.isEmpty else { return "" }
    var text = "\n## Rule options\n\nSet under the rule id in `.cslint.yml` (see each rule's *Configuration*):\n\n"
    text += "| Rule | Option | Type | Default |\n| --- | --- | --- | --- |\n"
    for rule in rules {
      for option in rule.options {
        let cells = [
          "[`\(rule.id)`](\(rule.id).md)", "`\(option.name)`", option.type.description, "`\(option.defaultValue)`",
        ]
        text += "| " + cells.map { tableCell($0) }.joined(separator: " | ") + " |\n"
      }
    }
    return text
  }

  /// `Rules/<id>.md`, sections in the order DESIGN.md ("Rule pages") fixes.
  public static func page(_ rule: RuleDescription) -> String {
    let sections = [
      header(rule), whatItDoes(rule), whyIsThisBad(rule), example(rule), useInstead(rule), fix(rule),
      postgresVersions(rule), configuration(rule), suppressing(rule), elsewhere(rule),
    ]
    return sections.joined(separator: "\n") + "\n[All rules](README.md)\n"
  }

  static let notice = "<!-- Generated from the rules' metadata by `\(regenerateCommand)`. Do not edit. -->"

  private static func header(_ rule: RuleDescription) -> String {
    """
    # \(rule.id)

    \(notice)

    \(sentence(rule.summary))

    - **Category:** \(rule.category.rawValue)
    - **Default severity:** \(rule.defaultSeverity.rawValue)\(enablementLine(rule))
    - **Lock taken:** \(rule.lock.map { "`\($0)`" } ?? "none")
    - **Fix:** \(fixable(rule))\(formerIDsLine(rule))

    """
  }

  /// The header line naming a renamed rule's former ids ("" for the rest).
  private static func formerIDsLine(_ rule: RuleDescription) -> String {
    guard !rule.formerIDs.isEmpty else { return "" }
    let ids = rule.formerIDs.map { "[`\($0)`](\($0).md)" }.joined(separator: ", ")
    return "\n- **Former id:** \(ids) (deprecated, still accepted in `.cslint.yml`, `--rule` and suppressions)"
  }

  private static func whatItDoes(_ rule: RuleDescription) -> String {
    var text = "## What it does\n\n\(sentence(rule.summary)) \(categoryMeaning(rule.category))\n"
    if rule.category == .meta {
      text += "\nThe linter itself reports it while reading the file, whatever the statements do.\n"
    }
    return text
  }

  /// What a rule of each category protects against.
  static func categoryMeaning(_ category: RuleCategory) -> String {
    switch category {
    case .locking:
      return "A locking rule: the statement holds a lock that blocks other sessions for longer than it must."
    case .compatibility:
      return "A compatibility rule: the statement fails, or does something else, on the database it is deployed to."
    case .idempotency:
      return "An idempotency rule: the migration fails when run again, or after a partial failure."
    case .types:
      return "A types rule: the column type or conversion causes a rewrite, a failure or a surprise later."
    case .security:
      return "A security rule: the statement exposes data or privileges to roles that should not have them."
    case .performance:
      return "A performance rule: the statement makes queries or the migration itself slower than necessary."
    case .history:
      return "A history rule: it checks the migration files as a set, against what has already been applied."
    case .meta:
      return "A meta rule: it is about the file or cslint's own comments, not about what the SQL does."
    }
  }

  private static func whyIsThisBad(_ rule: RuleDescription) -> String {
    var text = "## Why is this bad?\n\n\(rule.rationale)\n"
    if let lock = rule.lock {
      text += "\nLock taken by the flagged statement: `\(lock)`.\n"
    }
    return text
  }

  private static func example(_ rule: RuleDescription) -> String {
    var text = "## Example\n\n"
    if rule.triggering.isEmpty {
      text += """
        This rule looks at migration files as a whole (their names, order and history), not at \
        single SQL statements, so it has no SQL example.

        """
      return text
    }
    text += "Each of these is reported:\n\n"
    text += rule.triggering.map(exampleBlock).joined(separator: "\n")
    return text
  }

  private static func useInstead(_ rule: RuleDescription) -> String {
    var parts: [String] = []
    if let safe = rule.useInstead {
      // Rules about files (history) describe what to do in prose.
      parts.append(rule.triggering.isEmpty ? "\(safe)\n" : codeBlock(safe))
    }
    if !rule.nonTriggering.isEmpty {
      parts.append("None of these is reported:\n")
      parts += rule.nonTriggering.map(exampleBlock)
    }
    if parts.isEmpty { parts.append("See *Why is this bad?* above.\n") }
    return "## Use instead\n\n" + parts.joined(separator: "\n")
  }

  private static func fix(_ rule: RuleDescription) -> String {
    var text = "## Fix\n\n"
    guard rule.fixAvailability != .none else {
      text += "None: there is no mechanical rewrite that is always right; see *Use instead*.\n"
      if let notes = rule.fixNotes { text += "\n\(notes)\n" }
      return text
    }
    let available = rule.fixAvailability == .always ? "for every finding" : "for some findings"
    text += "- **Available:** \(available)\n"
    for kind in fixKinds(rule) {
      switch kind {
      case .safe: text += "- **Kind:** safe: `cslint fix` applies it\n"
      case .suggestion:
        text += "- **Kind:** suggestion: shown with the finding, applied only by `cslint fix --unsafe-fixes`\n"
      }
    }
    if let notes = rule.fixNotes { text += "\n\(notes)\n" }
    for fix in rule.fixes {
      text += "\nBefore\(pinned(fix.context, lead: " (", trail: ")")):\n\n" + codeBlock(fix.before)
      text += "\nAfter:\n\n" + codeBlock(fix.after)
    }
    return text
  }

  private static func postgresVersions(_ rule: RuleDescription) -> String {
    "## PostgreSQL versions\n\nApplies to: \(rule.postgresVersions).\n"
  }

  private static func configuration(_ rule: RuleDescription) -> String {
    let other: Severity = rule.defaultSeverity == .error ? .warning : .error
    var text = """
      ## Configuration

      Change the severity, or turn the rule off, in `.cslint.yml`:

      ```yaml
      rules:
        \(rule.id): \(other.rawValue)  # off | info | warning | error (default: \(rule.defaultSeverity.rawValue))
      ```

      For one run: `cslint lint --ignore \(rule.id)`; to run only this rule: `cslint lint --rule \(rule.id)`.

      """
    if rule.defaultEnablement != "yes" {
      text += """

        \(offByDefaultSentence(rule)) Giving it a severity under `rules:` \
        (`\(rule.id): \(rule.defaultSeverity.rawValue)`) or naming it with `--rule \(rule.id)` turns it on.

        """
    }
    if !rule.options.isEmpty { text += "\n" + options(rule) }
    return text
  }

  /// The index's severity cell: the severity, and where the rule is off by default.
  public static func severityCell(_ rule: RuleDescription) -> String {
    guard rule.enabledByDefault else { return "\(rule.defaultSeverity.rawValue) (off by default)" }
    guard !rule.offByDefaultFor.isEmpty else { return rule.defaultSeverity.rawValue }
    let runners = rule.offByDefaultFor.map(\.rawValue).joined(separator: ", ")
    return "\(rule.defaultSeverity.rawValue) (off by default with runner \(runners))"
  }

  /// The page header's line about a rule that is off by default ("" for the rest).
  private static func enablementLine(_ rule: RuleDescription) -> String {
    guard rule.defaultEnablement != "yes" else { return "" }
    return "\n- **Enabled by default:** \(rule.defaultEnablement)"
  }

  /// Where the rule is off by default, as a sentence.
  static func offByDefaultSentence(_ rule: RuleDescription) -> String {
    guard rule.enabledByDefault else { return "This rule is off by default." }
    let runners = rule.offByDefaultFor.map { "`\($0.rawValue)`" }.joined(separator: ", ")
    return "This rule is off by default when `runner` is \(runners)."
  }

  /// The rule's options: a table, then a `.cslint.yml` snippet setting each
  /// to something other than its default.
  private static func options(_ rule: RuleDescription) -> String {
    var text = "### Options\n\nSet them under the rule, beside `severity`:\n\n"
    text += "| Option | Type | Default | Meaning |\n| --- | --- | --- | --- |\n"
    for option in rule.options {
      let cells = [
        "`\(option.name)`", option.type.description, "`\(option.defaultValue)`", option.documentation,
      ]
      text += "| " + cells.map { tableCell($0) }.joined(separator: " | ") + " |\n"
    }
    var yaml = "rules:\n  \(rule.id):\n    severity: \(rule.defaultSeverity.rawValue)\n"
    for option in rule.options {
      yaml += "    \(option.name): \(sampleValue(option))\n"
    }
    return text + "\n" + codeBlock(yaml, language: "yaml")
  }
  /// Findings about suppression comments are added after suppressions are
  /// applied (`Linter.lintFile`), so no comment can silence them.
  static let unsuppressible: Set<String> = ["unused-suppression", "invalid-suppression"]

  private static func suppressing(_ rule: RuleDescription) -> String {
    var text = "## Suppressing\n\n"
    if unsuppressible.contains(rule.id) {
      text += """
        This finding is about a suppression comment itself, so no comment can silence it: correct or \
        remove the comment, or turn the rule off in `.cslint.yml`.

        """
      return text
    }
    if !RuleRegistry.all.contains(where: { $0.description.id == rule.id }) {
      text += """
        This rule judges migration files as a whole, not statements, so a comment inside a file cannot \
        silence it: turn it off in `.cslint.yml`, or for one run with `--ignore \(rule.id)`.

        """
      return text
    }
    text += "Silence one statement, giving the reason after a second `--` (required):\n\n"
    text += codeBlock(suppressedExample(rule))
    text += """

      or the rest of a file, until an optional `-- cslint-enable \(rule.id)`:

      """
    text += "\n" + codeBlock("-- cslint-disable \(rule.id) -- why it is safe in this file")
    return text
  }

  private static func elsewhere(_ rule: RuleDescription) -> String {
    guard !rule.elsewhere.isEmpty else { return "## Same check elsewhere\n\nNo equivalent known.\n" }
    return "## Same check elsewhere\n\n" + rule.elsewhere.map { "- \($0)\n" }.joined()
  }
}
