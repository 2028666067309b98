/// A problem in a configuration file, with the position it was found at.
///
/// Thrown by the YAML reader (syntax) and by configuration validation
/// (unknown keys, wrong types). The front end prints `description` and exits 2.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The configuration file's path as given.
  public var path: String
  /// 1-based line; 0 when the problem has no position (e.g. the file is unreadable).
  public var line: Int
  /// 1-based column in Unicode scalars; 0 when there is no position.
  public var column: Int
  /// What is wrong, lowercase, no trailing period.
  public var message: String

  public init(path: String, line: Int, column: Int, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  /// An error pointing at a YAML node (e.g. a bad value in a rule's options).
  public init(path: String, node: YAMLNode, message: String) {
    self.init(path: path, line: node.line, column: node.column, message: message)
  }

  /// `path:line:column: message`, the format editors and terminals link.
  public var description: String {
    line > 0 ? "\(path):\(line):\(column): \(message)" : "\(path): \(message)"
  }
}
