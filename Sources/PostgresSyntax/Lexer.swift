/// PostgreSQL lexer (placeholder; being written).
public enum Lexer {
  public struct Result: Sendable {
    public var tokens: [Token]
    public var errors: [LexError]
  }

  public static func tokenize(_ bytes: [UInt8]) -> Result {
    Result(tokens: [], errors: [])
  }
}
