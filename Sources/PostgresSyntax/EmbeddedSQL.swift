/// SQL statements written literally inside a `DO` block's PL/pgSQL body, and
/// inside `EXECUTE` of a constant string there: the DDL migration authors
/// wrap in `DO $$ BEGIN IF NOT EXISTS (...) THEN ALTER TABLE ...; END IF; END $$`.
///
/// The body is lexed with the same lexer (a dollar-quoted body holds the
/// statements byte for byte), so token offsets are offsets in the file and
/// diagnostics point into the block. PL/pgSQL's own statements (`IF ...
/// THEN`, `LOOP`, assignments, `RAISE`, `PERFORM`, ...) are stepped over;
/// SQL built at run time (`EXECUTE format(...)`, `EXECUTE 'a' || b`) is not
/// guessed at. A body cslint cannot read yields no statements, never an error.
public struct EmbeddedSQL: Sendable {
  /// The body's tokens (trivia included), offsets in the file.
  public var tokens: [Token] = []
  /// One span per embedded statement; `tokens` ranges index `tokens` shifted
  /// by the `tokenBase` passed to `extract`.
  public var spans: [StatementSpan] = []
  /// The loops of the block (`LOOP`, `WHILE ... LOOP`, `FOR ... LOOP`,
  /// `FOREACH ... LOOP`), outer before inner; token ranges shifted like `spans`.
  public var loops: [PLLoop] = []
  /// The block's own tokens (not those of `EXECUTE` strings), shifted like `spans`.
  public var blockTokens: Range<Int> = 0..<0

  /// SQL commands that, at the start of a PL/pgSQL statement, are run as SQL
  /// (the ones whose locks and effects the rules judge). `SELECT` (PL/pgSQL's
  /// `SELECT INTO`) and `WITH` queries are left out: they change nothing.
  /// (Keywords compared on the token's bytes, here and below: a String per
  /// word and a set lookup cost 8 M instructions more on the corpus run.)
  static let commands: [StaticString] = [
    "alter", "create", "drop", "comment", "grant", "revoke", "truncate", "lock", "reindex", "cluster",
    "vacuum", "analyze", "analyse", "refresh", "insert", "update", "delete", "merge", "set", "reset",
  ]

  /// PL/pgSQL statements that run a condition or a loop header up to `THEN`
  /// or `LOOP`, after which a statement starts.
  static let headers: [StaticString] = ["if", "elsif", "elseif", "when", "while", "for", "foreach", "case"]

  /// Keywords after which a new statement starts.
  static let openers: [StaticString] = ["begin", "else", "loop", "then", "exception", "declare"]

  /// The statements of the `DO` block whose body literal is the token
  /// `body` of `bytes`. `tokenBase` is where the returned tokens will sit in
  /// the caller's token array (span token ranges are shifted by it).
  public static func extract(body: Token, bytes: [UInt8], tokenBase: Int) -> EmbeddedSQL {
    var result = EmbeddedSQL()
    guard let content = literalContent(body, bytes: bytes) else { return result }
    result.appendBlock(content: content, bytes: bytes, tokenBase: tokenBase)
    return result
  }

  /// The bytes between a string literal's quotes when they are the string's
  /// value as written: a dollar-quoted string, or a standard `'...'` string
  /// without doubled quotes. Nil for anything else (escape strings, `''`).
  static func literalContent(_ token: Token, bytes: [UInt8]) -> Range<Int>? {
    guard token.end <= bytes.count, token.end - token.start >= 2 else { return nil }
    switch token.kind {
    case .dollarString:
      var tagEnd = token.start + 1
      while tagEnd < token.end && bytes[tagEnd] != 0x24 { tagEnd += 1 }
      let tagLength = tagEnd + 1 - token.start
      guard token.end - token.start >= 2 * tagLength else { return nil }
      // An unterminated dollar string runs to the end of the file.
      guard bytes[token.end - 1] == 0x24 else { return nil }
      return (token.start + tagLength)..<(token.end - tagLength)
    case .string:
      guard bytes[token.start] == 0x27, bytes[token.end - 1] == 0x27 else { return nil }
      let inner = (token.start + 1)..<(token.end - 1)
      if bytes[inner].contains(0x27) { return nil }
      return inner
    default:
      return nil
    }
  }

  /// Lexes `content` of `bytes` and appends its tokens with offsets in the
  /// file; returns the index of the first one.
  mutating func appendTokens(of content: Range<Int>, bytes: [UInt8]) -> Int {
    let lexed = Lexer.tokens(of: bytes, in: content)
    let first = tokens.count
    if tokens.isEmpty {
      tokens = lexed
    } else {
      tokens += lexed
    }
    return first
  }

