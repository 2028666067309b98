import MigrationLint
import PostgresSyntax

/// Replays migration files (SQL texts, in order) into a fresh schema state,
/// the way the linter replays history.
func replaySchema(_ files: [String], runnerWrapsFileInTransaction: Bool = true) -> SchemaState {
  var state = SchemaState()
  state.runnerWrapsFileInTransaction = runnerWrapsFileInTransaction
  for (index, sql) in files.enumerated() {
    let source = SourceFile(path: "\(index).sql", text: sql)
    replay(source, index: index, into: &state)
  }
  return state
}

/// Replays one file as the `index`-th migration.
func replay(_ source: SourceFile, index: Int, into state: inout SchemaState) {
  state.beginFile(index: index)
  for statement in StatementParser.parse(ScannedFile(source: source)) {
    state.apply(statement, source: source)
  }
}

/// A stable, sorted text rendering of the schema objects (not the session
/// settings), one object per line with its details indented below it.
func dump(_ state: SchemaState) -> String {
  var lines: [String] = []
  for schema in state.schemas.sorted() where schema != "public" { lines.append("schema \(schema)") }
  for (name, schema) in state.extensions.sorted(by: { $0.key < $1.key }) {
    lines.append("extension \(name) in \(schema)")
  }
  for table in state.tables.values.sorted(by: { $0.key < $1.key }) { lines += dump(table) }
  for index in state.indexes.values.sorted(by: { $0.key < $1.key }) {
    let columns = index.columns.map { $0 ?? "<expr>" }.joined(separator: ", ")
    lines.append(
      "index \(index.key) on \(index.table) (\(columns))" + (index.unique ? " unique" : "")
        + (index.partial ? " partial" : ""))
  }
  for function in state.functions.values.sorted(by: { $0.key < $1.key }) {
    lines.append(
      "function \(function.key)" + (function.securityDefiner ? " security definer" : "")
        + (function.setsSearchPath ? " sets search_path" : ""))
  }
  for view in state.views.values.sorted(by: { $0.key < $1.key }) {
    lines.append(
      (view.materialized ? "materialized view " : "view ") + view.key.description
        + (view.securityInvoker ? " security_invoker" : ""))
  }
  for type in state.enums.values.sorted(by: { $0.key < $1.key }) {
    lines.append("enum \(type.key) [\(type.values.joined(separator: ", "))]")
  }
  return lines.joined(separator: "\n")
}

private func dump(_ table: TableInfo) -> [String] {
  var head = "table \(table.key)"
  if table.rlsEnabled { head += " rls" }
  if table.rlsForced { head += " forced" }
  if table.isPartitioned { head += " partitioned" }
  if table.isUncertain { head += " uncertain" }
  var lines = [head]
  for column in table.columns {
    var line = "  \(column.name) \(column.typeName)"
    if column.notNull { line += " not null" }
    if let expression = column.defaultExpression {
      line += " default \(expression)" + (column.defaultIsVolatile ? " (volatile)" : "")
    }
    if column.isIdentity { line += " identity" }
    if column.isGenerated { line += " generated" }
    lines.append(line)
  }
  for constraint in table.constraints {
    var line =
      "  constraint \(constraint.name) \(constraint.kind.rawValue) (\(constraint.columns.joined(separator: ", ")))"
    if let target = constraint.referencedTable { line += " -> \(target)" }
    if let check = constraint.checkExpression { line += " check \(check)" }
    if !constraint.validated { line += " not valid" }
    lines.append(line)
  }
  for policy in table.policies {
    lines.append(
      "  policy \(policy.name) \(policy.command) to [\(policy.roles.joined(separator: ", "))]"
        + (policy.permissive ? "" : " restrictive"))
  }
  return lines
}
