/// `CREATE ...` statements.
enum CreateParser {
  static func parse(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    let createToken = cursor.current!
    cursor.advance()
    let afterCreate = createToken.end
    let orReplace = cursor.accept("or", "replace")
    var temporary = false
    var unlogged = false
    while true {
      if cursor.accept("temp") || cursor.accept("temporary") || cursor.accept("local") || cursor.accept("global") {
        temporary = true
      } else if cursor.accept("unlogged") {
        unlogged = true
      } else {
        break
      }
    }
    cursor.accept("recursive")
    let unique = cursor.accept("unique")
    guard let objectToken = cursor.current else { return ("Unknown", .other) }
    // The most frequent objects first, on bytes (the switch below folds the
    // word to a String and compares it with each case in turn).
    if objectToken.isKeyword("table", in: cursor.bytes) {
      return parseCreateTable(&cursor, temporary: temporary, unlogged: unlogged)
    }
    if objectToken.isKeyword("index", in: cursor.bytes) { return parseCreateIndex(&cursor, unique: unique) }
    let object = cursor.identifierText(objectToken)
    switch object {
    case "table":
      return parseCreateTable(&cursor, temporary: temporary, unlogged: unlogged)
    case "index":
      return parseCreateIndex(&cursor, unique: unique)
    case "view":
      let (kind, node) = parseView(&cursor, orReplace: orReplace, materialized: false, afterCreate: afterCreate)
      guard temporary, case .createView(var view) = node else { return (kind, node) }
      view.isTemporary = true
      return (kind, .createView(view))
    case "materialized":
      cursor.advance()
      return parseView(&cursor, orReplace: orReplace, materialized: true, afterCreate: afterCreate)
    case "function", "procedure":
      return FunctionParser.parse(&cursor, orReplace: orReplace, afterCreate: afterCreate)
    case "trigger", "constraint":
      return parseTrigger(&cursor, orReplace: orReplace, afterCreate: afterCreate)
    case "event":
      return ("CreateEventTrigStmt", .other)
    case "type":
      return parseType(&cursor)
    case "schema", "extension", "sequence", "domain":
      return parseSimple(&cursor, object: object)
    case "policy":
      return PolicyParser.parse(&cursor, isAlter: false)
    case "role", "group":
      return ("CreateRoleStmt", .other)
    case "user":
      return cursor.isKeyword("mapping", at: 1) ? ("CreateUserMappingStmt", .other) : ("CreateRoleStmt", .other)
    case "publication": return ("CreatePublicationStmt", .other)
    case "subscription": return ("CreateSubscriptionStmt", .other)
    case "statistics": return ("CreateStatsStmt", .other)
    case "operator":
      if cursor.isKeyword("class", at: 1) { return ("CreateOpClassStmt", .other) }
      if cursor.isKeyword("family", at: 1) { return ("CreateOpFamilyStmt", .other) }
      return ("DefineStmt", .other)
    case "aggregate", "collation", "text": return ("DefineStmt", .other)
    case "cast": return ("CreateCastStmt", .other)
    case "database": return ("CreatedbStmt", .other)
    case "default", "conversion": return ("CreateConversionStmt", .other)
    case "foreign":
      if cursor.isKeyword("table", at: 1) { return ("CreateForeignTableStmt", .other) }
      return ("CreateFdwStmt", .other)
    case "server": return ("CreateForeignServerStmt", .other)
    case "rule": return ("RuleStmt", .other)
    case "language", "trusted", "procedural": return ("CreatePLangStmt", .other)
    case "tablespace": return ("CreateTableSpaceStmt", .other)
    case "access": return ("CreateAmStmt", .other)
    case "transform": return ("CreateTransformStmt", .other)
    default: return ("Unknown", .other)
    }
  }

  // MARK: CREATE TABLE

