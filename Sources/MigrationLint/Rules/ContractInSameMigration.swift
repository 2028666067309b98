import PostgresSyntax

/// The expand and contract steps of a rename in one migration: a column
/// (or table) is added, filled from another, and the other is dropped.
public struct ContractInSameMigration: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "contract-in-same-migration",
    category: .compatibility,
    defaultSeverity: .error,
    summary: "A column or table is copied into a new one and dropped in the same migration",
    rationale: """
      Replacing a column without downtime takes several deploys: add the new column (expand), make the \
      application write both and backfill, deploy the application reading the new one, and only then \
      drop the old one (contract). Doing all of it in one migration is a rename in disguise: the \
      application version running while the migration is applied (and until the new one is fully \
      rolled out) still reads and writes the old column, and every one of its queries naming it \
      fails as soon as the migration commits. Rows it writes between the copy and its own redeploy \
      are lost from the new column. The same holds for a table copied into a new one and dropped.

      Steps in separate files are no safer when they ship together. When cslint knows which \
      migrations are applied (the `cslint.lock` ledger, or `--base REF`: files present at that \
      revision), every migration not applied yet goes out in the same deploy, so a drop is also \
      reported when the column was added and filled (or the table created and filled) by another \
      unapplied migration. Without a ledger or a base, only the file itself counts: an expand and a \
      contract in different files are taken to be deployed apart.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    useInstead: """
      -- Migration 1 (expand), deployed with application code that writes both columns:
      ALTER TABLE public.customers ADD COLUMN IF NOT EXISTS full_name text;
      -- Then, after that deploy: backfill in batches (outside the migration), e.g.
      --   UPDATE public.customers SET full_name = name WHERE id IN (... LIMIT 5000);
      -- then deploy code that reads only full_name.
      -- Migration 2 (contract), in a later release:
      ALTER TABLE public.customers DROP COLUMN IF EXISTS name;
      """,
    triggering: [
      RuleExample(
        """
        ALTER TABLE customers ADD COLUMN full_name text;
        UPDATE customers SET full_name = name WHERE full_name IS NULL;
        ALTER TABLE customers ↓DROP COLUMN name;
        """,
        message: """
          customers.name is dropped by the migration that copies it into full_name: the application \
          running during the deploy still uses name, and its queries fail once this commits
          """),
      RuleExample(
        """
        CREATE TABLE customer_accounts (id bigint PRIMARY KEY, email text NOT NULL);
        INSERT INTO customer_accounts (id, email) SELECT id, email FROM customers;
        ↓DROP TABLE customers;
        """,
        message: """
          customers is dropped by the migration that copies it into customer_accounts: the application \
          running during the deploy still uses customers, and its queries fail once this commits
          """),
      RuleExample(
        """
        ALTER TABLE public.customers ADD COLUMN IF NOT EXISTS display_name text;
        UPDATE public.customers SET display_name = coalesce(nick, name);
        ALTER TABLE public.customers ↓DROP COLUMN IF EXISTS nick, ↓DROP COLUMN IF EXISTS name;
        """),
    ],
    nonTriggering: [
      // Expand only: the old column is dropped by a later migration, after a deploy.
      RuleExample(
        """
        ALTER TABLE customers ADD COLUMN full_name text;
        UPDATE customers SET full_name = name WHERE full_name IS NULL;
        """),
      // The contract step alone, in its own migration.
      RuleExample("ALTER TABLE customers DROP COLUMN name;"),
      // A table made and filled in this same migration: no application uses it yet.
      RuleExample(
        """
        CREATE TABLE staging (id bigint, a text, b text);
        UPDATE staging SET b = a;
        ALTER TABLE staging DROP COLUMN a;
        """),
      // The dropped column is not the one copied.
      RuleExample(
        """
        ALTER TABLE customers ADD COLUMN full_name text;
        UPDATE customers SET full_name = name;
        ALTER TABLE customers DROP COLUMN legacy_flag;
        """),
    ],
    elsewhere: [])

  public var statementKinds: StatementKinds { [.alterTable, .drop] }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    // A down migration undoes its up migration: it drops what that added.
    if context.isDownMigration { return [] }
    switch context.statement.node {
    case .alterTable(let alter) where alter.objectType == .table:
      return droppedColumns(alter, context)
    case .drop(let drop) where drop.objectType == .table:
      return droppedTables(drop, context)
    default:
      return []
    }
  }

  func droppedColumns(_ alter: AlterTable, _ context: RuleContext) -> [Diagnostic] {
    let dropped = alter.commands.compactMap { command -> (Identifier, Range<Int>)? in
      guard case .dropColumn(let column, _, _, _) = command.action else { return nil }
      return (column, command.range)
    }
    guard !dropped.isEmpty, !context.isNewTable(alter.name) else { return [] }
    let inFile = copiedInFile(alter, context)
    let acrossFiles = copiedByUnappliedFiles(alter.name, context)
    return dropped.compactMap { column, range in
      let name = SQLName.quoteIfNeeded(column.value)
      let contract = "ALTER TABLE \(alter.name.displayText) DROP COLUMN \(name);"
      if let target = inFile[column.value], target != column.value {
        return context.diagnostic(
          description, range: range,
          message: String(
            message: """
              \(alter.name.displayText).\(name) is dropped by the migration that copies it into \
              \(SQLName.quoteIfNeeded(target)): the application running during the deploy still uses \(name), \
              and its queries fail once this commits
              """),
          help: Self.help(expand: "ADD COLUMN \(SQLName.quoteIfNeeded(target))", contract: contract))
      }
      guard let copy = acrossFiles[column.value] else { return nil }
      let target = SQLName.quoteIfNeeded(copy.target)
      let steps =
        copy.added.index == copy.filled.index
        ? "\(copy.filled.name) adds \(target) and copies \(name) into it"
        : "\(copy.added.name) adds \(target) and \(copy.filled.name) copies \(name) into it"
      return context.diagnostic(
        description, range: range,
        message: String(
          message: """
            \(alter.name.displayText).\(name) is dropped in the deploy that copies it: \(steps), and none of \
            these migrations is applied yet; the application running during the deploy still uses \(name), and \
            its queries fail once this commits
            """),
        help: Self.helpAcrossMigrations(
          expandFiles: [copy.added.name, copy.filled.name], expand: "ADD COLUMN \(target)",
          current: context.source.path.lastPathComponent, contract: contract))
    }
  }

  /// Columns of the table copied into columns added earlier in this file:
  /// source column → target column.
  func copiedInFile(_ alter: AlterTable, _ context: RuleContext) -> [String: String] {
    var added: Set<String> = []
    for statement in context.earlier(context.positions.alterTables) {
      guard case .alterTable(let earlier) = statement.node, earlier.name.mayDenote(alter.name) else { continue }
      for command in earlier.commands {
        if case .addColumn(let column, _, _) = command.action { added.insert(column.name.value) }
      }
    }
    guard !added.isEmpty else { return [:] }
    var copiedInto: [String: String] = [:]
    for statement in context.statements[..<context.statementIndex] {
      guard case .dml(let dml) = statement.node, dml.kind == .update, let table = dml.table,
        table.mayDenote(alter.name)
      else { continue }
      for assignment in Self.assignments(tokens(of: statement, context), bytes: context.source.bytes)
      where added.contains(assignment.target) {
        for source in assignment.sources where copiedInto[source] == nil { copiedInto[source] = assignment.target }
      }
    }
    return copiedInto
  }

  /// Columns of the table that migrations not applied yet (this one
  /// included) copied into a column they added: source column → the copy.
  /// Empty unless this migration is known to be unapplied (a ledger or a
  /// git base says so) and the table existed before the unapplied ones.
  func copiedByUnappliedFiles(_ name: QualifiedName, _ context: RuleContext) -> [String: ExpandSteps.ColumnCopy] {
    let schema = context.schema
    guard schema.currentFileIsUnapplied else { return [:] }
    let key = schema.resolve(name, in: schema.tables)
    guard !schema.isCreatedByUnappliedFile(key), let table = schema.tables[key],
      let copies = schema.expandSteps.columnCopies[key]
    else { return [:] }
    return copies.filter { source, copy in table.column(source) != nil && table.column(copy.target) != nil }
  }

  func droppedTables(_ drop: DropStatement, _ context: RuleContext) -> [Diagnostic] {
    var dropped: [QualifiedName] = []
    var copies: [QualifiedName] = []
    var acrossFiles: [(name: QualifiedName, copy: ExpandSteps.TableCopy)] = []
    let schema = context.schema
    for name in drop.names where !context.isNewTable(name) {
      let copy = context.statements[..<context.statementIndex].lazy.compactMap { statement -> QualifiedName? in
        guard case .dml(let dml) = statement.node, dml.kind == .insert, dml.isInsertSelect, let target = dml.table,
          context.isNewTable(target), dml.sources.contains(where: { $0.mayDenote(name) })
        else { return nil }
        return target
      }.first
      if let copy {
        dropped.append(name)
        if !copies.contains(copy) { copies.append(copy) }
        continue
      }
      let key = schema.resolve(name, in: schema.tables)
      guard schema.currentFileIsUnapplied, !schema.isCreatedByUnappliedFile(key),
        let copy = schema.expandSteps.tableCopies[key], schema.tables[copy.target] != nil
      else { continue }
      acrossFiles.append((name, copy))
    }
    var diagnostics: [Diagnostic] = []
    if !dropped.isEmpty {
      let names = dropped.map(\.displayText).joined(separator: ", ")
      let targets = copies.map(\.displayText).joined(separator: ", ")
      diagnostics.append(
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              \(names) \(dropped.count == 1 ? "is" : "are") dropped by the migration that copies \
              \(dropped.count == 1 ? "it" : "them") into \(targets): the application running during the deploy \
              still uses \(names), and its queries fail once this commits
              """),
          help: Self.help(expand: "CREATE TABLE \(copies[0].displayText)", contract: "DROP TABLE \(names);")))
    }
    for (name, copy) in acrossFiles {
      let target = copy.target.schema == "public" ? SQLName.quoteIfNeeded(copy.target.name) : "\(copy.target)"
      diagnostics.append(
        context.diagnostic(
          description, range: context.statement.range,
          message: String(
            message: """
              \(name.displayText) is dropped in the deploy that copies it: \(copy.filled.name) copies it into \
              \(target), and none of these migrations is applied yet; the application running during the deploy \
              still uses \(name.displayText), and its queries fail once this commits
              """),
          help: Self.helpAcrossMigrations(
            expandFiles: [copy.filled.name], expand: "CREATE TABLE \(target)",
            current: context.source.path.lastPathComponent, contract: "DROP TABLE \(name.displayText);")))
    }
    return diagnostics
  }

  static func help(expand: String, contract: String) -> String {
    """
    Split it across migrations and deploys:
    1. this migration only expands (\(expand)), and the application is deployed writing both;
    2. after that deploy, the existing rows are copied in batches, outside the migration;
    3. the application is deployed reading only the new one;
    4. a later migration contracts:
      \(contract)
    """
  }

  /// The steps when the expand migrations are other files of the same deploy.
  static func helpAcrossMigrations(expandFiles: [String], expand: String, current: String, contract: String)
    -> String
  {
    var files: [String] = []
    for file in expandFiles where !files.contains(file) { files.append(file) }
    let expanding = files.joined(separator: " and ")
    return """
      The expand and contract steps are in separate files but not yet applied, so they ship in one deploy. \
      Spread them over deploys:
      1. deploy \(expanding) (\(expand)) without \(current), with the application writing both;
      2. after that deploy, copy the existing rows in batches, outside the migrations;
      3. deploy the application reading only the new one;
      4. only then apply \(current), which contracts:
        \(contract)
      """
  }

  func tokens(of statement: Statement, _ context: RuleContext) -> [Token] {
    let range = statement.span.tokens
    guard range.lowerBound >= 0, range.upperBound <= context.fileTokens.count else { return [] }
    return context.fileTokens[range].filter { !$0.kind.isTrivia }
  }

  /// The `SET` assignments of an `UPDATE`'s code tokens: each target column
  /// and the names its expression mentions (`SET (a, b) = ...` is skipped).
  static func assignments(_ code: [Token], bytes: [UInt8]) -> [(target: String, sources: Set<String>)] {
    guard let set = code.firstIndex(where: { $0.kind == .identifier && $0.isKeyword("set", in: bytes) }) else {
      return []
    }
    var result: [(target: String, sources: Set<String>)] = []
    var index = set + 1
    while index + 1 < code.count {
      let target = code[index]
      guard target.kind == .identifier || target.kind == .quotedIdentifier, code[index + 1].kind == .operator
      else { break }
      var sources: Set<String> = []
      var depth = 0
      index += 2
      while index < code.count {
        let token = code[index]
        if depth == 0 {
          if token.kind == .comma { break }
          if token.kind == .identifier,
            token.isKeyword("from", in: bytes) || token.isKeyword("where", in: bytes)
              || token.isKeyword("returning", in: bytes)
          {
            break
          }
        }
        switch token.kind {
        case .leftParen: depth += 1
        case .rightParen: depth = max(0, depth - 1)
        case .identifier, .quotedIdentifier:
          let followedByParen = index + 1 < code.count && code[index + 1].kind == .leftParen
          if !followedByParen { sources.insert(token.identifierText(in: bytes)) }
        default: break
        }
        index += 1
      }
      result.append((target.identifierText(in: bytes), sources))
      guard index < code.count, code[index].kind == .comma else { break }
      index += 1
    }
    return result
  }
}
