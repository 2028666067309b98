import PostgresSyntax

// CREATE TABLE and ALTER TABLE.
extension SchemaState {
  mutating func applyCreateTable(_ create: CreateTable, source: SourceFile) {
    let key = keyForCreation(create.name)
    if create.ifNotExists, tables.hasKey(key) { return }
    var columns = create.columns.map(Self.columnInfo)
    var constraints: [ConstraintInfo] = []
    let columnNames = create.constraints.isEmpty ? [] : create.columns.map(\.name.value)
    for constraint in create.constraints {
      constraints.append(constraintInfo(constraint, table: key, columnNames: columnNames, source: source))
      if constraint.kind == .primaryKey || constraint.kind == .notNull {
        for index in columns.indices where constraint.columns.contains(columns[index].name) {
          columns[index].notNull = true
        }
      }
    }
    // By index: `for column in create.columns` copied every column.
    for index in create.columns.indices {
      constraints += columnConstraints(create.columns[index], table: key, source: source)
    }
    constraints = Self.withoutRedundantUniques(constraints)
    var isUncertain = !create.likeTables.isEmpty
    if let parent = create.partitionOf, let parentTable = table(parent) {
      columns = parentTable.columns
      isUncertain = isUncertain || parentTable.isUncertain
    }
    // INHERITS: the parents' columns come first, then the table's own.
    var inherited: [ColumnInfo] = []
    for parent in create.inherits {
      guard let parentTable = table(parent) else {
        isUncertain = true
        continue
      }
      inherited += parentTable.columns.filter { column in !inherited.contains { $0.name == column.name } }
      isUncertain = isUncertain || parentTable.isUncertain
    }
    if !inherited.isEmpty {
      columns = inherited.filter { column in !columns.contains { $0.name == column.name } } + columns
    }
    resetPrivileges(relation: key)
    insertTable(
      TableInfo(
        key: key, columns: columns, constraints: constraints, rlsEnabled: false, rlsForced: false, policies: [],
        origin: currentOrigin, isPartitioned: create.isPartitioned, isUncertain: isUncertain,
        partitionParent: create.partitionOf.map { resolveTable($0) }))
    externalTables[resolveExternalTable(create.name)] = nil
  }

  /// A column as declared; `DEFAULT NULL` is no default (PostgreSQL stores
  /// no pg_attrdef entry for a null constant).
  static func columnInfo(_ column: ColumnDefinition) -> ColumnInfo {
    let defaultText = column.defaultText.flatMap { isNullConstant($0) ? nil : $0 }
    return ColumnInfo(
      name: column.name.value, typeName: column.typeName, notNull: column.notNull, defaultExpression: defaultText,
      defaultIsVolatile: defaultText.map(DefaultVolatility.isVolatile) ?? false, isIdentity: column.isIdentity,
      isGenerated: column.isGenerated)
  }

  /// CREATE TABLE builds one index per distinct key: a UNIQUE on the primary
  /// key's columns (`id uuid UNIQUE, …, PRIMARY KEY (id)`), or on the same
  /// columns as an earlier UNIQUE, is dropped as redundant.
  static func withoutRedundantUniques(_ constraints: [ConstraintInfo]) -> [ConstraintInfo] {
    // No UNIQUE, nothing to drop (and no copy of the array).
    guard constraints.contains(where: { $0.kind == .unique }) else { return constraints }
    var keys: [[String]] = constraints.filter { $0.kind == .primaryKey }.map(\.columns)
    return constraints.filter { constraint in
      guard constraint.kind == .unique else { return true }
      if keys.contains(constraint.columns) { return false }
      keys.append(constraint.columns)
      return true
    }
  }

  /// `NULL`, `(NULL)`, `NULL::text`: PostgreSQL folds these to a null constant.
  static func isNullConstant(_ expression: String) -> Bool {
    let text = normalize(expression)
    return text == "null" || (text.hasPrefix("null::") && !text.contains(" "))
  }