  static func parseCreateTable(_ cursor: inout TokenCursor, temporary: Bool, unlogged: Bool) -> (String, StatementNode)
  {
    let tableToken = cursor.current!
    cursor.advance()
    let ifNotExists = cursor.accept("if", "not", "exists")
    guard let name = cursor.parseQualifiedName() else { return ("CreateStmt", .other) }
    var table = CreateTable(
      name: name, ifNotExists: ifNotExists, isTemporary: temporary, isUnlogged: unlogged, columns: [],
      constraints: [], isAsQuery: false, partitionOf: nil, isPartitioned: false, likeTables: [],
      ifNotExistsInsertion: tableToken.end)
    // CREATE TABLE name [(columns)] AS query | EXECUTE ...
    var probe = cursor
    if probe.isKind(.leftParen) { _ = probe.skipParenthesized() }
    if probe.isKeyword("using") {
      probe.advance()
      probe.advance()
    }
    if probe.isKeyword("with") && probe.isKind(.leftParen, at: 1) {
      probe.advance()
      _ = probe.skipParenthesized()
    }
    if probe.isKeyword("tablespace") {
      probe.advance()
      probe.advance()
    }
    if probe.isKeyword("as") || probe.isKeyword("execute") {
      table.isAsQuery = true
      let view = CreateView(
        name: name, orReplace: false, materialized: false, ifNotExists: ifNotExists, isTableAs: true,
        securityInvoker: false, withNoData: cursor.containsTopLevel("no"), query: nil, afterCreate: 0,
        afterObjectKeyword: tableToken.end, isTemporary: temporary)
      return ("CreateTableAsStmt", .createView(view))
    }
    if cursor.accept("partition", "of") {
      table.partitionOf = cursor.parseQualifiedName()
    } else if cursor.accept("of") {
      _ = cursor.parseQualifiedName()
    }
    if cursor.isKind(.leftParen) {
      cursor.advance()
      parseTableElements(&cursor, into: &table)
    }
    if cursor.accept("inherits"), cursor.accept(kind: .leftParen) != nil {
      table.inherits = cursor.parseQualifiedNameList()
      cursor.accept(kind: .rightParen)
    }
    if cursor.containsTopLevel("partition") {
      var copy = cursor
      if copy.skip(until: { $0.isKeyword("partition") && $0.isKeyword("by", at: 1) }) { table.isPartitioned = true }
    }
    return ("CreateStmt", .createTable(table))
  }

