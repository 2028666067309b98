extension TokenCursor {
  /// Clause words that end a FROM item (so they are no alias).
  static let clauseWords: [StaticString] = [
    "where", "join", "inner", "left", "right", "full", "cross", "natural", "on", "using", "group", "order",
    "having", "limit", "offset", "union", "intersect", "except", "window", "when", "then", "returning",
    "set", "for", "fetch", "lateral", "with", "and", "or",
  ]

  /// The relations a query reads by name: the items after FROM, JOIN and
  /// USING (comma lists included), from here to the end of the statement.
  /// Subqueries and function calls are skipped; CTE names are returned like
  /// tables (callers keep only relations they know). Consumes nothing.
  func relationsRead() -> [QualifiedName] {
    var probe = self
    var names: [QualifiedName] = []
    while let token = probe.current {
      // The token read once for the three tests (long INSERTs are mostly
      // values: 2 M instructions on the corpus run).
      guard token.kind == .identifier,
        token.isKeyword("from", in: bytes) || token.isKeyword("join", in: bytes)
          || token.isKeyword("using", in: bytes)
      else {
        probe.advance()
        continue
      }
      probe.advance()
      while true {
        probe.accept("only")
        probe.accept("lateral")
        guard probe.isKind(.identifier) || probe.isKind(.quotedIdentifier) else { break }
        var lookahead = probe
        guard let name = lookahead.parseQualifiedName(), !lookahead.isKind(.leftParen) else { break }
        probe = lookahead
        names.append(name)
        // An alias: `AS x`, or a bare word that starts no clause.
        if probe.accept("as") {
          probe.advance()
        } else if probe.isKind(.identifier) || probe.isKind(.quotedIdentifier),
          !Self.clauseWords.contains(where: { probe.isKeyword($0) })
        {
          probe.advance()
        }
        guard probe.isKind(.comma) else { break }
        probe.advance()
      }
    }
    return names
  }
}
