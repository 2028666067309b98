import PostgresSyntax

/// `CREATE DOMAIN ... CHECK` and `ALTER DOMAIN ... ADD CONSTRAINT`.
public struct BanDomainConstraint: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "ban-domain-constraint",
    category: .locking,
    defaultSeverity: .warning,
    summary: "Constraints on domains are checked against every column using the domain at once",
    rationale: """
      A domain's constraint belongs to every column of every table that uses the domain. \
      `ALTER DOMAIN ... ADD CONSTRAINT` checks all of them in one statement, under a SHARE lock on each \
      of those tables that blocks their writes until the migration commits (`NOT VALID` skips the \
      check, and `ALTER DOMAIN ... VALIDATE CONSTRAINT` does it later). A `CHECK` in `CREATE DOMAIN` \
      costs nothing today, but ties the rule to every future column: changing it later means that \
      statement, over all of them, and it cannot be relaxed or tightened one table at a time. Domain \
      constraints are also checked only when a value is converted to the domain: PostgreSQL's manual \
      warns that a column of the domain can read NULL despite `NOT NULL` (outer joins, for example) \
      and that a CHECK calling a function whose behavior changes is not rechecked. A column `CHECK` on \
      each table (added `NOT VALID`, validated separately) avoids all of this. Domains created \
      earlier in the same file are used by no existing column: the rule is silent on their `ALTER DOMAIN`.
      """,
    lock: "SHARE",
    postgresVersions: "all",
    fixAvailability: .none,
    useInstead: """
      CREATE DOMAIN email_address AS text;
      ALTER TABLE customers ADD CONSTRAINT customers_email_check CHECK (email ~ '^[^@]+@[^@]+$') NOT VALID;
      ALTER TABLE customers VALIDATE CONSTRAINT customers_email_check;
      """,
    triggering: [
      RuleExample(
        "↓ALTER DOMAIN email_address ADD CONSTRAINT email_address_check CHECK (VALUE ~ '^[^@]+@[^@]+$');",
        message: """
          ALTER DOMAIN email_address ADD CONSTRAINT checks every column of type email_address at once, \
          holding a SHARE lock on each of their tables
          """),
      RuleExample(
        "↓CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);",
        message: """
          CREATE DOMAIN positive_amount has a CHECK constraint: changing it later checks every column of \
          the domain at once, under a lock on each of their tables
          """),
    ],
    nonTriggering: [
      RuleExample("CREATE DOMAIN email_address AS text;"),
      RuleExample("ALTER DOMAIN email_address ADD CONSTRAINT email_address_check CHECK (VALUE <> '') NOT VALID;"),
      RuleExample(
        """
        CREATE DOMAIN sku AS text;
        ALTER DOMAIN sku ADD CONSTRAINT sku_check CHECK (length(VALUE) = 12);
        """),
    ],
    elsewhere: ["squawk: ban-create-domain-with-constraint", "squawk: ban-alter-domain-with-add-constraint"])

  public var statementKinds: StatementKinds { [.createSimple, .other] }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    switch context.statement.node {
    case .createSimple(let create) where create.objectType == .domain:
      guard hasKeyword("check", context) else { return [] }
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              CREATE DOMAIN \(create.name.displayText) has a CHECK constraint: changing it later checks every \
              column of the domain at once, under a lock on each of their tables
              """),
          help: """
            Declare the domain without the CHECK and put the check on each column's table \
            (ALTER TABLE ... ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT), or \
            keep it knowingly and suppress this finding.
            """)
      ]
    case .other where context.statement.kind == "AlterDomainStmt":
      let codeTokens = Array(context.statementCodeTokens)
      let words = codeTokens.prefix(8).map { context.identifierWord($0) }
      guard words.count >= 4, words[0] == "alter", words[1] == "domain" else { return [] }
      // ALTER DOMAIN name ADD ..., the name possibly schema-qualified.
      guard let add = words.firstIndex(of: "add"), add >= 3 else { return [] }
      if codeTokens.count >= 2, context.identifierWord(codeTokens[codeTokens.count - 2]) == "not",
        context.identifierWord(codeTokens[codeTokens.count - 1]) == "valid"
      {
        return []
      }
      let nameTokens = codeTokens[2..<add]
      // ADD CONSTRAINT name ...; PostgreSQL names an unnamed CHECK <domain>_check.
      let domain = nameTokens.last.map { Self.identifier($0, context) } ?? ""
      let constraint =
        add + 2 < codeTokens.count && words.count > add + 1 && words[add + 1] == "constraint"
        ? context.text(of: codeTokens[add + 2]) : SQLName.quoteIfNeeded(domain + "_check")
      let name = nameTokens.map { context.text(of: $0) }.joined()
      if createdEarlierInFile(named: domain, context) {
        return []
      }
      return [
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              ALTER DOMAIN \(name) ADD CONSTRAINT checks every column of type \(name) at once, holding a SHARE \
              lock on each of their tables
              """),
          help: String(
            message: """
              Add it NOT VALID (checks only new values), then validate it separately:
                \(context.text(context.statement.range)) NOT VALID;
                ALTER DOMAIN \(name) VALIDATE CONSTRAINT \(constraint);
              """))
      ]
    default:
      return []
    }
  }

  func hasKeyword(_ keyword: StaticString, _ context: RuleContext) -> Bool {
    context.statementCodeTokens.contains { $0.kind == .identifier && $0.isKeyword(keyword, in: context.source.bytes) }
  }

  static func identifier(_ token: Token, _ context: RuleContext) -> String {
    EnumValueInTransaction.identifier(token, in: context)
  }

  /// A `CREATE DOMAIN` of that name earlier in the file.
  func createdEarlierInFile(named name: String, _ context: RuleContext) -> Bool {
    context.earlier(context.positions.creates).contains { statement in
      if case .createSimple(let create) = statement.node, create.objectType == .domain {
        return create.name.name == name
      }
      return false
    }
  }
}

extension RuleContext {
  /// A keyword or unquoted identifier token in lower case ("" for other tokens).
  func identifierWord(_ token: Token) -> String {
    token.kind == .identifier ? text(of: token).lowercased() : ""
  }
}