  /// Constraints written on a column (`id uuid PRIMARY KEY REFERENCES …`),
  /// named as PostgreSQL names them.
  func columnConstraints(_ column: ColumnDefinition, table: ObjectKey, source: SourceFile) -> [ConstraintInfo] {
    let name = column.name.value
    var constraints: [ConstraintInfo] = []
    func add(_ kind: ConstraintKind, _ label: String, referenced: ObjectKey? = nil, check: String? = nil) {
      constraints.append(
        ConstraintInfo(
          name: ConstraintNaming.name(table: table.name, columns: label == "pkey" ? [] : [name], label: label),
          kind: kind, columns: [name], validated: true, referencedTable: referenced, checkExpression: check,
          origin: currentOrigin))
    }
    if column.primaryKey { add(.primaryKey, "pkey") }
    if column.unique { add(.unique, "key") }
    if let referenced = column.references {
      add(.foreignKey, "fkey", referenced: resolveTable(referenced))
      constraints[constraints.count - 1].onDelete = column.referenceActions.onDelete
    }
    for check in column.checks { add(.check, "check", check: Self.normalize(source, check)) }
    return constraints
  }

  func constraintInfo(
    _ constraint: TableConstraint, table: ObjectKey, columnNames: [String], source: SourceFile
  ) -> ConstraintInfo {
    let name =
      constraint.name?.value
      ?? {
        switch constraint.kind {
        case .primaryKey: return ConstraintNaming.name(table: table.name, columns: [], label: "pkey")
        case .foreignKey: return ConstraintNaming.name(table: table.name, columns: constraint.columns, label: "fkey")
        case .unique: return ConstraintNaming.name(table: table.name, columns: constraint.columns, label: "key")
        case .check:
          let mentioned = constraint.expression.map {
            ConstraintNaming.mentionedColumns(in: source.text($0), candidates: columnNames)
          }
          let columns = mentioned?.count == 1 ? mentioned ?? [] : []
          return ConstraintNaming.name(table: table.name, columns: columns, label: "check")
        case .exclude: return ConstraintNaming.name(table: table.name, columns: constraint.columns, label: "excl")
        case .notNull:
          return ConstraintNaming.name(
            table: table.name, columns: Array(constraint.columns.prefix(1)), label: "not_null")
        }
      }()
    return ConstraintInfo(
      name: name, kind: constraint.kind, columns: constraint.columns, validated: !constraint.notValid,
      referencedTable: constraint.referencedTable.map { resolveTable($0) },
      checkExpression: constraint.expression.map { Self.normalize(source, $0) }, origin: currentOrigin,
      onDelete: constraint.referenceActions.onDelete)
  }

