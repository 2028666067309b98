import PostgresSyntax

// The rule-author surface of `RuleContext`: tokens and options. Kept apart
// from the core members in Rule.swift.
extension RuleContext {
  /// The statement's tokens, comments included, up to (not including) the
  /// terminating `;`: a slice of the file's token array, so no copy.
  /// Empty when the context was built without tokens.
  public var statementTokens: ArraySlice<Token> {
    let range = statement.span.tokens
    guard range.lowerBound >= 0, range.upperBound <= fileTokens.count else { return [] }
    return fileTokens[range]
  }

  /// The statement's tokens without comments, lazily filtered (no array built).
  public var statementCodeTokens: LazyFilterSequence<ArraySlice<Token>> {
    statementTokens.lazy.filter { !$0.kind.isTrivia }
  }

  /// `body.codeTokens(fileTokens)` of the `DO` block being checked (nil
  /// for any other statement): built once per statement, for the several
  /// rules that read it (each built it, ~6,000 instructions a block).
  var bodyCodeTokens: [Token]? {
    guard let body else { return nil }
    if let cached = effectsCache.bodyCodeTokens { return cached }
    let code = body.codeTokens(fileTokens)
    effectsCache.bodyCodeTokens = code
    return code
  }

  /// The source text of one token.
  public func text(of token: Token) -> String { source.text(token.start..<token.end) }

  /// The options configured for `rule` (validated when `.cslint.yml` was
  /// read), defaults for the rest. A dictionary lookup only when some rule
  /// has options configured; read them after the rule's cheap guards.
  public func options(for rule: some Rule) -> RuleOptions {
    if settings.ruleOptions.isEmpty { return .defaults }
    return settings.ruleOptions[rule.description.id] ?? .defaults
  }
}
