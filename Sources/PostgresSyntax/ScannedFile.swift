/// A file after lexing and splitting: the unit every later stage consumes.
public struct ScannedFile: Sendable {
  public let source: SourceFile
  public let tokens: [Token]
  public let errors: [LexError]
  public let statements: [StatementSpan]
  /// See `Lexer.Result.isPlainText`.
  public let isPlainText: Bool

  public init(source: SourceFile) {
    self.source = source
    let lexed = Lexer.tokenize(source.bytes)
    self.tokens = lexed.tokens
    self.errors = lexed.errors
    self.isPlainText = lexed.isPlainText
    self.statements = StatementSplitter.split(tokens: lexed.tokens, bytes: source.bytes)
  }
}
