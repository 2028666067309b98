extension Configuration {
  /// The effective configuration as YAML, for `cslint config`. The text is
  /// itself a valid `.cslint.yml` that reads back to the same configuration.
  ///
  /// When `ruleDescriptions` is given, every rule is listed with its effective
  /// level (configured, or the rule's default); otherwise only configured rules.
  public func effectiveDescription(ruleDescriptions: [RuleDescription] = []) -> String {
    var lines: [String] = []
    lines.append("# cslint effective configuration")
    lines.append(
      "# source: \(path.map { YAMLEmitter.commentSafe($0) } ?? "built-in defaults (no \(Configuration.fileName) found)")"
    )
    lines.append(contentsOf: YAMLEmitter.list("migrations", migrations))
    lines.append(contentsOf: YAMLEmitter.list("include", include.map(\.pattern)))
    lines.append(contentsOf: YAMLEmitter.list("exclude", exclude.map(\.pattern)))
    lines.append("postgres_version: \(postgresVersion)")
    lines.append("runner: \(runner.rawValue)")
    lines.append(contentsOf: ruleLines(ruleDescriptions))
    lines.append(contentsOf: YAMLEmitter.list("exposed_schemas", exposedSchemas))
    lines.append("ledger: \(YAMLEmitter.scalar(ledger))")
    lines.append("fail_on: \(failOn.rawValue)")
    if let baseline { lines.append("baseline: \(YAMLEmitter.scalar(baseline))") }
    if !ignoredPaths.isEmpty || !ignoredTables.isEmpty {
      lines.append("ignore:")
      if !ignoredPaths.isEmpty {
        lines.append(contentsOf: YAMLEmitter.list("paths", ignoredPaths.map(\.pattern)).map { "  " + $0 })
      }
      if !ignoredTables.isEmpty {
        lines.append("  tables:")
        for id in ignoredTables.keys.sorted() {
          let patterns = ignoredTables[id]?.map(\.pattern) ?? []
          lines.append(contentsOf: YAMLEmitter.list(YAMLEmitter.scalar(id), patterns).map { "    " + $0 })
        }
      }
    }
    lines.append("cache: \(cache)")
    if let cacheDirectory { lines.append("cache_dir: \(YAMLEmitter.scalar(cacheDirectory))") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `rules:`: a level per rule, or a map with `severity` and the options.
  /// Rules with declared options show every one, configured or default
  /// (`# default` marks the latter), so `cslint config` documents them.
  private func ruleLines(_ descriptions: [RuleDescription]) -> [String] {
    var settings = rules
    var declared: [String: [RuleOption]] = [:]
    for description in descriptions {
      declared[description.id] = description.options
      if settings[description.id] == nil {
        settings[description.id] = RuleSetting(level: RuleLevel(rawValue: description.defaultSeverity.rawValue))
      }
    }
    guard !settings.isEmpty else { return ["rules: {}"] }
    var lines = ["rules:"]
    for id in settings.keys.sorted() {
      guard let setting = settings[id] else { continue }
      let key = YAMLEmitter.scalar(id)
      let options = declared[id] ?? []
      if setting.options.isEmpty && options.isEmpty {
        lines.append("  \(key): \(setting.level?.rawValue ?? "{}")")
        continue
      }
      lines.append("  \(key):")
      if let level = setting.level { lines.append("    severity: \(level.rawValue)") }
      for option in options {
        let value = setting.options[option.name]
        lines.append("    \(option.name): \(value ?? option.defaultValue)\(value == nil ? "  # default" : "")")
      }
      // Options the descriptions do not declare (none after validation).
      for name in setting.options.keys.sorted() where !options.contains(where: { $0.name == name }) {
        guard let value = setting.options[name] else { continue }
        lines.append("    \(YAMLEmitter.scalar(name)): \(value)")
      }
    }
    return lines
  }
}

/// Writes YAML that `YAMLReader` reads back unchanged: block style, scalars
/// quoted whenever a plain scalar could be misread.
enum YAMLEmitter {
  static func list(_ key: String, _ values: [String]) -> [String] {
    if values.isEmpty { return ["\(key): []"] }
    return ["\(key):"] + values.map { "  - \(scalar($0))" }
  }

  static func entry(_ key: String, _ value: YAMLNode, indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    switch value.content {
    case .null: return ["\(pad)\(scalar(key)):"]
    case .scalar(let text, _): return ["\(pad)\(scalar(key)): \(scalar(text))"]
    case .list(let items) where items.isEmpty: return ["\(pad)\(scalar(key)): []"]
    case .map(let entries) where entries.isEmpty: return ["\(pad)\(scalar(key)): {}"]
    default: return ["\(pad)\(scalar(key)):"] + block(value, indent: indent + 2)
    }
  }

  static func block(_ node: YAMLNode, indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    switch node.content {
    case .null: return ["\(pad)~"]
    case .scalar(let text, _): return ["\(pad)\(scalar(text))"]
    case .list(let items):
      return items.flatMap { item -> [String] in
        switch item.content {
        case .null: return ["\(pad)-"]
        case .scalar(let text, _): return ["\(pad)- \(scalar(text))"]
        case .list(let inner) where inner.isEmpty: return ["\(pad)- []"]
        case .map(let inner) where inner.isEmpty: return ["\(pad)- {}"]
        default: return ["\(pad)-"] + block(item, indent: indent + 2)
        }
      }
    case .map(let entries):
      return entries.flatMap { entry($0.key, $0.value, indent: indent) }
    }
  }

  /// `text` as a scalar: plain when unambiguous, else single- or double-quoted.
  static func scalar(_ text: String) -> String {
    if isPlainSafe(text) { return text }
    let hasControl = text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    if !hasControl { return "'" + text.replacingAll("'", with: "''") + "'" }
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  static func isPlainSafe(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
    if "-?:,[]{}#&*!|>'\"%@` \t".unicodeScalars.contains(first) { return false }
    if last == " " || last == "\t" || last == ":" { return false }
    if text == "~" || text == "null" { return false }
    if text.contains(": ") || text.contains(" #") || text.contains("\t#") { return false }
    return !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || ",[]{}".unicodeScalars.contains($0) }
  }

  /// A path inside a `#` comment must not break the line.
  static func commentSafe(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 ? "?" : $0 }))
  }
}
