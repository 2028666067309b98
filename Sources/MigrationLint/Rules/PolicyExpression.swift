import PostgresSyntax

/// A policy's `USING` or `WITH CHECK` expression, lexed on its own: what the
/// row level security rules read in it. Built from the statement's bytes
/// (offsets are then the file's) or from the text the schema model keeps
/// (`PolicyInfo.using`, offsets from 0), so a rule judges the policy the
/// statement writes and, in its settle step, the one the migrations leave.
public struct PolicyExpression {
  let bytes: [UInt8]
  /// Code tokens (comments dropped), offsets into `bytes`.
  let tokens: [Token]
  /// The file offset of `bytes[0]`.
  let base: Int

  /// The expression at `range` of `source`.
  public init(source: SourceFile, range: Range<Int>) {
    let lower = max(0, min(range.lowerBound, source.bytes.count))
    let upper = max(lower, min(range.upperBound, source.bytes.count))
    self.init(bytes: Array(source.bytes[lower..<upper]), base: lower)
  }

  /// Expression text kept by the schema model.
  public init(text: String) { self.init(bytes: Array(text.utf8), base: 0) }

  init(bytes: [UInt8], base: Int) {
    self.bytes = bytes
    self.base = base
    // Comments removed in place: `filter` grew a new array token by token
    // (~6 M instructions on the corpus run).
    var tokens = Lexer.tokenize(bytes).tokens
    tokens.removeAll { $0.kind.isTrivia }
    self.tokens = tokens
  }

  /// The functions Supabase policies call that return the same value for
  /// every row of a statement (`STABLE`): wrapped in `(select ...)` they run
  /// once, as an InitPlan, instead of once per row.
  static let authFunctions: Set<String> = ["uid", "jwt", "role", "email"]

  /// One call of `auth.uid()`, `auth.jwt()`, `auth.role()`, `auth.email()`
  /// or `current_setting(...)`.
  public struct Call: Equatable {
    /// File range of the call, from its first name to its closing parenthesis.
    public var range: Range<Int>
    /// As written, e.g. `auth.uid()`.
    public var text: String
    /// The name, lower case, e.g. `auth.uid`.
    public var function: String
    /// Already the first item of a select list: `(select auth.uid())`, run once per statement.
    public var isWrapped: Bool
    /// Token indices of the operand the call is: the call, or the
    /// `(select ...)` around it.
    var operand: ClosedRange<Int>
  }

  // MARK: - Token helpers

  func word(_ index: Int) -> String? {
    guard tokens.indices.contains(index) else { return nil }
    let token = tokens[index]
    switch token.kind {
    case .identifier:
      return String(decoding: bytes[token.start..<token.end], as: UTF8.self).lowercased()
    case .quotedIdentifier:
      guard token.end - token.start >= 2 else { return nil }
      return String(decoding: bytes[(token.start + 1)..<(token.end - 1)], as: UTF8.self)
    default:
      return nil
    }
  }

  /// `word(index) == target`, on the token's bytes: no `String` and no
  /// `lowercased()` per token (the rules test every token of every policy;
  /// saves ~15 M instructions on the corpus run). `target` is lower-case
  /// ASCII without `k` (the only ASCII letter another character lower-cases
  /// to: the Kelvin sign), so an identifier with other bytes never matches.
  func isWord(_ index: Int, _ target: StaticString) -> Bool {
    guard tokens.indices.contains(index) else { return false }
    let token = tokens[index]
    var start = token.start
    var end = token.end
    let folds: Bool
    switch token.kind {
    case .identifier: folds = true
    case .quotedIdentifier:
      guard end - start >= 2 else { return false }
      start += 1
      end -= 1
      folds = false
    default: return false
    }
    guard end - start == target.utf8CodeUnitCount else { return false }
    return target.withUTF8Buffer { target in
      for offset in 0..<target.count {
        var byte = bytes[start + offset]
        if folds && byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
        if byte != target[offset] { return false }
      }
      return true
    }
  }

  func kind(_ index: Int) -> TokenKind? { tokens.indices.contains(index) ? tokens[index].kind : nil }

  func text(_ index: Int) -> String {
    guard tokens.indices.contains(index) else { return "" }
    return String(decoding: bytes[tokens[index].start..<tokens[index].end], as: UTF8.self)
  }