  mutating func appendBlock(content: Range<Int>, bytes: [UInt8], tokenBase: Int) {
    let first = appendTokens(of: content, bytes: bytes)
    blockTokens = (tokenBase + first)..<(tokenBase + tokens.count)
    var walker = BlockWalker(bytes: bytes, tokens: tokens, from: first)
    defer {
      loops = walker.loops.map { loop in
        PLLoop(
          keyword: loop.keyword, range: loop.range,
          tokens: (tokenBase + loop.tokens.lowerBound)..<(tokenBase + loop.tokens.upperBound))
      }
    }
    while let statement = walker.nextStatement() {
      if statement.isExecute {
        appendExecute(statement, bytes: bytes, tokenBase: tokenBase)
      } else {
        // Like a top-level statement's, the range stops before the `;`.
        var end = statement.last
        if tokens[end].kind == .semicolon && end > statement.first {
          end -= 1
          while end > statement.first && tokens[end].kind.isTrivia { end -= 1 }
        }
        spans.append(
          StatementSpan(
            range: tokens[statement.first].start..<tokens[end].end,
            tokens: (tokenBase + statement.first)..<(tokenBase + end + 1), isMetaCommand: false,
            semicolon: tokens[statement.last].kind == .semicolon ? tokens[statement.last].start : nil))
      }
    }
  }

  /// `EXECUTE '<sql>';` with a constant string and nothing after it: the
  /// string's statements, split as PostgreSQL would split a query string.
  mutating func appendExecute(_ statement: BlockWalker.Found, bytes: [UInt8], tokenBase: Int) {
    guard let literal = statement.literal, let content = Self.literalContent(tokens[literal], bytes: bytes)
    else { return }
    let first = appendTokens(of: content, bytes: bytes)
    let shifted = Array(tokens[first...])
    for span in StatementSplitter.split(tokens: shifted, bytes: bytes) where !span.isMetaCommand {
      let firstCode = span.tokens.first { !shifted[$0].kind.isTrivia }
      guard let firstCode, shifted[firstCode].kind == .identifier,
        BlockWalker.isKeyword(shifted[firstCode], in: Self.commands, bytes)
      else { continue }
      // The splitter runs a statement without `;` to the end of its input:
      // here, the end of the string.
      let end = min(span.range.upperBound, content.upperBound)
      spans.append(
        StatementSpan(
          range: span.range.lowerBound..<max(span.range.lowerBound, end),
          tokens: (tokenBase + first + span.tokens.lowerBound)..<(tokenBase + first + span.tokens.upperBound),
          isMetaCommand: false, semicolon: span.semicolon))
    }
  }
}

/// A loop in a PL/pgSQL body: from its first keyword (`LOOP`, `WHILE`,
/// `FOR`, `FOREACH`, after any `<<label>>`) to the end of its `END LOOP`.
public struct PLLoop: Sendable, Equatable {
  /// The byte range of the keyword that starts the loop.
  public var keyword: Range<Int>
  /// The bytes from that keyword to the end of `END LOOP` (to the end of the
  /// body when the loop is never closed).
  public var range: Range<Int>
  /// The loop's token indices, in the array the body's tokens sit in.
  public var tokens: Range<Int>

  public init(keyword: Range<Int>, range: Range<Int>, tokens: Range<Int>) {
    self.keyword = keyword
    self.range = range
    self.tokens = tokens
  }
}

/// Steps through a PL/pgSQL block's tokens, statement by statement.
struct BlockWalker {
  struct Found {
    /// Token indices (into the walker's tokens) of the statement's first and
    /// last token (the `;`, when there is one).
    var first: Int
    var last: Int
    var isExecute = false
    /// For `EXECUTE`: the index of its only argument, a string literal.
    var literal: Int?
  }

  let bytes: [UInt8]
  let tokens: [Token]
  var index: Int
  /// The loops found so far (token ranges index `tokens`), and the indices
  /// (into `loops`) of those still open.
  var loops: [PLLoop] = []
  var openLoops: [Int] = []

  /// Records a loop whose first keyword is the token at `start`.
  mutating func openLoop(at start: Int) {
    let keyword = tokens[start].range
    openLoops.append(loops.count)
    let end = tokens.last?.end ?? keyword.upperBound
    loops.append(
      PLLoop(keyword: keyword, range: keyword.lowerBound..<max(keyword.upperBound, end), tokens: start..<tokens.count))
  }

