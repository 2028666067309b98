import PostgresSyntax

/// The expand steps of an expand/contract change made by migrations that are
/// not applied yet (`SchemaState.unappliedFiles`): columns added to an
/// existing table and filled from another of its columns, and tables created
/// and filled from an existing one. They ship in the same deploy as a later
/// unapplied migration, so that one must not contract (drop the source).
public struct ExpandSteps: Sendable, Equatable {
  /// A migration file, for messages.
  public struct FileMark: Sendable, Equatable {
    public var index: Int
    /// The file's name (its last path component).
    public var name: String
  }

  /// A column added to an existing table by an unapplied migration.
  public struct AddedColumn: Sendable, Equatable {
    public var column: String
    public var file: FileMark
  }

  /// `UPDATE t SET target = <expression naming source>` on a column added
  /// by an unapplied migration, itself in an unapplied migration.
  public struct ColumnCopy: Sendable, Equatable {
    public var target: String
    public var added: FileMark
    public var filled: FileMark
  }

  /// `INSERT INTO target SELECT ... FROM source` into a table created by an
  /// unapplied migration, itself in an unapplied migration.
  public struct TableCopy: Sendable, Equatable {
    public var target: ObjectKey
    public var filled: FileMark
  }

  /// Added columns by table.
  public var addedColumns: [ObjectKey: [AddedColumn]] = [:]
  /// Column copies by table, then by source column (the first copy wins).
  public var columnCopies: [ObjectKey: [String: ColumnCopy]] = [:]
  /// Table copies by source table (the first copy wins).
  public var tableCopies: [ObjectKey: TableCopy] = [:]
}

extension SchemaState {
  /// The current file is a migration known not to be applied yet.
  public var currentFileIsUnapplied: Bool { fileIndex >= 0 && unappliedFiles.contains(fileIndex) }

  /// True when the table was created by a migration not applied yet (no
  /// deployed application uses it).
  public func isCreatedByUnappliedFile(_ key: ObjectKey) -> Bool {
    guard let table = tables[key] else { return false }
    return unappliedFiles.contains(table.origin.fileIndex)
  }

  /// Records (or forgets) expand steps for `statement`, run before the
  /// statement changes the schema. Only unapplied files record steps.
  mutating func recordExpandSteps(_ statement: Statement, source: SourceFile) {
    guard !unappliedFiles.isEmpty else { return }
    switch statement.node {
    case .alterTable(let alter) where alter.objectType == .table:
      let key = resolveTable(alter.name)
      guard tables.hasKey(key) else { return }
      for command in alter.commands {
        switch command.action {
        case .addColumn(let column, _, _):
          guard currentFileIsUnapplied, !isCreatedByUnappliedFile(key),
            tables[key]?.column(column.name.value) == nil
          else { continue }
          expandSteps.addedColumns[key, default: []].append(
            ExpandSteps.AddedColumn(column: column.name.value, file: currentFileMark(source)))
        case .dropColumn(let column, _, _, _):
          let name = column.value
          expandSteps.addedColumns[key]?.removeAll { $0.column == name }
          expandSteps.columnCopies[key]?[name] = nil
          expandSteps.columnCopies[key] = expandSteps.columnCopies[key]?.filter { $0.value.target != name }
        default:
          continue
        }
      }
    case .dml(let dml) where dml.kind == .update:
      guard currentFileIsUnapplied, let table = dml.table else { return }
      let key = resolveTable(table)
      guard let added = expandSteps.addedColumns[key], !added.isEmpty else { return }
      let bytes = Array(source.bytes[clamped(statement.range, count: source.bytes.count)])
      let code = Lexer.tokenize(bytes).tokens.filter { !$0.kind.isTrivia }
      for assignment in ContractInSameMigration.assignments(code, bytes: bytes) {
        guard let addition = added.first(where: { $0.column == assignment.target }) else { continue }
        for column in assignment.sources.sorted()
        where column != assignment.target && expandSteps.columnCopies[key]?[column] == nil
          && tables[key]?.column(column) != nil
        {
          expandSteps.columnCopies[key, default: [:]][column] = ExpandSteps.ColumnCopy(
            target: assignment.target, added: addition.file, filled: currentFileMark(source))
        }
      }
    case .dml(let dml) where dml.kind == .insert && dml.isInsertSelect:
      guard currentFileIsUnapplied, let table = dml.table else { return }
      let target = resolveTable(table)
      guard let created = tables[target], unappliedFiles.contains(created.origin.fileIndex) else { return }
      for name in dml.sources {
        let key = resolveTable(name)
        guard key != target, tables.hasKey(key), !isCreatedByUnappliedFile(key), expandSteps.tableCopies[key] == nil
        else { continue }
        expandSteps.tableCopies[key] = ExpandSteps.TableCopy(target: target, filled: currentFileMark(source))
      }
    case .drop(let drop) where drop.objectType == .table:
      for name in drop.names {
        let key = resolveTable(name)
        expandSteps.addedColumns[key] = nil
        expandSteps.columnCopies[key] = nil
        expandSteps.tableCopies[key] = nil
        expandSteps.tableCopies = expandSteps.tableCopies.filter { $0.value.target != key }
      }
    case .rename(let rename) where rename.objectType == .table || rename.objectType == .column:
      // A renamed table or column: forget its steps rather than follow them.
      let key = resolveTable(rename.target)
      expandSteps.addedColumns[key] = nil
      expandSteps.columnCopies[key] = nil
      expandSteps.tableCopies[key] = nil
      expandSteps.tableCopies = expandSteps.tableCopies.filter { $0.value.target != key }
    default:
      return
    }
  }

  private func currentFileMark(_ source: SourceFile) -> ExpandSteps.FileMark {
    ExpandSteps.FileMark(index: fileIndex, name: source.path.lastPathComponent)
  }

  private func clamped(_ range: Range<Int>, count: Int) -> Range<Int> {
    let lower = min(max(0, range.lowerBound), count)
    return lower..<min(max(lower, range.upperBound), count)
  }
}
