import PostgresSyntax

/// Parses `sql` and renders each statement with `summary(of:in:)`.
func summaries(_ sql: String) -> [String] {
  let source = SourceFile(path: "test.sql", text: sql)
  return StatementParser.parse(ScannedFile(source: source)).map { summary(of: $0, in: source) }
}

/// The one statement of `sql`, summarised (a sentinel when there are more).
func summary(_ sql: String) -> String {
  let all = summaries(sql)
  return all.count == 1 ? all[0] : "<\(all.count) statements: \(all)>"
}

/// The kind string of each statement of `sql`.
func kinds(_ sql: String) -> [String] {
  StatementParser.parse(ScannedFile(source: SourceFile(path: "test.sql", text: sql))).map(\.kind)
}

/// A one-line rendering of the AST fields rules read, so tests compare one
/// string per statement. Ranges are shown as the source text they cover,
/// which checks the range and keeps the expectation readable.
func summary(of statement: Statement, in source: SourceFile) -> String {
  SummaryRenderer(source: source).render(statement.node)
}

private struct SummaryRenderer {
  let source: SourceFile

  func text(_ range: Range<Int>?) -> String {
    guard let range else { return "nil" }
    return "\"" + source.text(range) + "\""
  }

  func name(_ name: QualifiedName?) -> String { name?.displayText ?? "nil" }

  func names(_ names: [QualifiedName]) -> String { "[" + names.map(\.displayText).joined(separator: ", ") + "]" }

  func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

  func optional(_ value: String?) -> String { value ?? "nil" }

  func render(_ node: StatementNode) -> String {
    switch node {
    case .createTable(let table): return createTable(table)
    case .createIndex(let index): return createIndex(index)
    case .alterTable(let alter):
      let flags = (alter.ifExists ? " IF EXISTS" : "") + (alter.only ? " ONLY" : "")
      let commands = alter.commands.map { "\($0.subtype) \(action($0.action))" }
      return "AlterTable(\(alter.objectType.sqlName)\(flags) \(name(alter.name)), \(list(commands)))"
    case .drop(let drop): return self.drop(drop)
    case .rename(let rename):
      let on = rename.onTable.map { " on \(name($0))" } ?? ""
      return "Rename(\(rename.objectType.rawValue) \(name(rename.target))\(on): "
        + "\(rename.oldName?.value ?? "nil") -> \(rename.newName?.value ?? "nil"))"
    case .alterObjectSchema(let move):
      return "SetSchema(\(move.objectType.rawValue) \(name(move.target)) -> \(move.newSchema?.value ?? "nil"))"
    case .createPolicy(let policy): return "CreatePolicy" + self.policy(policy)
    case .alterPolicy(let policy): return "AlterPolicy" + self.policy(policy)
    case .createFunction(let function): return self.function(function)
    case .alterFunction(let alter):
      return "AlterFunction(\(name(alter.name)), securityDefiner: \(alter.securityDefiner.map { "\($0)" } ?? "nil"), "
        + "setsSearchPath: \(alter.setsSearchPath.map { "\($0)" } ?? "nil"))"
    case .createTrigger(let trigger):
      return "CreateTrigger(\(trigger.name.value) on \(name(trigger.table)), orReplace: \(trigger.orReplace), "
        + "constraint: \(trigger.isConstraint), function: \(name(trigger.function)))"
    case .createView(let view): return self.view(view)
    case .refreshMaterializedView(let refresh):
      return "Refresh(\(name(refresh.name)), concurrently: \(refresh.concurrently))"
    case .createType(let type):
      return "CreateType(\(name(type.name)), \(type.definition.rawValue), values: \(list(type.enumValues)))"
    case .alterEnum(let alter):
      var position = ""
      if let before = alter.before { position = ", before: \(before)" }
      if let after = alter.after { position = ", after: \(after)" }
      return "AlterEnum(\(name(alter.name)), add: \(optional(alter.newValue)), ifNotExists: \(alter.ifNotExists), "
        + "renameFrom: \(optional(alter.renameFrom))\(position))"
    case .createSimple(let simple):
      return "Create\(simple.objectType.sqlName)(\(name(simple.name)), ifNotExists: \(simple.ifNotExists), "
        + "schema: \(simple.schema?.value ?? "nil"))"
    case .comment(let comment): return "Comment(\(comment.objectType.sqlName) \(name(comment.target)))"
    case .grant(let grant):
      return "\(grant.isGrant ? "Grant" : "Revoke")(\(list(grant.privileges)) on \(grant.objectType) "
        + "\(names(grant.objects)) \(grant.isGrant ? "to" : "from") \(list(grant.roles)))"
    case .transaction(let transaction): return "Transaction(\(transaction.kind.rawValue))"
    case .set(let set):
      if set.isReset { return "Reset(\(optional(set.name)))" }
      return "Set(\(optional(set.name)) = \(optional(set.value))\(set.isLocal ? ", local" : ""))"
    case .doBlock(let block): return "Do(language: \(optional(block.language)), body: \(text(block.body)))"
    case .dml(let dml):
      return "\(dml.kind.rawValue.capitalized)(\(name(dml.table)), where: \(dml.hasWhere), "
        + "select: \(dml.isInsertSelect))"
    case .truncate(let truncate):
      return "Truncate(\(names(truncate.tables)), cascade: \(truncate.cascade))"
    case .lock(let lock): return "Lock(\(names(lock.tables)), \(lock.mode))"
    case .maintenance(let maintenance):
      return "\(maintenance.kind.rawValue)(\(name(maintenance.target)), concurrently: \(maintenance.concurrently))"
    case .psqlMetaCommand: return "PsqlMetaCommand"
    case .other: return "Other"
    }
  }