  /// Parses `col type ..., CONSTRAINT ..., LIKE t` up to the closing `)`.
  static func parseTableElements(_ cursor: inout TokenCursor, into table: inout CreateTable) {
    // Room for every element up front: the columns grew by doubling, each
    // step a copy (1.3 M instructions more on the corpus run than counting).
    var probe = cursor
    var depth = 0
    var elements = 1
    counting: while let token = probe.current {
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket:
        if depth == 0 { break counting }
        depth -= 1
      case .comma where depth == 0: elements += 1
      default: break
      }
      probe.advance()
    }
    table.columns.reserveCapacity(table.columns.count + elements)
    while let token = cursor.current {
      if token.kind == .rightParen {
        cursor.advance()
        return
      }
      if token.kind == .comma {
        cursor.advance()
        continue
      }
      let before = cursor.index
      if cursor.isKeyword("like") {
        cursor.advance()
        if let like = cursor.parseQualifiedName() { table.likeTables.append(like) }
        _ = cursor.skipExpression()
      } else if isTableConstraintStart(cursor) {
        if let constraint = parseTableConstraint(&cursor) { table.constraints.append(constraint) }
      } else if let column = parseColumnDefinition(&cursor) {
        table.columns.append(column)
      }
      _ = cursor.skipExpression()
      if cursor.index == before { cursor.advance() }
    }
  }

  static func isTableConstraintStart(_ cursor: TokenCursor) -> Bool {
    cursor.isKeyword("constraint") || cursor.isKeyword("primary") || cursor.isKeyword("unique")
      || cursor.isKeyword("check") || cursor.isKeyword("foreign") || cursor.isKeyword("exclude")
  }

  /// Words that end a column's type and start its constraints.
  /// (On bytes, by length: it runs for every token of every column type;
  /// folding each to a String and comparing cost 8 M instructions on the
  /// corpus run.)
  static func isColumnConstraintWord(_ cursor: TokenCursor) -> Bool {
    guard let token = cursor.current, token.kind == .identifier else { return false }
    let bytes = cursor.bytes
    switch token.end - token.start {
    case 3: return token.isKeyword("not", in: bytes)
    case 4: return token.isKeyword("null", in: bytes)
    case 5: return token.isKeyword("check", in: bytes)
    case 6: return token.isKeyword("unique", in: bytes)
    case 7:
      return token.isKeyword("default", in: bytes) || token.isKeyword("primary", in: bytes)
        || token.isKeyword("collate", in: bytes) || token.isKeyword("storage", in: bytes)
    case 9: return token.isKeyword("generated", in: bytes) || token.isKeyword("initially", in: bytes)
    case 10:
      return token.isKeyword("constraint", in: bytes) || token.isKeyword("references", in: bytes)
        || token.isKeyword("deferrable", in: bytes)
    case 11: return token.isKeyword("compression", in: bytes)
    default: return false
    }
  }

  /// `name type [constraints]` — in CREATE TABLE and ALTER TABLE ADD COLUMN.
  static func parseColumnDefinition(_ cursor: inout TokenCursor) -> ColumnDefinition? {
    let start = cursor.currentStart
    guard let name = cursor.parseIdentifier() else { return nil }
    let (typeName, typeRange) = parseTypeName(&cursor, stop: isColumnConstraintWord)
    var column = ColumnDefinition(name: name, typeName: typeName, typeRange: typeRange, range: start..<start)
    // (Most types are no serial type: their length or first byte tells, and
    // six string comparisons a column cost 1 M instructions on the corpus run.)
    let length = typeName.utf8.count
    if length >= 6 && length <= 11, let first = typeName.utf8.first,
      first == UInt8(ascii: "s") || first == UInt8(ascii: "b")
    {
      switch typeName {
      case "serial", "bigserial", "smallserial", "serial4", "serial8", "serial2":
        column.isIdentity = true
        column.notNull = true
      default: break
      }
    }
    parseColumnConstraints(&cursor, into: &column)
    column.range = cursor.range(from: start)
    return column
  }

  /// Reads a type name up to a stop word, `,` or `)` at depth 0 and returns
  /// its normalized text and range.
  static func parseTypeName(_ cursor: inout TokenCursor, stop: (TokenCursor) -> Bool) -> (String, Range<Int>?) {
    let startIndex = cursor.index
    var depth = 0
    var text = ""
    var previous: TokenKind?
    while let token = cursor.current {
      if depth == 0 {
        if token.kind == .comma || token.kind == .rightParen || token.kind == .semicolon { break }
        if stop(cursor) { break }
      }
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth -= 1
      default: break
      }
      let piece: String
      switch token.kind {
      case .identifier, .quotedIdentifier:
        let folded = cursor.identifierText(token)
        piece = token.kind == .quotedIdentifier ? SQLName.quoteIfNeeded(folded) : folded
      default:
        piece = cursor.text(token.range)
      }
      let glue =
        previous == nil || previous == .leftParen || previous == .dot || previous == .leftBracket
        || token.kind == .leftParen || token.kind == .rightParen || token.kind == .comma || token.kind == .dot
        || token.kind == .leftBracket || token.kind == .rightBracket || previous == .comma
      if previous == nil {
        // Most types are one word: the word itself, no append.
        text = piece
      } else {
        if previous == .comma || !glue { text += " " }
        text += piece
      }
      previous = token.kind
      cursor.advance()
    }
    guard cursor.index > startIndex else { return ("", nil) }
    return (text, cursor.tokens[startIndex].start..<cursor.tokens[cursor.index - 1].end)
  }

  static func parseColumnConstraints(_ cursor: inout TokenCursor, into column: inout ColumnDefinition) {
    while let token = cursor.current, token.kind != .comma, token.kind != .rightParen {
      let before = cursor.index
      if cursor.accept("constraint") {
        if let name = cursor.parseIdentifier() { column.constraintNames.append(name) }
      } else if cursor.accept("not", "null") {
        column.notNull = true
      } else if cursor.accept("null") {
        column.notNull = false
      } else if cursor.accept("default") {
        // The first word is the default itself, even a constraint word: `DEFAULT NULL`.
        let first = cursor.index
        if let range = cursor.skipExpression(stop: { $0.index != first && isColumnConstraintWord($0) }) {
          column.defaultExpression = range
          column.defaultText = cursor.text(range)
        }
      } else if cursor.accept("primary", "key") {
        column.primaryKey = true
        column.notNull = true
        skipIndexParameters(&cursor)
      } else if cursor.accept("unique") {
        column.unique = true
        cursor.accept("nulls", "not", "distinct")
        cursor.accept("nulls", "distinct")
        skipIndexParameters(&cursor)
      } else if cursor.accept("check") {
        if let range = cursor.skipParenthesized() { column.checks.append(range) }
        cursor.accept("no", "inherit")
      } else if cursor.accept("references") {
        column.references = cursor.parseQualifiedName()
        column.referencedColumns = parseColumnList(&cursor)
        column.referenceActions = parseReferenceActions(&cursor)
      } else if cursor.accept("generated") {
        if cursor.accept("always") || cursor.accept("by", "default") {}
        cursor.accept("as")
        if cursor.accept("identity") {
          column.isIdentity = true
          column.notNull = true
          if cursor.isKind(.leftParen) { _ = cursor.skipParenthesized() }
        } else {
          column.isGenerated = true
          _ = cursor.skipParenthesized()
          // PostgreSQL 18 makes VIRTUAL the default; before 18 STORED is required.
          column.isVirtual = !cursor.accept("stored")
          cursor.accept("virtual")
        }
      } else if cursor.accept("collate") {
        _ = cursor.parseQualifiedName()
      } else if cursor.accept("compression") || cursor.accept("storage") {
        cursor.advance()
      } else {
        _ =
          cursor.accept("deferrable") || cursor.accept("not", "deferrable")
          || cursor.accept("initially", "deferred") || cursor.accept("initially", "immediate")
          || cursor.accept("not", "enforced") || cursor.accept("enforced")
      }
      if cursor.index == before { cursor.advance() }
    }
  }

  static func skipIndexParameters(_ cursor: inout TokenCursor) {
    while true {
      if cursor.accept("include") || (cursor.isKeyword("with") && cursor.isKind(.leftParen, at: 1)) {
        if cursor.isKeyword("with") { cursor.advance() }
        _ = cursor.skipParenthesized()
      } else if cursor.accept("using", "index", "tablespace") {
        _ = cursor.parseIdentifier()
      } else {
        return
      }
    }
  }

  /// `[MATCH ...] [ON DELETE action] [ON UPDATE action]`, in either order.
  static func parseReferenceActions(_ cursor: inout TokenCursor) -> ReferentialActions {
    var actions = ReferentialActions()
    while true {
      if cursor.accept("match") {
        cursor.advance()
      } else if cursor.accept("on") {
        let isDelete = cursor.isKeyword("delete")
        cursor.advance()  // DELETE / UPDATE
        var action: String
        if cursor.accept("set") {
          action = "SET " + (cursor.current.map { cursor.identifierText($0).uppercased() } ?? "")
          cursor.advance()  // NULL / DEFAULT
          if cursor.isKind(.leftParen) { _ = cursor.skipParenthesized() }
        } else if cursor.accept("no", "action") {
          action = "NO ACTION"
        } else {
          action = cursor.current.map { cursor.identifierText($0).uppercased() } ?? ""
          cursor.advance()  // CASCADE / RESTRICT
        }
        if isDelete { actions.onDelete = action } else { actions.onUpdate = action }
      } else {
        return actions
      }
    }
  }

  /// `[CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...) | CHECK (...) |
  /// FOREIGN KEY (...) REFERENCES t (...) | EXCLUDE ...` plus NOT VALID etc.
  static func parseTableConstraint(_ cursor: inout TokenCursor) -> TableConstraint? {
    let start = cursor.currentStart
    var name: Identifier?
    if cursor.accept("constraint") { name = cursor.parseIdentifier() }
    var constraint: TableConstraint
    if cursor.accept("primary", "key") {
      constraint = TableConstraint(name: name, kind: .primaryKey, range: start..<start)
      constraint.columns = parseColumnList(&cursor)
      if cursor.accept("using", "index") { constraint.usingIndex = cursor.parseIdentifier() }
      skipIndexParameters(&cursor)
    } else if cursor.accept("unique") {
      constraint = TableConstraint(name: name, kind: .unique, range: start..<start)
      cursor.accept("nulls", "not", "distinct")
      cursor.accept("nulls", "distinct")
      constraint.columns = parseColumnList(&cursor)
      if cursor.accept("using", "index") { constraint.usingIndex = cursor.parseIdentifier() }
      skipIndexParameters(&cursor)
    } else if cursor.accept("check") {
      constraint = TableConstraint(name: name, kind: .check, range: start..<start)
      constraint.expression = cursor.skipParenthesized()
      cursor.accept("no", "inherit")
    } else if cursor.accept("foreign", "key") {
      constraint = TableConstraint(name: name, kind: .foreignKey, range: start..<start)
      constraint.columns = parseColumnList(&cursor)
      if cursor.accept("references") {
        constraint.referencedTable = cursor.parseQualifiedName()
        constraint.referencedColumns = parseColumnList(&cursor)
      }
      constraint.referenceActions = parseReferenceActions(&cursor)
    } else if cursor.accept("exclude") {
      constraint = TableConstraint(name: name, kind: .exclude, range: start..<start)
      _ = cursor.skipExpression(stop: { $0.isKeyword("not") && $0.isKeyword("valid", at: 1) })
    } else if cursor.accept("not", "null") {
      constraint = TableConstraint(name: name, kind: .notNull, range: start..<start)
      if let column = cursor.parseIdentifier() { constraint.columns = [column.value] }
    } else {
      return nil
    }
    while !cursor.atEnd {
      if cursor.accept("not", "valid") {
        constraint.notValid = true
      } else if cursor.accept("deferrable") {
        constraint.deferrable = true
      } else if cursor.accept("not", "deferrable") || cursor.accept("initially", "deferred")
        || cursor.accept("initially", "immediate") || cursor.accept("no", "inherit")
        || cursor.accept("not", "enforced") || cursor.accept("enforced")
      {
      } else {
        break
      }
    }
    constraint.range = cursor.range(from: start)
    return constraint
  }

  /// `(a, b, c)` → ["a", "b", "c"]; empty when not at `(`.
  static func parseColumnList(_ cursor: inout TokenCursor) -> [String] {
    guard cursor.accept(kind: .leftParen) != nil else { return [] }
    var columns: [String] = []
    while let token = cursor.current, token.kind != .rightParen {
      if let identifier = cursor.parseIdentifier() {
        columns.append(identifier.value)
      }
      _ = cursor.skipExpression()
      if cursor.accept(kind: .comma) == nil { break }
    }
    cursor.accept(kind: .rightParen)
    return columns
  }

  // MARK: CREATE INDEX

  static func parseCreateIndex(_ cursor: inout TokenCursor, unique: Bool) -> (String, StatementNode) {
    let indexToken = cursor.current!
    cursor.advance()
    let concurrently = cursor.accept("concurrently")
    let ifNotExistsInsertion = cursor.previousEnd
    let ifNotExists = cursor.accept("if", "not", "exists")
    var name: Identifier?
    if !cursor.isKeyword("on") { name = cursor.parseIdentifier() }
    guard cursor.accept("on") else { return ("IndexStmt", .other) }
    let only = cursor.accept("only")
    guard let table = cursor.parseQualifiedName() else { return ("IndexStmt", .other) }
    var method: String?
    if cursor.accept("using"), let token = cursor.current {
      method = cursor.identifierText(token)
      cursor.advance()
    }
    var columns: [IndexColumn] = []
    if cursor.accept(kind: .leftParen) != nil {
      while let token = cursor.current, token.kind != .rightParen {
        let start = token.start
        var column: String?
        if token.kind == .identifier || token.kind == .quotedIdentifier,
          let next = cursor.peek(1),
          next.kind == .comma || next.kind == .rightParen || next.kind == .identifier
        {
          column = cursor.identifierText(token)
        }
        _ = cursor.skipExpression()
        columns.append(IndexColumn(column: column, range: cursor.range(from: start)))
        if cursor.accept(kind: .comma) == nil { break }
      }
      cursor.accept(kind: .rightParen)
    }
    var include: [String] = []
    if cursor.accept("include") { include = parseColumnList(&cursor) }
    var whereClause: Range<Int>?
    if cursor.skip(until: { $0.isKeyword("where") }) {
      cursor.advance()
      whereClause = cursor.skipRest()
    }
    let index = CreateIndex(
      name: name, table: table, unique: unique, concurrently: concurrently, ifNotExists: ifNotExists, only: only,
      method: method, columns: columns, whereClause: whereClause, afterIndexKeyword: indexToken.end,
      ifNotExistsInsertion: ifNotExistsInsertion, include: include)
    return ("IndexStmt", .createIndex(index))
  }

  // MARK: Views

  static func parseView(
    _ cursor: inout TokenCursor, orReplace: Bool, materialized: Bool, afterCreate: Int
  ) -> (String, StatementNode) {
    // `create materialized` may end the statement: no VIEW token follows.
    guard let viewToken = cursor.current else { return (materialized ? "CreateTableAsStmt" : "ViewStmt", .other) }
    cursor.advance()
    let ifNotExists = cursor.accept("if", "not", "exists")
    guard let name = cursor.parseQualifiedName() else {
      return (materialized ? "CreateTableAsStmt" : "ViewStmt", .other)
    }
    var securityInvoker = false
    if cursor.isKind(.leftParen) { _ = cursor.skipParenthesized() }
    if cursor.isKeyword("using") {
      cursor.advance()
      cursor.advance()
    }
    if cursor.accept("with"), cursor.isKind(.leftParen) {
      let options = cursor.skipParenthesized() ?? 0..<0
      securityInvoker = ViewOptions.securityInvoker(in: cursor.text(options)) ?? false
    }
    var query: Range<Int>?
    var sources: [QualifiedName] = []
    if cursor.skip(until: { $0.isKeyword("as") }) {
      cursor.advance()
      sources = cursor.relationsRead()
      query = cursor.skipRest()
    }
    let withNoData = query.map { Self.endsWithNoData(cursor, $0) } ?? false
    var view = CreateView(
      name: name, orReplace: orReplace, materialized: materialized, ifNotExists: ifNotExists, isTableAs: false,
      securityInvoker: securityInvoker, withNoData: withNoData, query: query, afterCreate: afterCreate,
      afterObjectKeyword: viewToken.end)
    view.sources = sources
    return (materialized ? "CreateTableAsStmt" : "ViewStmt", .createView(view))
  }

  /// `text(range).lowercased().hasSuffix("with no data")`, lowering the
  /// whole query only when its last bytes already read so (lowering every
  /// view's query cost 3 M instructions on the corpus run).
  static func endsWithNoData(_ cursor: TokenCursor, _ range: Range<Int>) -> Bool {
    let suffix: StaticString = "with no data"
    let length = suffix.utf8CodeUnitCount
    let upper = min(range.upperBound, cursor.bytes.count)
    guard upper - max(0, range.lowerBound) >= length else { return false }
    for offset in 0..<length {
      var byte = cursor.bytes[upper - length + offset]
      if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
      if byte != suffix.utf8Start[offset] { return false }
    }
    // The bytes match: the Unicode comparison decides (it may not split the
    // text where the bytes do).
    return cursor.text(range).lowercased().hasSuffix("with no data")
  }

  // MARK: Triggers, types, simple objects

  static func parseTrigger(_ cursor: inout TokenCursor, orReplace: Bool, afterCreate: Int) -> (String, StatementNode) {
    let isConstraint = cursor.accept("constraint")
    guard cursor.accept("trigger"), let name = cursor.parseIdentifier() else { return ("CreateTrigStmt", .other) }
    guard cursor.skip(until: { $0.isKeyword("on") }) else { return ("CreateTrigStmt", .other) }
    cursor.advance()
    guard let table = cursor.parseQualifiedName() else { return ("CreateTrigStmt", .other) }
    var function: QualifiedName?
    if cursor.skip(until: { $0.isKeyword("function") || $0.isKeyword("procedure") }) {
      cursor.advance()
      function = cursor.parseQualifiedName()
    }
    let trigger = CreateTrigger(
      name: name, table: table, orReplace: orReplace, isConstraint: isConstraint, function: function,
      afterCreate: afterCreate)
    return ("CreateTrigStmt", .createTrigger(trigger))
  }

  static func parseType(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    guard let name = cursor.parseQualifiedName() else { return ("DefineStmt", .other) }
    if cursor.accept("as", "enum") {
      var values: [String] = []
      if cursor.accept(kind: .leftParen) != nil {
        while let token = cursor.current, token.kind != .rightParen {
          if token.kind == .string { values.append(StringLiteral.value(of: token, in: cursor.bytes)) }
          cursor.advance()
        }
      }
      return ("CreateEnumStmt", .createType(CreateType(name: name, definition: .enumeration, enumValues: values)))
    }
    if cursor.accept("as", "range") {
      return ("CreateRangeStmt", .createType(CreateType(name: name, definition: .range, enumValues: [])))
    }
    if cursor.accept("as") {
      return ("CompositeTypeStmt", .createType(CreateType(name: name, definition: .composite, enumValues: [])))
    }
    return ("DefineStmt", .createType(CreateType(name: name, definition: .base, enumValues: [])))
  }

  static func parseSimple(_ cursor: inout TokenCursor, object: String) -> (String, StatementNode) {
    let objectToken = cursor.current!
    cursor.advance()
    let kind: String
    switch object {
    case "schema": kind = "CreateSchemaStmt"
    case "extension": kind = "CreateExtensionStmt"
    case "sequence": kind = "CreateSeqStmt"
    default: kind = "CreateDomainStmt"
    }
    let ifNotExists = cursor.accept("if", "not", "exists")
    var name = cursor.parseQualifiedName()
    // CREATE SCHEMA AUTHORIZATION role: the schema is named after the role
    // (the name parsed above is then the keyword itself).
    if object == "schema", let parsed = name, parsed.parts.count == 1, parsed.parts[0].isQuoted == false,
      parsed.name == "authorization", let role = cursor.parseQualifiedName()
    {
      name = role
    }
    guard let name else { return (kind, .other) }
    var schema: Identifier?
    if object == "extension" {
      cursor.accept("with")
      if cursor.skip(until: { $0.isKeyword("schema") }) {
        cursor.advance()
        schema = cursor.parseIdentifier()
      }
    }
    let simple = SimpleCreate(
      objectType: ObjectKind(sqlName: object), name: name, ifNotExists: ifNotExists, schema: schema,
      afterObjectKeyword: objectToken.end)
    return (kind, .createSimple(simple))
  }
}

