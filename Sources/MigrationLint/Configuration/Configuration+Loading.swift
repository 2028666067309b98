import Dispatch
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension Configuration {
  /// The top-level keys, in the order `effectiveDescription()` prints them.
  public static let knownKeys = [
    "migrations", "include", "exclude", "postgres_version", "runner", "rules", "exposed_schemas", "ledger",
    "fail_on", "baseline", "ignore", "cache", "cache_dir",
  ]

  /// Walks up from `directory` to the filesystem root and returns the path of
  /// the first `.cslint.yml` found, or nil.
  public static func find(startingAt directory: String) -> String? {
    var current = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
    let fileManager = FileManager.default
    while true {
      let candidate = current.appendingPathComponent(fileName).path
      if fileManager.fileExists(atPath: candidate) && !DirectoryListing.isDirectory(candidate) {
        return candidate
      }
      let parent = current.deletingLastPathComponent().standardizedFileURL
      if parent.path == current.path { return nil }
      current = parent
    }
  }

  /// Reads and validates the configuration file at `path`.
  ///
  /// `knownRuleIDs` are the ids of every registered rule; an id in `rules:`
  /// that is not among them is an error. Throws `ConfigurationError`.
  public static func load(path: String, knownRuleIDs: Set<String>) throws -> Configuration {
    guard DirectoryListing.exists(path) else {
      throw ConfigurationError(path: path, line: 0, column: 0, message: "configuration file not found")
    }
    guard !DirectoryListing.isDirectory(path), let data = FileManager.default.contents(atPath: path) else {
      throw ConfigurationError(path: path, line: 0, column: 0, message: "cannot read the configuration file")
    }
    return try parse(bytes: [UInt8](data), path: path, knownRuleIDs: knownRuleIDs)
  }

  /// Parses and validates configuration text; `path` is used in errors and
  /// as `Configuration.path`.
  public static func parse(_ text: String, path: String, knownRuleIDs: Set<String>) throws -> Configuration {
    try parse(bytes: Array(text.utf8), path: path, knownRuleIDs: knownRuleIDs)
  }

  /// Parses and validates configuration bytes (UTF-8). Rule options are
  /// checked against the registered rules' declarations (`RuleRegistry`).
  public static func parse(bytes: [UInt8], path: String, knownRuleIDs: Set<String>) throws -> Configuration {
    try parse(bytes: bytes, path: path, knownRuleIDs: knownRuleIDs, declaredOptions: registryOptions)
  }

  /// Parses and validates configuration text against `rules`: their ids
  /// are the known ones and their `options` the accepted options.
  public static func parse(_ text: String, path: String, rules: [RuleDescription]) throws -> Configuration {
    var declared: [String: [RuleOption]] = [:]
    for rule in rules { declared[rule.id] = rule.options }
    return try parse(
      bytes: Array(text.utf8), path: path, knownRuleIDs: Set(declared.keys), declaredOptions: declared)
  }

  /// The options every registered rule declares, by id (computed once).
  static let registryOptions: [String: [RuleOption]] = {
    var declared: [String: [RuleOption]] = [:]
    for rule in RuleRegistry.descriptions where !rule.options.isEmpty { declared[rule.id] = rule.options }
    return declared
  }()

  static func parse(
    bytes: [UInt8], path: String, knownRuleIDs: Set<String>, declaredOptions: [String: [RuleOption]]
  ) throws -> Configuration {
    let root = try YAMLReader.parse(bytes: bytes, path: path)
    let decoder = ConfigurationDecoder(path: path, knownRuleIDs: knownRuleIDs, declaredOptions: declaredOptions)
    var configuration = try decoder.decode(root)
    configuration.path = path
    return configuration
  }
}

/// Turns the YAML tree into a `Configuration`, one key at a time, with a
/// positioned error for anything it does not understand.
struct ConfigurationDecoder {
  let path: String
  let knownRuleIDs: Set<String>
  /// The options each rule declares, by rule id (none when absent).
  var declaredOptions: [String: [RuleOption]] = [:]

  func fail(_ node: YAMLNode, _ message: String) -> ConfigurationError {
    ConfigurationError(path: path, node: node, message: message)
  }