  /// The index of the parenthesis closing the one at `open`.
  func closing(_ open: Int) -> Int? {
    var depth = 0
    var index = open
    while index < tokens.count {
      switch tokens[index].kind {
      case .leftParen: depth += 1
      case .rightParen:
        depth -= 1
        if depth == 0 { return index }
      default: break
      }
      index += 1
    }
    return nil
  }

  func fileRange(_ first: Int, _ last: Int) -> Range<Int> {
    (base + tokens[first].start)..<(base + tokens[last].end)
  }

  // MARK: - What the rules ask

  /// Every call of a per-statement function, in order.
  public var calls: [Call] {
    var calls: [Call] = []
    var index = 0
    while index < tokens.count {
      var call: (first: Int, last: Int, function: String)?
      if isWord(index, "auth"), kind(index + 1) == .dot, let name = word(index + 2), Self.authFunctions.contains(name),
        kind(index + 3) == .leftParen, kind(index + 4) == .rightParen, kind(index - 1) != .dot
      {
        call = (index, index + 4, "auth.\(name)")
      } else if isWord(index, "current_setting"), kind(index + 1) == .leftParen, let close = closing(index + 1) {
        // `pg_catalog.current_setting(...)`: the call starts at the schema.
        let qualified = kind(index - 1) == .dot && word(index - 2) == "pg_catalog"
        if qualified || kind(index - 1) != .dot {
          call = (qualified ? index - 2 : index, close, "current_setting")
        }
      }
      guard let call else {
        index += 1
        continue
      }
      // The first item of a select list: `(select auth.uid())`, or
      // `(select auth.jwt() ->> 'aal')`, a subquery the planner runs once.
      let wrapped = word(call.first - 1) == "select"
      var operand = call.first...call.last
      if wrapped, kind(call.first - 2) == .leftParen, let close = closing(call.first - 2) {
        operand = (call.first - 2)...close
      }
      calls.append(
        Call(
          range: fileRange(call.first, call.last),
          text: String(decoding: bytes[tokens[call.first].start..<tokens[call.last].end], as: UTF8.self),
          function: call.function, isWrapped: wrapped, operand: operand))
      index = call.last + 1
    }
    return calls
  }

  /// Calls evaluated for every row: not the sole item of a `(select ...)`.
  public var bareCalls: [Call] { calls.filter { !$0.isWrapped } }

  /// `true`, however many parentheses surround it.
  public var isAlwaysTrue: Bool {
    var first = 0
    var last = tokens.count - 1
    while first < last, kind(first) == .leftParen, closing(first) == last {
      first += 1
      last -= 1
    }
    return first == last && word(first) == "true"
  }

  /// File ranges where the expression reads the user's editable metadata:
  /// a `'user_metadata'` key (`auth.jwt() -> 'user_metadata'`, or a path
  /// such as `'{user_metadata,role}'`), or `auth.users.raw_user_meta_data`.
  public var userMetadataReferences: [Range<Int>] {
    var ranges: [Range<Int>] = []
    for (index, token) in tokens.enumerated() {
      if token.kind == .string {
        // Every text matched below contains `user_metadata`: a string
        // without it is not decoded (saves ~4 M instructions on the corpus run).
        guard Self.contains(Self.userMetadata, in: bytes[token.start..<token.end]) else { continue }
        let content = String(decoding: bytes[token.start..<token.end], as: UTF8.self).dropFirst().dropLast()
        if content == "user_metadata" || content.hasPrefix("{user_metadata,") || content == "{user_metadata}" {
          ranges.append(fileRange(index, index))
        }
      } else if isWord(index, "raw_user_meta_data") {
        ranges.append(fileRange(index, index))
      }
    }
    return ranges
  }

  static let userMetadata = Array("user_metadata".utf8)

  /// Whether `needle` occurs in `haystack` (compared byte by byte).
  static func contains(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
    guard let first = needle.first, haystack.count >= needle.count else { return false }
    var index = haystack.startIndex
    let last = haystack.endIndex - needle.count
    while index <= last {
      if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
      index += 1
    }
    return false
  }

