import PostgresSyntax

extension RuleDocumentation {
  /// `sql` without the `↓` markers that tests use to mark positions.
  public static func removingMarkers(_ sql: String) -> String { sql.replacing("↓", with: "") }

  /// The names in `existing` (a folder listing) that are pages of rules
  /// that no longer exist: `<kebab-case>.md` files not among `generated`.
  /// Other files are never reported, so pointing `--markdown` at a folder
  /// with other content deletes nothing else.
  public static func staleFiles(among existing: [String], generated: [File]) -> [String] {
    let expected = Set(generated.map(\.name))
    return existing.filter { name in
      guard name.hasSuffix(".md"), !expected.contains(name) else { return false }
      let stem = name.dropLast(3)
      return !stem.isEmpty && !stem.hasPrefix("-")
        && stem.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }.sorted()
  }

  /// "yes (safe)", "sometimes (suggestion)", "no": for the index and `cslint rules`.
  public static func fixable(_ rule: RuleDescription) -> String {
    let when: String
    switch rule.fixAvailability {
    case .none: return "no"
    case .always: when = "yes"
    case .sometimes: when = "sometimes"
    }
    let kinds = fixKinds(rule).map(\.rawValue)
    return kinds.isEmpty ? when : "\(when) (\(kinds.joined(separator: ", ")))"
  }

  /// The kinds of fix (safe, suggestion) the rule's fix examples produce,
  /// found by running them: the metadata cannot claim one kind while the
  /// rule emits another.
  public static func fixKinds(_ rule: RuleDescription) -> [FixApplicability] {
    guard rule.fixAvailability != .none, RuleRegistry.all.contains(where: { $0.description.id == rule.id }) else {
      return []
    }
    var kinds: Set<FixApplicability> = []
    for example in rule.fixes {
      let linter = Linter(
        rules: RuleRegistry.statementRules, settings: example.context.settings(ruleID: rule.id),
        selection: RuleSelection(only: [rule.id]))
      let history = example.previousMigrations.enumerated().map { index, sql in
        SourceFile(path: "supabase/migrations/\(20_240_101_000_000 + index)_prev\(index).sql", text: sql)
      }
      let file = SourceFile(path: "supabase/migrations/20250101000000_example.sql", text: example.before)
      for result in linter.lint(files: [file], history: history) {
        for diagnostic in result.diagnostics where diagnostic.ruleID == rule.id {
          kinds.formUnion(diagnostic.fixes.map(\.applicability))
        }
      }
    }
    return [FixApplicability.safe, .suggestion].filter { kinds.contains($0) }
  }

  /// A triggering example with a suppression comment before its first
  /// flagged statement.
  static func suppressedExample(_ rule: RuleDescription) -> String {
    let comment = "-- cslint-disable-next-statement \(rule.id) -- why it is safe here\n"
    guard let example = rule.triggering.first else { return comment + "..." }
    let bytes = Array(example.sql.utf8)
    let marker = Array("↓".utf8)
    guard let markerOffset = (0..<bytes.count).first(where: { bytes[$0...].starts(with: marker) }) else {
      return comment + removingMarkers(example.sql)
    }
    let scanned = ScannedFile(source: SourceFile(path: "example.sql", bytes: bytes))
    let statement = scanned.statements.first { $0.range.contains(markerOffset) }
    let start = statement?.range.lowerBound ?? 0
    let text =
      String(decoding: bytes[..<start], as: UTF8.self) + comment + String(decoding: bytes[start...], as: UTF8.self)
    return removingMarkers(text)
  }

  static func exampleBlock(_ example: RuleExample) -> String {
    let context = pinned(example.context, lead: "", trail: ":\n\n")
    return context.prefix(1).uppercased() + context.dropFirst() + exampleCode(example)
  }

  /// "with `postgres_version: 13`, `runner: none`, option `require_guards: false`"
  /// between `lead` and `trail`, or "" when the example pins nothing.
  static func pinned(_ context: ExampleContext, lead: String, trail: String) -> String {
    guard !context.isDefault else { return "" }
    var parts: [String] = []
    if let version = context.postgresVersion { parts.append("`postgres_version: \(version)`") }
    if let runner = context.runner { parts.append("`runner: \(runner.rawValue)`") }
    let options = context.options.keys.sorted().compactMap { name in
      context.options[name].map { "`\(name): \($0)`" }
    }
    if !options.isEmpty {
      parts.append((options.count == 1 ? "option " : "options ") + options.joined(separator: ", "))
    }
    return lead + "with " + parts.joined(separator: ", ") + trail
  }

  /// A value other than the default, for the page's configuration snippet.
  static func sampleValue(_ option: RuleOption) -> RuleOptionValue {
    switch (option.type, option.defaultValue) {
    case (.bool, .bool(let value)): return .bool(!value)
    case (.int, .int(let value)): return .int(value + 1)
    case (.strings, .strings(let values)): return values.isEmpty ? .strings(["example"]) : .strings(values)
    case (.oneOf(let choices), .string(let value)): return .string(choices.first { $0 != value } ?? value)
    default: return option.defaultValue
    }
  }

  static func exampleCode(_ example: RuleExample) -> String {
    var sql = ""
    if !example.previousMigrations.isEmpty {
      sql +=
        "-- Earlier migrations:\n" + example.previousMigrations.joined(separator: "\n") + "\n\n-- This migration:\n"
    }
    sql += removingMarkers(example.sql)
    return codeBlock(sql)
  }

  /// A fenced SQL (or other) block whose fence is longer than any run of
  /// backticks inside it.
  static func codeBlock(_ code: String, language: String = "sql") -> String {
    var longest = 0
    var run = 0
    for character in code {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    let body = code.hasSuffix("\n") ? code : code + "\n"
    return "\(fence)\(language)\n\(body)\(fence)\n"
  }

  /// Text safe inside a Markdown table cell.
  static func tableCell(_ text: String) -> String {
    text.replacing("|", with: "\\|").replacing("\n", with: " ")
  }

  /// The summary as a sentence, with one final period.
  static func sentence(_ summary: String) -> String { shortSummary(summary) + "." }

  /// The summary without a final period, for tables and lists (rules
  /// differ in whether they end it with one).
  public static func shortSummary(_ summary: String) -> String {
    summary.hasSuffix(".") ? String(summary.dropLast()) : summary
  }
}
