/// The type of a rule option, which decides what `.cslint.yml` accepts for it.
public enum RuleOptionType: Sendable, Equatable {
  /// `true` or `false`, unquoted.
  case bool
  /// A whole number, unquoted (`-3`, `0`, `1000`).
  case int
  /// Any scalar.
  case string
  /// A list of strings; a single string counts as a one-item list.
  case strings
  /// One of a fixed set of words.
  case oneOf([String])

  /// For docs and error messages: "true or false", "one of: a, b".
  public var description: String {
    switch self {
    case .bool: return "true or false"
    case .int: return "an integer"
    case .string: return "a string"
    case .strings: return "a list of strings"
    case .oneOf(let choices): return "one of: \(choices.joined(separator: ", "))"
    }
  }

  /// Whether `value` is a value of this type.
  public func accepts(_ value: RuleOptionValue) -> Bool {
    switch (self, value) {
    case (.bool, .bool), (.int, .int), (.string, .string), (.strings, .strings): return true
    case (.oneOf(let choices), .string(let text)): return choices.contains(text)
    default: return false
    }
  }
}

/// A typed option value. Literals make examples short:
/// `options: ["require_guards": false, "ignored_tables": ["audit_log"]]`.
public enum RuleOptionValue: Sendable, Equatable, CustomStringConvertible {
  case bool(Bool)
  case int(Int)
  /// Also the value of a `.oneOf` option.
  case string(String)
  case strings([String])

  /// The value as YAML, the way `.cslint.yml` spells it (`[a, b]`, `true`).
  public var description: String {
    switch self {
    case .bool(let value): return value ? "true" : "false"
    case .int(let value): return String(value)
    case .string(let value): return YAMLEmitter.scalar(value)
    case .strings(let values): return "[" + values.map(YAMLEmitter.scalar).joined(separator: ", ") + "]"
    }
  }
}

extension RuleOptionValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
  ExpressibleByArrayLiteral
{
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(arrayLiteral elements: String...) { self = .strings(elements) }
}

/// One option a rule declares in its `RuleDescription`: the key users write
/// under the rule in `.cslint.yml`, its type, default and documentation.
public struct RuleOption: Sendable, Equatable {
  /// snake_case, like the other `.cslint.yml` keys. Public API: never rename.
  public var name: String
  public var type: RuleOptionType
  /// Used when the configuration does not set the option; must be of `type`.
  public var defaultValue: RuleOptionValue
  /// What the option changes, one or two sentences (rendered on the rule page).
  public var documentation: String

  public init(_ name: String, type: RuleOptionType, default defaultValue: RuleOptionValue, documentation: String) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.documentation = documentation
  }
}

/// The options of one rule for one run: values set in `.cslint.yml` (already
/// validated against the rule's declarations), defaults for the rest.
///
/// Read with the typed accessors, passing the declaration:
/// `context.options(for: self).bool(Self.requireGuards)`.
public struct RuleOptions: Sendable, Equatable {
  /// Configured values by option name; options not here take their default.
  public var values: [String: RuleOptionValue]

  public init(_ values: [String: RuleOptionValue] = [:]) {
    self.values = values
  }

  /// No option configured: every option at its default.
  public static let defaults = RuleOptions()

  /// The configured value, else the declared default.
  public func value(_ option: RuleOption) -> RuleOptionValue {
    guard let value = values[option.name], option.type.accepts(value) else { return option.defaultValue }
    return value
  }

  public func bool(_ option: RuleOption) -> Bool {
    if case .bool(let value) = value(option) { return value }
    return false
  }

  public func int(_ option: RuleOption) -> Int {
    if case .int(let value) = value(option) { return value }
    return 0
  }

  /// A `.string` or `.oneOf` option.
  public func string(_ option: RuleOption) -> String {
    if case .string(let value) = value(option) { return value }
    return ""
  }

  public func strings(_ option: RuleOption) -> [String] {
    if case .strings(let values) = value(option) { return values }
    return []
  }
}