  /// Closes the innermost open loop at the token `last` (the `;` of `END LOOP`).
  mutating func closeLoop(at last: Int) {
    guard let open = openLoops.popLast(), last < tokens.count else { return }
    loops[open].range = loops[open].range.lowerBound..<max(loops[open].range.lowerBound, tokens[last].end)
    loops[open].tokens = loops[open].tokens.lowerBound..<(last + 1)
  }

  init(bytes: [UInt8], tokens: [Token], from: Int) {
    self.bytes = bytes
    self.tokens = tokens
    self.index = from
  }

  mutating func skipTrivia() {
    while index < tokens.count && tokens[index].kind.isTrivia { index += 1 }
  }

  /// True when `token` is an identifier spelled as one of `keywords`.
  static func isKeyword(_ token: Token, in keywords: [StaticString], _ bytes: [UInt8]) -> Bool {
    keywords.contains { token.isKeyword($0, in: bytes) }
  }

  /// True when the token at `position` is the keyword `keyword`.
  func isKeyword(_ keyword: StaticString, at position: Int) -> Bool {
    position < tokens.count && tokens[position].isKeyword(keyword, in: bytes)
  }

  /// Advances past the next `;` at parenthesis depth 0; returns its index
  /// (or the last token's, when the block ends first).
  mutating func skipStatement() -> Int {
    var depth = 0
    var last = index
    while index < tokens.count {
      let token = tokens[index]
      last = index
      index += 1
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth = max(0, depth - 1)
      case .semicolon where depth == 0: return last
      default: break
      }
    }
    return last
  }

  /// Advances past the next `THEN` or `LOOP` at depth 0 (a condition or a
  /// loop header) and returns that word; stops at a `;` (malformed: treat
  /// as a statement end) and returns "".
  @discardableResult
  mutating func skipHeader() -> String {
    var depth = 0
    var caseDepth = 0
    while index < tokens.count {
      let token = tokens[index]
      index += 1
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth = max(0, depth - 1)
      case .semicolon where depth == 0: return ""
      case .identifier where depth == 0:
        // A CASE expression in the condition has THENs of its own.
        if token.isKeyword("case", in: bytes) {
          caseDepth += 1
        } else if token.isKeyword("end", in: bytes) {
          if caseDepth > 0 { caseDepth -= 1 }
        } else if caseDepth == 0 && token.isKeyword("then", in: bytes) {
          return "then"
        } else if caseDepth == 0 && token.isKeyword("loop", in: bytes) {
          return "loop"
        }
      default: break
      }
    }
    return ""
  }

  /// The next SQL statement of the block, nil at its end.
  mutating func nextStatement() -> Found? {
    while true {
      skipTrivia()
      guard index < tokens.count else { return nil }
      let token = tokens[index]
      // `<<label>>` before a block or loop.
      if token.kind == .operator, bytes[token.start] == 0x3C {
        index += 1
        while index < tokens.count, tokens[index].kind != .operator, tokens[index].kind != .semicolon { index += 1 }
        index += 1
        continue
      }
      if token.kind == .semicolon {
        index += 1
        continue
      }
      if Self.isKeyword(token, in: EmbeddedSQL.openers, bytes) {
        if token.isKeyword("loop", in: bytes) { openLoop(at: index) }
        index += 1
        continue
      }
      if Self.isKeyword(token, in: EmbeddedSQL.headers, bytes) {
        let start = index
        index += 1
        // A loop header runs up to its `LOOP`.
        if skipHeader() == "loop",
          token.isKeyword("while", in: bytes) || token.isKeyword("for", in: bytes)
            || token.isKeyword("foreach", in: bytes)
        {
          openLoop(at: start)
        }
        continue
      }
      if token.isKeyword("end", in: bytes) {
        var next = index + 1
        while next < tokens.count && tokens[next].kind.isTrivia { next += 1 }
        let closesLoop = isKeyword("loop", at: next)
        let last = skipStatement()
        if closesLoop { closeLoop(at: last) }
        continue
      }
      let first = index
      if token.isKeyword("execute", in: bytes) {
        index += 1
        skipTrivia()
        let literal = index
        let last = skipStatement()
        var next = literal + 1
        while next < tokens.count && tokens[next].kind.isTrivia { next += 1 }
        // Only `EXECUTE '<constant>';`: anything after the string (`||`,
        // USING, INTO) means SQL built or bound at run time.
        if literal < tokens.count, tokens[literal].kind.isStringLiteral, next == last, tokens[last].kind == .semicolon {
          return Found(first: first, last: last, isExecute: true, literal: literal)
        }
        continue
      }
      let last = skipStatement()
      if Self.isKeyword(token, in: EmbeddedSQL.commands, bytes) { return Found(first: first, last: last) }
    }
  }
}