  func decode(_ root: YAMLNode) throws -> Configuration {
    var configuration = Configuration()
    if root.isNull { return configuration }
    guard let entries = root.entries else {
      throw fail(
        root, "the configuration must be a mapping of keys such as 'runner: supabase', found \(root.kindDescription)")
    }
    for entry in entries {
      let value = entry.value
      switch entry.key {
      case "migrations":
        configuration.migrations = try strings(value, key: entry.key, noun: "path")
        if configuration.migrations.isEmpty { throw fail(value, "'migrations' must list at least one path") }
      case "include": configuration.include = try globs(value, key: entry.key)
      case "exclude": configuration.exclude = try globs(value, key: entry.key)
      case "postgres_version": configuration.postgresVersion = try postgresVersion(value)
      case "runner":
        configuration.runner = try choice(value, key: entry.key)
        configuration.runnerIsExplicit = true
      case "rules": configuration.rules = try rules(value)
      case "exposed_schemas": configuration.exposedSchemas = try strings(value, key: entry.key, noun: "schema name")
      case "ledger": configuration.ledger = try string(value, key: entry.key)
      case "fail_on": configuration.failOn = try choice(value, key: entry.key)
      case "baseline": configuration.baseline = try baseline(value)
      case "ignore": try ignore(value, into: &configuration)
      case "cache":
        guard case .scalar(let text, .plain) = value.content, text == "true" || text == "false" else {
          throw fail(
            value, "'cache' must be true or false, found \(value.scalar.map { "'\($0)'" } ?? value.kindDescription)")
        }
        configuration.cache = text == "true"
      case "cache_dir": configuration.cacheDirectory = try string(value, key: entry.key)
      default:
        let hint =
          Suggestion.closest(to: entry.key, in: Configuration.knownKeys).map { "did you mean '\($0)'?" }
          ?? "valid keys: \(Configuration.knownKeys.joined(separator: ", "))"
        throw ConfigurationError(
          path: path, line: entry.keyLine, column: entry.keyColumn, message: "unknown key '\(entry.key)'; \(hint)")
      }
    }
    return configuration
  }

  /// A non-empty string scalar.
  func string(_ node: YAMLNode, key: String) throws -> String {
    if node.isNull { throw fail(node, "'\(key)' needs a value") }
    guard let text = node.scalar else { throw fail(node, "'\(key)' must be a string, found \(node.kindDescription)") }
    if text.isEmpty { throw fail(node, "'\(key)' must not be empty") }
    return text
  }

  /// A list of non-empty strings; a single string counts as a one-item list and
  /// an empty value as an empty list.
  func strings(_ node: YAMLNode, key: String, noun: String) throws -> [String] {
    try stringNodes(node, key: key, noun: noun).map(\.text)
  }

  func stringNodes(_ node: YAMLNode, key: String, noun: String) throws -> [(text: String, node: YAMLNode)] {
    if node.isNull { return [] }
    if let text = node.scalar {
      if text.isEmpty { throw fail(node, "empty \(noun) in '\(key)'") }
      return [(text, node)]
    }
    guard let items = node.list else {
      throw fail(node, "'\(key)' must be a list of \(noun)s, found \(node.kindDescription)")
    }
    return try items.map { item in
      guard let text = item.scalar else {
        throw fail(item, "each item of '\(key)' must be a \(noun), found \(item.kindDescription)")
      }
      if text.isEmpty { throw fail(item, "empty \(noun) in '\(key)'") }
      return (text, item)
    }
  }

  func globs(_ node: YAMLNode, key: String) throws -> [Glob] {
    try stringNodes(node, key: key, noun: "glob").map { text, item in
      do {
        return try Glob(text)
      } catch let error as GlobError {
        // Point into the pattern; a quoted scalar starts one column later.
        let quoted: Bool
        if case .scalar(_, .plain) = item.content { quoted = false } else { quoted = true }
        throw ConfigurationError(
          path: path, line: item.line, column: item.column + (quoted ? 1 : 0) + error.column - 1,
          message: "\(error.message) '\(text)' in '\(key)'")
      }
    }
  }

  /// A migration version such as 20240131120000 (digits, dots or
  /// underscores; Flyway's `1.2` and `1_2` alike).
  func baseline(_ node: YAMLNode) throws -> String {
    let text = try string(node, key: "baseline")
    guard MigrationVersion.parse(text) != nil else {
      throw fail(
        node, "'baseline' must be a migration version such as 20240131120000 (the file name's prefix), found '\(text)'")
    }
    return text
  }

  /// `ignore:` with `paths` (globs) and `tables` (rule id to table patterns).
  func ignore(_ node: YAMLNode, into configuration: inout Configuration) throws {
    if node.isNull { return }
    guard let entries = node.entries else {
      throw fail(node, "'ignore' must be a map with 'paths' and/or 'tables', found \(node.kindDescription)")
    }
    for entry in entries {
      switch entry.key {
      case "paths": configuration.ignoredPaths = try globs(entry.value, key: "ignore.paths")
      case "tables":
        if entry.value.isNull { continue }
        guard let rules = entry.value.entries else {
          throw fail(
            entry.value,
            "'ignore.tables' must map rule ids to table name patterns, like 'rls-disabled-in-public: [audit_*]', "
              + "found \(entry.value.kindDescription)")
        }
        for rule in rules {
          // A former id (deprecated alias) names the renamed rule, as under `rules:`.
          let alias = RuleRegistry.aliases[rule.key].flatMap { knownRuleIDs.contains($0) ? $0 : nil }
          guard let id = knownRuleIDs.contains(rule.key) ? rule.key : alias else {
            let hint =
              Suggestion.closest(to: rule.key, in: knownRuleIDs).map { "did you mean '\($0)'?" }
              ?? "run 'cslint rules' to list the rule ids"
            throw ConfigurationError(
              path: path, line: rule.keyLine, column: rule.keyColumn,
              message: "unknown rule id '\(rule.key)' in 'ignore.tables'; \(hint)")
          }
          configuration.ignoredTables[id] = try globs(rule.value, key: "ignore.tables.\(rule.key)")
        }
      default:
        let hint = Suggestion.closest(to: entry.key, in: ["paths", "tables"]).map { "did you mean '\($0)'? " } ?? ""
        throw ConfigurationError(
          path: path, line: entry.keyLine, column: entry.keyColumn,
          message: "unknown key '\(entry.key)' in 'ignore'; \(hint)expected 'paths' or 'tables'")
      }
    }
  }

