/// Transactions, settings, DO, COMMENT, GRANT/REVOKE, TRUNCATE, LOCK,
/// VACUUM/ANALYZE/CLUSTER/REINDEX and REFRESH.
enum UtilityParser {
  static func parseTransactionOrPrepare(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    let word = cursor.identifierText(cursor.current!)
    cursor.advance()
    let kind: TransactionKind
    switch word {
    case "begin": kind = .begin
    case "start": kind = .start
    case "commit", "end": kind = cursor.isKeyword("prepared") ? .commitPrepared : .commit
    case "rollback", "abort":
      if cursor.isKeyword("prepared") {
        kind = .rollbackPrepared
      } else {
        _ = cursor.accept("work") || cursor.accept("transaction")
        kind = cursor.isKeyword("to") ? .rollbackTo : .rollback
      }
    case "savepoint": kind = .savepoint
    case "release": kind = .release
    default:
      guard cursor.isKeyword("transaction") else { return ("PrepareStmt", .other) }
      kind = .prepare
    }
    return ("TransactionStmt:\(kind.rawValue)", .transaction(TransactionStatement(kind: kind)))
  }

  static func parseSet(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    let isReset = cursor.isKeyword("reset")
    cursor.advance()
    if isReset {
      var name: String?
      if let token = cursor.current, !token.isKeyword("all", in: cursor.bytes) {
        name = cursor.text(cursor.skipRest() ?? 0..<0).lowercased()
      }
      return ("VariableSetStmt", .set(SetStatement(name: name, value: nil, isLocal: false, isReset: true)))
    }
    if cursor.isKeyword("constraints") { return ("ConstraintsSetStmt", .other) }
    var isLocal = false
    if cursor.accept("local") {
      isLocal = true
    } else {
      cursor.accept("session")
    }
    guard let first = cursor.current else { return ("VariableSetStmt", .other) }
    var name = cursor.identifierText(first)
    cursor.advance()
    while cursor.isKind(.dot), let next = cursor.peek(1) {
      cursor.advance()
      name += "." + cursor.identifierText(next)
      cursor.advance()
    }
    if name == "time" && cursor.accept("zone") { name = "timezone" }
    if let token = cursor.current,
      token.isKeyword("to", in: cursor.bytes)
        || (token.kind == .operator && cursor.text(token.range) == "=")
    {
      cursor.advance()
    }
    var value: String?
    if let range = cursor.skipRest() {
      var text = cursor.text(range)
      if text.count >= 2 && text.hasPrefix("'") && text.hasSuffix("'") {
        text = String(text.dropFirst().dropLast()).replacing("''", with: "'")
      }
      value = text
    }
    return ("VariableSetStmt", .set(SetStatement(name: name, value: value, isLocal: isLocal, isReset: false)))
  }

  static func parseDo(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    var block = DoBlock(body: nil, language: nil)
    while let token = cursor.current {
      if token.kind.isStringLiteral {
        block.body = token.range
      } else if token.isKeyword("language", in: cursor.bytes), let language = cursor.peek(1) {
        block.language = cursor.identifierText(language)
        cursor.advance()
      }
      cursor.advance()
    }
    return ("DoStmt", .doBlock(block))
  }

  static func parseComment(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    cursor.accept("on")
    var objectType = ""
    while let token = cursor.current, token.kind == .identifier {
      let word = cursor.identifierText(token)
      let isName =
        cursor.peek(1).map { $0.kind == .dot || $0.isKeyword("is", in: cursor.bytes) || $0.kind == .leftParen } ?? true
      if isName { break }
      objectType += (objectType.isEmpty ? "" : " ") + word.uppercased()
      cursor.advance()
      if word == "column" || word == "table" || word == "schema" || word == "function" { break }
    }
    let target = cursor.parseQualifiedName()
    return ("CommentStmt", .comment(CommentOn(objectType: ObjectKind(sqlName: objectType), target: target)))
  }

