/// How a scalar was written. Kept so that configuration validation can insist
/// on an unquoted number (`postgres_version: 15`) while accepting any string.
public enum YAMLScalarStyle: String, Sendable, Equatable {
  case plain
  case singleQuoted
  case doubleQuoted
}

/// One key and its value in a YAML mapping.
public struct YAMLMapEntry: Sendable, Equatable {
  public var key: String
  /// 1-based position of the key's first character (the quote, if quoted).
  public var keyLine: Int
  public var keyColumn: Int
  public var value: YAMLNode

  public init(key: String, keyLine: Int, keyColumn: Int, value: YAMLNode) {
    self.key = key
    self.keyLine = keyLine
    self.keyColumn = keyColumn
    self.value = value
  }
}

/// A node of the YAML subset cslint reads, with the position it starts at.
///
/// Scalars stay text: `off`, `15` and `true` are not converted, because YAML
/// 1.1's implicit typing (`off` → false) is exactly what a config reader
/// should not guess. The configuration layer interprets each value by key.
public struct YAMLNode: Sendable, Equatable {
  public enum Content: Sendable, Equatable {
    /// An empty value (`key:` with nothing after it) or an empty document.
    case null
    case scalar(String, YAMLScalarStyle)
    case list([YAMLNode])
    /// Entries in document order; keys are unique.
    case map([YAMLMapEntry])
  }

  public var content: Content
  /// 1-based line of the node's first character.
  public var line: Int
  /// 1-based column (Unicode scalars) of the node's first character.
  public var column: Int

  public init(_ content: Content, line: Int, column: Int) {
    self.content = content
    self.line = line
    self.column = column
  }

  /// The scalar's text, or nil when the node is not a scalar.
  public var scalar: String? {
    if case .scalar(let text, _) = content { return text }
    return nil
  }

  /// The list items, or nil when the node is not a list.
  public var list: [YAMLNode]? {
    if case .list(let items) = content { return items }
    return nil
  }

  /// The map entries, or nil when the node is not a map.
  public var entries: [YAMLMapEntry]? {
    if case .map(let entries) = content { return entries }
    return nil
  }

  /// True for an empty value and for the plain scalars `~` and `null`.
  public var isNull: Bool {
    switch content {
    case .null: return true
    case .scalar(let text, .plain): return text == "~" || text == "null"
    default: return false
    }
  }

  /// The value for `key` when this node is a map.
  public subscript(key: String) -> YAMLNode? {
    entries?.first { $0.key == key }?.value
  }

  /// A short noun for error messages ("a list", "a map", ...).
  public var kindDescription: String {
    switch content {
    case .null: return "an empty value"
    case .scalar: return "a scalar"
    case .list: return "a list"
    case .map: return "a map"
    }
  }
}