/// A PL/pgSQL body (a `DO` block's, or a function's) as cslint reads it:
/// where its tokens are, its loops, and the SQL statements written in it.
public struct PLBody: Sendable {
  /// The body's own tokens, as indices into the token array it came with
  /// (`PreparedFile.tokens` for a `DO` block).
  public var tokens: Range<Int>
  public var loops: [PLLoop]
  /// The SQL statements of the body (see `EmbeddedSQL`), parsed; their token
  /// ranges index the same array.
  public var statements: [Statement]

  public init(tokens: Range<Int>, loops: [PLLoop], statements: [Statement]) {
    self.tokens = tokens
    self.loops = loops
    self.statements = statements
  }

  /// The body of a function or `DO` block whose body literal is the token
  /// `literal` of `bytes`, with its own token array (offsets in the file).
  /// Nil when the literal is not a body cslint can read.
  public static func read(literal: Token, bytes: [UInt8]) -> (body: PLBody, tokens: [Token])? {
    let found = EmbeddedSQL.extract(body: literal, bytes: bytes, tokenBase: 0)
    guard !found.blockTokens.isEmpty else { return nil }
    let statements = found.spans.map { span in
      StatementParser.parse(
        span: span, tokens: found.tokens[span.tokens].filter { !$0.kind.isTrivia }, bytes: bytes)
    }
    return (PLBody(tokens: found.blockTokens, loops: found.loops, statements: statements), found.tokens)
  }
}

extension PLBody {
  /// `read` without looking into the body: its tokens, with no loops and
  /// no statements, for callers that read only tokens (a trigger's
  /// `NEW.col` references: walking and parsing the body's statements for
  /// them cost 14 M instructions on the corpus run).
  public static func readTokens(literal: Token, bytes: [UInt8]) -> (body: PLBody, tokens: [Token])? {
    guard let content = EmbeddedSQL.literalContent(literal, bytes: bytes) else { return nil }
    var lexed = EmbeddedSQL()
    let first = lexed.appendTokens(of: content, bytes: bytes)
    guard first < lexed.tokens.count else { return nil }
    return (PLBody(tokens: first..<lexed.tokens.count, loops: [], statements: []), lexed.tokens)
  }
}

extension StatementParser {
  /// The statements inside the file's PL/pgSQL `DO` blocks, by the index of
  /// their `DO` statement in `statements`, and the file's tokens followed by
  /// the blocks' tokens (which the embedded statements' token ranges index).
  public static func parseEmbedded(
    _ file: ScannedFile, statements: [Statement]
  ) -> (tokens: [Token], embedded: [Int: [Statement]]) {
    let parsed = parseBodies(file, statements: statements)
    return (parsed.tokens, parsed.embedded)
  }

  /// `parseEmbedded`, plus every PL/pgSQL `DO` block's body (its tokens
  /// appended to the file's whether or not it holds SQL statements), by the
  /// index of its `DO` statement.
  public static func parseBodies(
    _ file: ScannedFile, statements: [Statement]
  ) -> (tokens: [Token], embedded: [Int: [Statement]], bodies: [Int: PLBody]) {
    var tokens = file.tokens
    var embedded: [Int: [Statement]] = [:]
    var bodies: [Int: PLBody] = [:]
    var buffer: [Token] = []
    for (index, statement) in statements.enumerated() {
      guard case .doBlock(let block) = statement.node, let body = block.body,
        block.language.map({ $0.lowercased().contains("plpgsql") }) ?? true,
        let token = file.tokens[statement.span.tokens].first(where: { $0.range == body })
      else { continue }
      let found = EmbeddedSQL.extract(body: token, bytes: file.source.bytes, tokenBase: tokens.count)
      guard !found.blockTokens.isEmpty else { continue }
      tokens += found.tokens
      let inner = found.spans.map { span in
        buffer.removeAll(keepingCapacity: true)
        for position in span.tokens where !tokens[position].kind.isTrivia { buffer.append(tokens[position]) }
        return parse(span: span, tokens: buffer, bytes: file.source.bytes)
      }
      if !inner.isEmpty { embedded[index] = inner }
      bodies[index] = PLBody(tokens: found.blockTokens, loops: found.loops, statements: inner)
    }
    return (tokens, embedded, bodies)
  }
}