  func createTable(_ table: CreateTable) -> String {
    var flags: [String] = []
    if table.ifNotExists { flags.append("IF NOT EXISTS") }
    if table.isTemporary { flags.append("TEMP") }
    if table.isUnlogged { flags.append("UNLOGGED") }
    if table.isPartitioned { flags.append("PARTITIONED") }
    if let parent = table.partitionOf { flags.append("PARTITION OF \(name(parent))") }
    if !table.inherits.isEmpty { flags.append("INHERITS \(names(table.inherits))") }
    if !table.likeTables.isEmpty { flags.append("LIKE \(names(table.likeTables))") }
    let head = ([name(table.name)] + flags).joined(separator: " ")
    return "CreateTable(\(head), columns: \(list(table.columns.map(column))), "
      + "constraints: \(list(table.constraints.map(constraint))))"
  }

  func column(_ column: ColumnDefinition) -> String {
    var parts = [column.name.value, column.typeName]
    if column.notNull { parts.append("NOT NULL") }
    if column.primaryKey { parts.append("PK") }
    if column.unique { parts.append("UNIQUE") }
    if let text = column.defaultText { parts.append("DEFAULT \(text)") }
    if column.isIdentity { parts.append("IDENTITY") }
    if column.isGenerated { parts.append("GENERATED") }
    if let target = column.references {
      let columns = column.referencedColumns.isEmpty ? "" : "(\(column.referencedColumns.joined(separator: ", ")))"
      parts.append("REFERENCES \(name(target))\(columns)" + actions(column.referenceActions))
    }
    for check in column.checks { parts.append("CHECK \(text(check))") }
    if !column.constraintNames.isEmpty {
      parts.append("names: " + column.constraintNames.map(\.value).joined(separator: ", "))
    }
    return parts.joined(separator: " ")
  }

  func actions(_ actions: ReferentialActions) -> String {
    (actions.onDelete.map { " ON DELETE \($0)" } ?? "") + (actions.onUpdate.map { " ON UPDATE \($0)" } ?? "")
  }

  func constraint(_ constraint: TableConstraint) -> String {
    var parts: [String] = []
    if let name = constraint.name { parts.append(name.value + ":") }
    parts.append(constraint.kind.rawValue + "(" + constraint.columns.joined(separator: ", ") + ")")
    if let target = constraint.referencedTable {
      parts.append(
        "REFERENCES \(name(target))(\(constraint.referencedColumns.joined(separator: ", ")))"
          + actions(constraint.referenceActions))
    }
    if let expression = constraint.expression { parts.append(text(expression)) }
    if let index = constraint.usingIndex { parts.append("USING INDEX \(index.value)") }
    if constraint.notValid { parts.append("NOT VALID") }
    if constraint.deferrable { parts.append("DEFERRABLE") }
    return parts.joined(separator: " ")
  }

