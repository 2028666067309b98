/// Reads the strict YAML subset used by `.cslint.yml`.
///
/// Supported: block maps, block lists (also `- key: value` compact items and
/// a list written at its key's indentation), one-line flow lists `[a, b]` and
/// flow maps `{a: b}`, plain / single-quoted / double-quoted scalars, comments,
/// empty values, and one leading `---`.
///
/// Rejected with a positioned error, because a config reader that half-understands
/// them would silently do the wrong thing: anchors, aliases, tags, block scalars
/// (`|`, `>`), multi-line scalars and flow collections, directives, a second
/// document, tabs used for indentation, duplicate keys, and bad indentation.
public enum YAMLReader {
  /// Parses `text`; `path` is only used in error messages.
  public static func parse(_ text: String, path: String) throws -> YAMLNode {
    try parse(bytes: Array(text.utf8), path: path)
  }

  /// Parses UTF-8 `bytes`; an empty document gives a `.null` node at 1:1.
  public static func parse(bytes: [UInt8], path: String) throws -> YAMLNode {
    var parser = try YAMLParser(bytes: bytes, path: path)
    return try parser.parseDocument()
  }
}