  func postgresVersion(_ node: YAMLNode) throws -> Int {
    let example = "'postgres_version' must be a PostgreSQL major version such as 15"
    guard case .scalar(let text, let style) = node.content else {
      throw fail(node, "\(example), found \(node.kindDescription)")
    }
    guard style == .plain else { throw fail(node, "\(example), without quotes") }
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text.count <= 3, let version = Int(text)
    else {
      throw fail(node, "\(example), found '\(text)'")
    }
    guard (10...99).contains(version) else {
      throw fail(node, "\(example); \(version) is not a supported version (10 or later)")
    }
    return version
  }

  /// One of an enum's raw values, with a suggestion for a near miss.
  func choice<Value: RawRepresentable & CaseIterable>(_ node: YAMLNode, key: String) throws -> Value
  where Value.RawValue == String {
    let names = Value.allCases.map(\.rawValue)
    let text = try string(node, key: key)
    if let value = Value(rawValue: text) { return value }
    let suggestion = Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'? " } ?? ""
    throw fail(node, "unknown \(key) '\(text)'; \(suggestion)expected one of: \(names.joined(separator: ", "))")
  }

  func rules(_ node: YAMLNode) throws -> [String: RuleSetting] {
    if node.isNull { return [:] }
    guard let entries = node.entries else {
      throw fail(node, "'rules' must map rule ids to a level, like 'rule-id: warning', found \(node.kindDescription)")
    }
    var result: [String: RuleSetting] = [:]
    for entry in entries {
      // A former id (deprecated alias) configures the renamed rule.
      let alias = RuleRegistry.aliases[entry.key].flatMap { knownRuleIDs.contains($0) ? $0 : nil }
      guard let id = knownRuleIDs.contains(entry.key) ? entry.key : alias else {
        let hint =
          Suggestion.closest(to: entry.key, in: knownRuleIDs).map { "did you mean '\($0)'?" }
          ?? "run 'cslint rules' to list the rule ids"
        throw ConfigurationError(
          path: path, line: entry.keyLine, column: entry.keyColumn, message: "unknown rule id '\(entry.key)'; \(hint)")
      }
      guard result[id] == nil else {
        throw ConfigurationError(
          path: path, line: entry.keyLine, column: entry.keyColumn,
          message: "rule '\(id)' is configured twice ('\(entry.key)' and its other id); keep one, under '\(id)'")
      }
      result[id] = try ruleSetting(entry.value, ruleID: id)
    }
    return result
  }

  func ruleSetting(_ node: YAMLNode, ruleID: String) throws -> RuleSetting {
    let levels = RuleLevel.allCases.map(\.rawValue).joined(separator: ", ")
    if node.isNull { throw fail(node, "rule '\(ruleID)' needs a level: \(levels)") }
    if node.scalar != nil { return RuleSetting(level: try level(node, ruleID: ruleID)) }
    guard let entries = node.entries else {
      throw fail(
        node, "rule '\(ruleID)' must be a level (\(levels)) or a map of options, found \(node.kindDescription)")
    }
    var setting = RuleSetting(level: nil)
    for entry in entries {
      if entry.key == "severity" {
        setting.level = try level(entry.value, ruleID: ruleID)
      } else {
        setting.options[entry.key] = try optionValue(entry, ruleID: ruleID)
      }
    }
    return setting
  }

  func level(_ node: YAMLNode, ruleID: String) throws -> RuleLevel {
    let names = RuleLevel.allCases.map(\.rawValue)
    guard let text = node.scalar else {
      throw fail(node, "the level of rule '\(ruleID)' must be one of: \(names.joined(separator: ", "))")
    }
    if let level = RuleLevel(rawValue: text) { return level }
    let suggestion = Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'? " } ?? ""
    throw fail(
      node,
      "unknown level '\(text)' for rule '\(ruleID)'; \(suggestion)expected one of: \(names.joined(separator: ", "))"
    )
  }
}