  mutating func applyAlterTable(_ alter: AlterTable, source: SourceFile) {
    // One lookup for the key and whether the table exists (`resolve` then
    // `hasKey` looked the key up twice); a name no table has resolves to
    // its creation key, as `resolve` does.
    let found = existingTableKey(alter.name)
    let key = found ?? keyForCreation(alter.name)
    if found == nil, applyAlterView(alter, source: source) { return }
    guard found != nil, var table = takeTable(key) else {
      recordExternalFacts(alter, key: resolveExternalTable(alter.name), source: source)
      return
    }
    table.lastAltered = currentOrigin
    var partitionChanges: [(ObjectKey, ObjectKey?)] = []
    for command in alter.commands {
      switch command.action {
      case .addColumn(let column, let ifNotExists, _):
        if ifNotExists && table.column(column.name.value) != nil { continue }
        table.columns.append(Self.columnInfo(column))
        for constraint in columnConstraints(column, table: key, source: source) {
          table.constraints.removeAll { $0.name == constraint.name }
          table.constraints.append(constraint)
        }
      case .dropColumn(let name, _, _, _):
        table.columns.removeAll { $0.name == name.value }
        table.constraints.removeAll { $0.columns.contains(name.value) }
        // PostgreSQL drops the indexes that use the column with it.
        removeIndexes { $0.table == key && $0.columns.contains(name.value) }
      case .alterColumnType(let name, let typeName, _, _):
        if let index = table.columnIndex(name.value) { table.columns[index].typeName = typeName }
      case .setNotNull(let name):
        if let index = table.columnIndex(name.value) { table.columns[index].notNull = true }
      case .dropNotNull(let name):
        if let index = table.columnIndex(name.value) { table.columns[index].notNull = false }
      case .setDefault(let name, let expression):
        if let index = table.columnIndex(name.value) {
          let text = source.text(expression)
          let isNull = Self.isNullConstant(text)
          table.columns[index].defaultExpression = isNull ? nil : text
          table.columns[index].defaultIsVolatile = !isNull && DefaultVolatility.isVolatile(text)
        }
      case .dropDefault(let name):
        if let index = table.columnIndex(name.value) {
          table.columns[index].defaultExpression = nil
          table.columns[index].defaultIsVolatile = false
        }
      case .addIdentity(let name):
        if let index = table.columnIndex(name.value) {
          table.columns[index].isIdentity = true
          table.columns[index].notNull = true
        }
      case .addConstraint(let constraint):
        let info = constraintInfo(constraint, table: key, columnNames: table.columns.map(\.name), source: source)
        table.constraints.removeAll { $0.name == info.name }
        table.constraints.append(info)
        if constraint.kind == .primaryKey {
          for index in table.columns.indices where constraint.columns.contains(table.columns[index].name) {
            table.columns[index].notNull = true
          }
        }
      case .validateConstraint(let name):
        if let index = table.constraints.firstIndex(where: { $0.name == name.value }) {
          if !table.constraints[index].validated { table.constraints[index].validatedIn = currentOrigin }
          table.constraints[index].validated = true
        } else {
          table.validatedUnknownConstraints.insert(name.value)
        }
      case .dropConstraint(let name, _, _):
        let dropped = table.constraints.filter { $0.name == name.value }
        table.constraints.removeAll { $0.name == name.value }
        for constraint in dropped where constraint.kind == .notNull {
          for index in table.columns.indices where constraint.columns.contains(table.columns[index].name) {
            table.columns[index].notNull = false
          }
        }
        Self.dropNotNullConstraint(named: name.value, in: &table)
      case .rowLevelSecurity(let enable, let force):
        if let force {
          table.rlsForced = force
        } else {
          table.rlsEnabled = enable
        }
      case .attachPartition(let partition):
        partitionChanges.append((resolveTable(partition), key))
      case .detachPartition(let partition, _):
        partitionChanges.append((resolveTable(partition), nil))
      case .other:
        if command.subtype == "AT_ReplicaIdentity" {
          let words = source.text(command.range).lowercased().split(whereSeparator: \.isWhitespace)
          table.hasReplicaIdentityWithoutKey = words.contains("full") || words.contains("index")
        }
      }
    }
    tables[key] = table
    for (partition, parent) in partitionChanges { tables[partition]?.partitionParent = parent }
  }

  /// The name of a column's NOT NULL constraint (PostgreSQL 18+).
  static func notNullConstraintName(_ column: ColumnInfo, table: String) -> String {
    column.notNullConstraint ?? "\(table)_\(column.name)_not_null"
  }

  /// `DROP CONSTRAINT <table>_<column>_not_null` (PostgreSQL 18+, which
  /// appends a digit on a name clash) removes a column's NOT NULL.
  static func dropNotNullConstraint(named name: String, in table: inout TableInfo) {
    var base = Substring(name)
    while let last = base.last, last.isNumber { base = base.dropLast() }
    guard base.hasSuffix("_not_null") else { return }
    for index in table.columns.indices where table.columns[index].notNull {
      if notNullConstraintName(table.columns[index], table: table.key.name) == base {
        table.columns[index].notNull = false
        table.columns[index].notNullConstraint = nil
      }
    }
  }

