/// One top-level statement (or psql meta-command line) of a file.
public struct StatementSpan: Sendable, Equatable {
  /// PostgreSQL's range: first byte of the first token up to just before the
  /// terminating `;`, trailing whitespace trimmed.
  public var range: Range<Int>
  /// Indices into the token array (comments included) covered by the statement.
  public var tokens: Range<Int>
  /// True for a psql meta-command line such as `\set x 1`.
  public var isMetaCommand: Bool
  /// Offset of the terminating `;`, if any.
  public var semicolon: Int?

  public init(range: Range<Int>, tokens: Range<Int>, isMetaCommand: Bool, semicolon: Int?) {
    self.range = range
    self.tokens = tokens
    self.isMetaCommand = isMetaCommand
    self.semicolon = semicolon
  }
}

/// Splits a token stream into statements (placeholder; being written).
public enum StatementSplitter {
  public static func split(tokens: [Token], bytes: [UInt8]) -> [StatementSpan] { [] }
}