  func createIndex(_ index: CreateIndex) -> String {
    let columns = index.columns.map { $0.column ?? "<\(source.text($0.range))>" }
    return "CreateIndex(table: \(name(index.table)), name: \(index.name?.value ?? "nil"), "
      + (index.unique ? "unique, " : "")
      + "concurrently: \(index.concurrently), ifNotExists: \(index.ifNotExists), only: \(index.only), "
      + "using: \(optional(index.method)), columns: \(list(columns)), include: \(list(index.include)), "
      + "where: \(text(index.whereClause)))"
  }

  func action(_ action: AlterTableAction) -> String {
    switch action {
    case .addColumn(let definition, let ifNotExists, _):
      return "add(\(column(definition))\(ifNotExists ? ", IF NOT EXISTS" : ""))"
    case .dropColumn(let name, let ifExists, let cascade, _):
      return "drop(\(name.value)\(ifExists ? ", IF EXISTS" : "")\(cascade ? ", CASCADE" : ""))"
    case .alterColumnType(let name, let typeName, let using, _):
      return "type(\(name.value) \(typeName), using: \(text(using)))"
    case .setNotNull(let name): return "setNotNull(\(name.value))"
    case .dropNotNull(let name): return "dropNotNull(\(name.value))"
    case .setDefault(let name, let expression): return "setDefault(\(name.value) \(text(expression)))"
    case .dropDefault(let name): return "dropDefault(\(name.value))"
    case .addIdentity(let name): return "addIdentity(\(name.value))"
    case .addConstraint(let definition): return "addConstraint(\(constraint(definition)))"
    case .validateConstraint(let name): return "validate(\(name.value))"
    case .dropConstraint(let name, let ifExists, _):
      return "dropConstraint(\(name.value)\(ifExists ? ", IF EXISTS" : ""))"
    case .rowLevelSecurity(let enable, let force):
      return "rls(enable: \(enable), force: \(force.map { "\($0)" } ?? "nil"))"
    case .attachPartition(let partition): return "attach(\(name(partition)))"
    case .detachPartition(let partition, let concurrently):
      return "detach(\(name(partition)), concurrently: \(concurrently))"
    case .other: return "other"
    }
  }

  func drop(_ drop: DropStatement) -> String {
    var flags: [String] = []
    if drop.concurrently { flags.append("CONCURRENTLY") }
    if drop.ifExists { flags.append("IF EXISTS") }
    if drop.cascade { flags.append("CASCADE") }
    if let table = drop.onTable { flags.append("ON \(name(table))") }
    return "Drop(\(([drop.objectType.rawValue, names(drop.names)] + flags).joined(separator: " ")))"
  }

  func policy(_ policy: PolicyDefinition) -> String {
    "(\(policy.name.value) on \(name(policy.table)), \(policy.permissive ? "permissive" : "restrictive"), "
      + "for: \(policy.command), to: \(list(policy.roles)), using: \(text(policy.using)), "
      + "withCheck: \(text(policy.withCheck)))"
  }

  func function(_ function: CreateFunction) -> String {
    "Create\(function.isProcedure ? "Procedure" : "Function")(\(name(function.name))"
      + (function.orReplace ? ", orReplace" : "") + ", args: \(text(function.arguments)), "
      + "returns: \(optional(function.returns)), language: \(optional(function.language)), "
      + "volatility: \(optional(function.volatility)), securityDefiner: \(function.securityDefiner), "
      + "searchPath: \(function.setsSearchPath ? optional(function.searchPathValue) : "unset"), "
      + "body: \(text(function.body)))"
  }

  func view(_ view: CreateView) -> String {
    let kind = view.isTableAs ? "CreateTableAs" : view.materialized ? "CreateMaterializedView" : "CreateView"
    var flags: [String] = []
    if view.orReplace { flags.append("orReplace") }
    if view.ifNotExists { flags.append("IF NOT EXISTS") }
    if view.securityInvoker { flags.append("security_invoker") }
    if view.withNoData { flags.append("WITH NO DATA") }
    let head = ([name(view.name)] + flags).joined(separator: ", ")
    return "\(kind)(\(head), query: \(text(view.query)))"
  }
}