  /// ALTER TABLE on a table no migration created (Supabase's `auth.users`,
  /// a table made from the dashboard): keep what it says about constraints
  /// and NOT NULL, the facts `notNullProof` needs, without inventing the rest.
  mutating func recordExternalFacts(_ alter: AlterTable, key: ObjectKey, source: SourceFile) {
    guard alter.objectType == .table else { return }
    var facts =
      externalTables[key]
      ?? TableInfo(
        key: key, columns: [], constraints: [], rlsEnabled: false, rlsForced: false, policies: [],
        origin: currentOrigin, isPartitioned: false, isUncertain: true)
    for command in alter.commands {
      switch command.action {
      case .addConstraint(let constraint):
        let info = constraintInfo(constraint, table: key, columnNames: [], source: source)
        facts.constraints.removeAll { $0.name == info.name }
        facts.constraints.append(info)
      case .validateConstraint(let name):
        if let index = facts.constraints.firstIndex(where: { $0.name == name.value }) {
          facts.constraints[index].validated = true
        } else {
          facts.validatedUnknownConstraints.insert(name.value)
        }
      case .dropConstraint(let name, _, _):
        facts.constraints.removeAll { $0.name == name.value }
      case .setNotNull(let name):
        facts.columns.removeAll { $0.name == name.value }
        facts.columns.append(
          ColumnInfo(
            name: name.value, typeName: "", notNull: true, defaultExpression: nil, defaultIsVolatile: false,
            isIdentity: false, isGenerated: false))
      case .dropNotNull(let name):
        facts.columns.removeAll { $0.name == name.value }
      default:
        break
      }
    }
    externalTables[key] = facts
  }
}

/// What proves a column has no NULLs before `SET NOT NULL`.
public enum NotNullProof: Sendable, Equatable {
  /// The column is NOT NULL already: `SET NOT NULL` does nothing.
  case alreadyNotNull
  /// A validated `CHECK (col IS NOT NULL)`: PostgreSQL 12+ skips the scan.
  case validatedCheck
  /// A constraint the model has never seen was validated on the table: it
  /// may prove the column, so nothing can be said.
  case unknownValidatedConstraint
  /// Nothing: `SET NOT NULL` scans every row.
  case none
}

extension SchemaState {
  /// What proves `column` of table `name` NOT NULL, from the migrations
  /// replayed so far, including ALTERs of tables created outside them.
  public func notNullProof(_ name: QualifiedName, column: String) -> NotNullProof {
    let info = table(name) ?? externalTables[resolveExternalTable(name)]
    guard let info else { return .none }
    if info.column(column)?.notNull == true { return .alreadyNotNull }
    if info.hasValidatedNotNullCheck(column: column) { return .validatedCheck }
    if !info.validatedUnknownConstraints.isEmpty { return .unknownValidatedConstraint }
    return .none
  }

  /// The partitions of `key`, and theirs, in creation order of the keys.
  public func partitions(of key: ObjectKey) -> [ObjectKey] {
    var found: [ObjectKey] = []
    var queue = [key]
    while let parent = queue.popLast() {
      let children = tables.values.filter { $0.partitionParent == parent }.map(\.key).sorted()
      found += children
      queue += children
    }
    return found
  }
}

extension SchemaState {
  /// `ALTER VIEW v SET (security_invoker = ...)` / `RESET (security_invoker)`
  /// (also written `ALTER TABLE v ...`). True when `alter` names a known view.
  mutating func applyAlterView(_ alter: AlterTable, source: SourceFile) -> Bool {
    let key = resolveView(alter.name)
    guard views.hasKey(key) else { return false }
    for command in alter.commands {
      guard let invoker = ViewOptions.securityInvoker(in: source.text(command.range)) else { continue }
      switch command.subtype {
      case "AT_SetRelOptions": views[key]?.securityInvoker = invoker
      case "AT_ResetRelOptions": views[key]?.securityInvoker = false
      default: break
      }
    }
    return true
  }
}