/// Decoding of simple string literal tokens.
public enum StringLiteral {
  /// The value of a `'...'` or `$$...$$` token (quotes removed, `''` undone).
  public static func value(of token: Token, in bytes: [UInt8]) -> String {
    switch token.kind {
    case .string:
      let inner = bytes[(token.start + 1)..<max(token.start + 1, token.end - 1)]
      // ASCII (no grapheme cluster can join a quote to its neighbour): undo
      // `''` on bytes; `String.replacing` cost ~9,000 instructions a literal
      // (saves 10 M instructions on the corpus run).
      if inner.allSatisfy({ $0 < 0x80 }) {
        return String(unsafeUninitializedCapacity: inner.count) { buffer in
          var count = 0
          var index = inner.startIndex
          while index < inner.endIndex {
            let byte = inner[index]
            buffer[count] = byte
            count += 1
            index += byte == UInt8(ascii: "'") && index + 1 < inner.endIndex && inner[index + 1] == byte ? 2 : 1
          }
          return count
        }
      }
      return String(decoding: inner, as: UTF8.self).replacing("''", with: "'")
    case .dollarString:
      var tagEnd = token.start + 1
      while tagEnd < token.end && bytes[tagEnd] != UInt8(ascii: "$") { tagEnd += 1 }
      let tagLength = tagEnd + 1 - token.start
      let start = token.start + tagLength
      let end = max(start, token.end - tagLength)
      return String(decoding: bytes[start..<end], as: UTF8.self)
    default:
      return String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }
  }
}