  /// Columns the expression compares with `=` to `auth.uid()` (bare or
  /// wrapped): `owner_id = (select auth.uid())`, `auth.uid() = t.owner_id`.
  public var ownerColumns: [String] {
    var columns: [String] = []
    for call in calls where call.function == "auth.uid" {
      var column: String?
      let before = call.operand.lowerBound - 1
      let after = call.operand.upperBound + 1
      if text(before) == "=", kind(before) == .operator, let name = word(before - 1), kind(before - 2) != .typecast {
        column = name
      } else if text(after) == "=", kind(after) == .operator, let name = word(after + 1) {
        // `= t.owner_id`: the column is after the dot; `= f(x)` is no column.
        if kind(after + 2) == .dot, let qualified = word(after + 3), kind(after + 4) != .leftParen {
          column = qualified
        } else if kind(after + 2) != .dot, kind(after + 2) != .leftParen {
          column = name
        }
      }
      // Inside a subquery the column belongs to another table (`EXISTS (SELECT
      // 1 FROM members WHERE members.user_id = auth.uid())`).
      if let column, !Self.notColumns.contains(column), !columns.contains(column),
        !isInSubquery(call.operand.lowerBound)
      {
        columns.append(column)
      }
    }
    return columns
  }

  /// True when token `index` is inside a parenthesized `SELECT`.
  func isInSubquery(_ index: Int) -> Bool {
    var stack: [Bool] = []
    for position in 0..<min(index, tokens.count) {
      switch tokens[position].kind {
      case .leftParen: stack.append(isWord(position + 1, "select"))
      case .rightParen: _ = stack.popLast()
      default: break
      }
    }
    return stack.contains(true)
  }

  /// Words that may stand beside `=` but are no column.
  static let notColumns: Set<String> = ["null", "true", "false", "any", "all", "some", "select", "case", "end"]
}

/// The object a settling row level security finding is about, kept in
/// `Diagnostic.subject`: a table, or a policy on a table.
enum PolicySubject {
  static let separator: Character = "\u{1F}"

  static func make(table: ObjectKey, policy: String? = nil) -> String {
    // In one buffer (`separator` written as \u{1F}): joining an array cost
    // ~4,000 instructions per finding.
    guard let policy else { return String(message: "\(table.schema)\u{1F}\(table.name)") }
    return String(message: "\(table.schema)\u{1F}\(table.name)\u{1F}\(policy)")
  }

  static func parse(_ subject: String?) -> (table: ObjectKey, policy: String?)? {
    guard let parts = subject?.subjectFields(separator: separator.asciiValue ?? 0, omittingEmptySubsequences: false),
      parts.count == 2 || parts.count == 3
    else { return nil }
    return (ObjectKey(schema: parts[0], name: parts[1]), parts.count == 3 ? parts[2] : nil)
  }
}

extension RuleContext {
  /// The policy a `CREATE POLICY` or `ALTER POLICY` statement writes, and
  /// the key of its table.
  var writtenPolicy: (definition: PolicyDefinition, table: ObjectKey, isAlter: Bool)? {
    switch statement.node {
    case .createPolicy(let policy): return (policy, policyTableKey(policy.table), false)
    case .alterPolicy(let policy): return (policy, policyTableKey(policy.table), true)
    default: return nil
    }
  }

  /// `schema.policyTableKey(table)`, worked out once per statement: four
  /// row level security rules ask for it.
  private func policyTableKey(_ table: QualifiedName) -> ObjectKey {
    if let cached = effectsCache.policyTable { return cached }
    let key = schema.policyTableKey(table)
    effectsCache.policyTable = key
    return key
  }

  /// The policy's expressions as written: `USING`, then `WITH CHECK`.
  func expressions(of policy: PolicyDefinition) -> [PolicyExpression] {
    // Lexed once per statement: several row level security rules ask.
    if let cached = effectsCache.policyExpressions, cached.using == policy.using, cached.withCheck == policy.withCheck {
      return cached.expressions
    }
    let expressions = [policy.using, policy.withCheck].compactMap { $0 }.map {
      PolicyExpression(source: source, range: $0)
    }
    effectsCache.policyExpressions = (policy.using, policy.withCheck, expressions)
    return expressions
  }
}

extension PolicyInfo {
  /// The expressions the schema model keeps: `USING`, then `WITH CHECK`.
  var expressions: [PolicyExpression] { [using, withCheck].compactMap { $0 }.map { PolicyExpression(text: $0) } }
}