  static func parseGrant(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    let isGrant = cursor.isKeyword("grant")
    cursor.advance()
    var probe = cursor
    let hasOn =
      probe.skip(until: { $0.isKeyword("on") || $0.isKeyword("to") || $0.isKeyword("from") })
      && probe.isKeyword("on")
    guard hasOn else { return ("GrantRoleStmt", .other) }
    if !isGrant { cursor.accept("grant", "option", "for") }
    var privileges: [String] = []
    while let token = cursor.current, !token.isKeyword("on", in: cursor.bytes) {
      if token.kind == .identifier { privileges.append(cursor.identifierText(token).uppercased()) }
      if token.kind == .leftParen {
        _ = cursor.skipParenthesized()
      } else {
        cursor.advance()
      }
    }
    cursor.accept("on")
    var objectType = "TABLE"
    if cursor.accept("all") {
      var words: [String] = []
      while let token = cursor.current, token.kind == .identifier, !token.isKeyword("schema", in: cursor.bytes) {
        words.append(cursor.identifierText(token).uppercased())
        cursor.advance()
      }
      cursor.accept("schema")
      objectType = "ALL " + words.joined(separator: " ") + " SCHEMA"
    } else if let token = cursor.current, token.kind == .identifier, let next = cursor.peek(1),
      next.kind == .identifier || next.kind == .quotedIdentifier
    {
      let word = cursor.identifierText(token)
      switch word {
      case "table", "sequence", "function", "procedure", "routine", "schema", "database", "type", "domain",
        "language", "tablespace", "server", "foreign", "large", "parameter":
        objectType = word.uppercased()
        cursor.advance()
        if word == "foreign" || word == "large" {
          while let extra = cursor.current, extra.kind == .identifier,
            let after = cursor.peek(1), after.kind == .identifier || after.kind == .quotedIdentifier,
            !(after.isKeyword("to", in: cursor.bytes) || after.isKeyword("from", in: cursor.bytes))
          {
            cursor.advance()
          }
        }
      default: break
      }
    }
    // `ALL TABLES IN SCHEMA a, b`: the objects are the schemas.
    let objects = cursor.parseQualifiedNameList()
    var roles: [String] = []
    if cursor.skip(until: { $0.isKeyword("to") || $0.isKeyword("from") }) {
      cursor.advance()
      while let token = cursor.current, token.kind == .identifier || token.kind == .quotedIdentifier {
        if token.isKeyword("with", in: cursor.bytes) || token.isKeyword("granted", in: cursor.bytes)
          || token.isKeyword("cascade", in: cursor.bytes) || token.isKeyword("restrict", in: cursor.bytes)
        {
          break
        }
        cursor.accept("group")
        if let role = cursor.current { roles.append(cursor.identifierText(role)) }
        cursor.advance()
        if cursor.accept(kind: .comma) == nil { break }
      }
    }
    let grant = GrantStatement(
      isGrant: isGrant, privileges: privileges, objectType: objectType, objects: objects, roles: roles)
    return ("GrantStmt", .grant(grant))
  }

  static func parseTruncate(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    cursor.accept("table")
    cursor.accept("only")
    let tables = cursor.parseQualifiedNameList()
    let cascade = cursor.skip(until: { $0.isKeyword("cascade") })
    return ("TruncateStmt", .truncate(TruncateStatement(tables: tables, cascade: cascade)))
  }

  static func parseLock(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    cursor.accept("table")
    cursor.accept("only")
    let tables = cursor.parseQualifiedNameList()
    var mode = "ACCESS EXCLUSIVE"
    if cursor.accept("in") {
      var words: [String] = []
      while let token = cursor.current, !token.isKeyword("mode", in: cursor.bytes) {
        words.append(cursor.identifierText(token).uppercased())
        cursor.advance()
      }
      if !words.isEmpty { mode = words.joined(separator: " ") }
    }
    return ("LockStmt", .lock(LockStatement(tables: tables, mode: mode)))
  }

  static func parseMaintenance(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    let word = cursor.identifierText(cursor.current!)
    cursor.advance()
    var concurrently = false
    var kind: MaintenanceKind
    let nodeName: String
    switch word {
    case "vacuum":
      kind = .vacuum
      nodeName = "VacuumStmt"
    case "analyze", "analyse":
      kind = .analyze
      nodeName = "VacuumStmt"
    case "cluster":
      kind = .cluster
      nodeName = "ClusterStmt"
    default:
      kind = .reindex
      nodeName = "ReindexStmt"
    }
    if cursor.isKind(.leftParen), let options = cursor.skipParenthesized() {
      let text = cursor.text(options).lowercased()
      if kind == .vacuum && text.contains("full") && !text.contains("full false") && !text.contains("full off") {
        kind = .vacuumFull
      }
      if text.contains("concurrently") { concurrently = true }
    }
    var objectType: String?
    var afterObjectKeyword: Int?
    while let token = cursor.current, token.kind == .identifier {
      let option = cursor.identifierText(token)
      switch option {
      case "full" where kind == .vacuum: kind = .vacuumFull
      case "concurrently": concurrently = true
      case "table", "index", "schema", "database", "system":
        // REINDEX's object keyword (the first one only: `REINDEX TABLE index` names a table).
        if kind == .reindex && objectType == nil {
          objectType = option.uppercased()
          afterObjectKeyword = token.end
        }
      case "freeze", "verbose", "analyze", "analyse", "full":
        break
      default:
        let target = cursor.parseQualifiedName()
        return (
          nodeName,
          .maintenance(
            MaintenanceStatement(
              kind: kind, concurrently: concurrently, target: target, objectType: objectType,
              afterObjectKeyword: afterObjectKeyword))
        )
      }
      cursor.advance()
    }
    return (
      nodeName,
      .maintenance(
        MaintenanceStatement(
          kind: kind, concurrently: concurrently, target: nil, objectType: objectType,
          afterObjectKeyword: afterObjectKeyword))
    )
  }

  static func parseRefresh(_ cursor: inout TokenCursor) -> (String, StatementNode) {
    cursor.advance()
    cursor.accept("materialized")
    cursor.accept("view")
    let concurrently = cursor.accept("concurrently")
    guard let name = cursor.parseQualifiedName() else { return ("RefreshMatViewStmt", .other) }
    return (
      "RefreshMatViewStmt",
      .refreshMaterializedView(RefreshMaterializedView(name: name, concurrently: concurrently))
    )
  }
}
