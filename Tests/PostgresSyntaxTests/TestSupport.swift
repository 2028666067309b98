import PostgresSyntax
import Testing

/// A token as the tables spell it: its kind and its exact source text.
struct Lexeme: Equatable, Sendable, CustomStringConvertible {
  var kind: TokenKind
  var text: String

  var description: String { "\(kind)(\(text.debugDescription))" }
}

/// Where a table row was written, so a failing row points at its own line.
/// (`Testing.SourceLocation`: PostgresSyntax has a `SourceLocation` too.)
typealias RowLocation = Testing.SourceLocation

func rowLocation(fileID: String, filePath: String, line: Int, column: Int) -> RowLocation {
  RowLocation(fileID: fileID, filePath: filePath, line: line, column: column)
}

/// The tokens of `bytes` as lexemes (comments included).
func lexemes(of bytes: [UInt8], _ tokens: [Token]) -> [Lexeme] {
  tokens.map { Lexeme(kind: $0.kind, text: String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) }
}

/// Bytes PostgreSQL's scanner treats as whitespace (`space` in scan.l).
func isPostgresWhitespace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
}

/// The lexer's structural promises, as a list of violations (empty when all
/// hold): tokens are non-empty, in bounds, sorted and non-overlapping, every
/// byte outside a token is whitespace, and every error lies inside the input.
func tokenInvariantViolations(_ bytes: [UInt8], _ result: Lexer.Result) -> [String] {
  var problems: [String] = []
  var covered = 0
  for (index, token) in result.tokens.enumerated() {
    if token.start >= token.end || token.end > bytes.count {
      problems.append("token \(index) \(token.kind) has bad range \(token.start)..<\(token.end) (size \(bytes.count))")
      return problems
    }
    if token.start < covered {
      problems.append("token \(index) \(token.kind) at \(token.start) overlaps or precedes the previous token")
      return problems
    }
    for offset in covered..<token.start where !isPostgresWhitespace(bytes[offset]) {
      problems.append("byte \(offset) (0x\(String(bytes[offset], radix: 16))) is in no token and not whitespace")
      return problems
    }
    covered = token.end
  }
  for offset in covered..<bytes.count where !isPostgresWhitespace(bytes[offset]) {
    problems.append("byte \(offset) after the last token is not whitespace")
    return problems
  }
  for error in result.errors where error.offset < 0 || error.offset > error.end || error.end > bytes.count {
    problems.append("error \(error.kind) has bad range \(error.offset)..<\(error.end)")
  }
  return problems
}

/// The splitter's structural promises: statement ranges non-empty, in
/// bounds, sorted and non-overlapping; token ranges consistent with them;
/// a recorded `;` lies at or after the end of its statement.
func statementInvariantViolations(_ bytes: [UInt8], _ tokens: [Token], _ statements: [StatementSpan]) -> [String] {
  var problems: [String] = []
  var previousEnd = 0
  var previousTokenEnd = 0
  for (index, statement) in statements.enumerated() {
    let range = statement.range
    if range.isEmpty || range.lowerBound < previousEnd || range.upperBound > bytes.count {
      problems.append("statement \(index) has bad range \(range) (previous end \(previousEnd), size \(bytes.count))")
      return problems
    }
    if statement.tokens.isEmpty || statement.tokens.lowerBound < previousTokenEnd
      || statement.tokens.upperBound > tokens.count
    {
      problems.append("statement \(index) has bad token range \(statement.tokens)")
      return problems
    }
    if tokens[statement.tokens.lowerBound].start != range.lowerBound {
      problems.append("statement \(index) does not start at its first token")
    }
    if let semicolon = statement.semicolon, semicolon < range.upperBound || bytes[semicolon] != UInt8(ascii: ";") {
      problems.append("statement \(index) has a bad semicolon offset \(semicolon)")
    }
    previousEnd = range.upperBound
    previousTokenEnd = statement.tokens.upperBound
  }
  return problems
}
