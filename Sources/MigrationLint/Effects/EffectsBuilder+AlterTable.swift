import PostgresSyntax

extension EffectsBuilder {
  /// ALTER TABLE takes the strongest lock any of its sub-commands needs.
  mutating func addAlter(_ alter: AlterTable, in schema: SchemaState) {
    guard alter.objectType == .table || alter.objectType == .foreignTable || alter.objectType == .matview
    else {
      if alter.objectType == .index { addAlterIndex(alter, in: schema) }
      return
    }
    // Resolved once for every sub-command that locks the table itself (and
    // the table looked up once for both: ~6 M instructions on the corpus run).
    let (target, tableKey, table) = resolveTable(alter.name, in: schema)
    for command in alter.commands {
      let mode = Self.lockLevel(command)
      // `addPartitions` does nothing for a table that is not partitioned:
      // asked only for one (the table is looked up once, above).
      if !alter.only && table?.isPartitioned == true && Self.recursesToPartitions(command.action) {
        addPartitions(ofPartitioned: tableKey, mode, in: schema)
      }
      switch command.action {
      case .addColumn(let column, let ifNotExists, _):
        if ifNotExists, table?.column(column.name.value) != nil {
          add(resolved: target, mode)
          continue
        }
        let (rewrite, note) = addColumnRewrites(column)
        // A new column's foreign key is checked against every row unless the
        // column has no DEFAULT clause at all: PostgreSQL skips the check only
        // then. An explicit `DEFAULT NULL` still makes it read every row
        // (verified on PostgreSQL 15 and 18), although no value can fail.
        let checksRows = column.references != nil && column.defaultText != nil
        add(resolved: target, mode, rewrite: rewrite, scan: checksRows, validates: checksRows, note: note)
        if let referenced = column.references { add(table: referenced, .shareRowExclusive, in: schema) }
      case .alterColumnType(let name, let typeName, let using, _):
        let old = table?.column(name.value)?.typeName
        // From PostgreSQL 12, timestamp <-> timestamptz keeps the rows when
        // the session TimeZone is UTC (the Supabase default): no rewrite then.
        if using == nil, version >= 12, let old, ColumnTypeChange.isTimeZoneChange(from: old, to: typeName) {
          add(
            resolved: target, mode,
            note: "no rewrite only while the session TimeZone is UTC (PostgreSQL 12+); any other zone rewrites")
          continue
        }
        let rewrite = using != nil || old.map { !ColumnTypeChange.isBinaryCoercible(from: $0, to: typeName) } ?? true
        add(resolved: target, mode, rewrite: rewrite)
      case .setNotNull(let name):
        switch schema.notNullProof(alter.name, column: name.value) {
        case .alreadyNotNull, .unknownValidatedConstraint:
          add(resolved: target, mode)
        case .validatedCheck where version >= 12:
          add(
            resolved: target, mode, note: "scans the table before PostgreSQL 12 (a valid CHECK proves it from 12)")
        case .validatedCheck, .none:
          add(resolved: target, mode, scan: true, validates: true)
        }
      case .addConstraint(let constraint):
        addConstraint(constraint, target: target, tableInfo: table, mode: mode, in: schema)
      case .validateConstraint(let name):
        add(resolved: target, mode, scan: true, validates: true)
        // A foreign key's check reads the referenced table under ROW SHARE.
        if let referenced = table?.constraints.first(where: { $0.name == name.value && $0.kind == .foreignKey })?
          .referencedTable
        {
          add(known: referenced, .rowShare, in: schema)
        }
      case .dropConstraint(let name, _, _):
        add(resolved: target, mode)
        // A foreign key's triggers live on the referenced table too.
        if let referenced = table?.constraints.first(where: { $0.name == name.value && $0.kind == .foreignKey })?
          .referencedTable, referenced != tableKey
        {
          add(
            known: referenced,
            .accessExclusive, in: schema)
        }
      case .attachPartition(let partition):
        add(resolved: target, mode)
        add(table: partition, .accessExclusive, scan: true, validates: true, in: schema)
      case .detachPartition(let partition, let concurrently):
        add(
          resolved: target, mode, note: concurrently ? "DETACH PARTITION CONCURRENTLY needs PostgreSQL 14+" : nil)
        add(table: partition, concurrently ? .shareUpdateExclusive : .accessExclusive, in: schema)
      default:
        add(resolved: target, mode, rewrite: Self.rewritingSubtypes.contains(command.subtype))
      }
    }
  }

  /// ALTER INDEX: storage options and statistics take SHARE UPDATE
  /// EXCLUSIVE on the index alone; its table is not locked. ATTACH
  /// PARTITION also takes ACCESS EXCLUSIVE on the attached index and ACCESS
  /// SHARE on both tables.
  mutating func addAlterIndex(_ alter: AlterTable, in schema: SchemaState) {
    let indexKey = schema.resolve(alter.name, in: schema.indexes)
    guard let index = schema.indexes[indexKey] else { return }
    let mode = alter.commands.map(Self.lockLevel).max() ?? .accessExclusive
    add(
      key: indexKey, kind: .index, isNew: schema.isCreatedInCurrentFile(index.origin),
      min(mode, .shareUpdateExclusive))
    for command in alter.commands {
      guard case .attachPartition(let name) = command.action else { continue }
      add(
        known: index.table, .accessShare, in: schema)
      let partitionKey = schema.resolve(name, in: schema.indexes)
      guard let partition = schema.indexes[partitionKey] else { continue }
      add(
        key: partitionKey, kind: .index, isNew: schema.isCreatedInCurrentFile(partition.origin), .accessExclusive)
      add(
        known: partition.table,
        .accessShare, in: schema)
    }
  }

  /// `ADD COLUMN` rewrites the table when the new column needs a value
  /// computed per row: a volatile default (`random()`, `nextval`: serial and
  /// identity columns), a stored generated column, and before PostgreSQL 11
  /// any non-null default.
  func addColumnRewrites(_ column: ColumnDefinition) -> (Bool, String?) {
    // A virtual generated column (PostgreSQL 18) stores nothing: catalog only.
    if column.isIdentity || column.isGenerated && !column.isVirtual { return (true, nil) }
    guard let text = column.defaultText, !SchemaState.isNullConstant(text) else { return (false, nil) }
    if DefaultVolatility.isVolatile(text) { return (true, nil) }
    if version < 11 { return (true, "no rewrite from PostgreSQL 11 (constant default)") }
    return (false, "rewrites before PostgreSQL 11")
  }

  mutating func addConstraint(
    _ constraint: TableConstraint, target: (ObjectKey, RelationKind, Bool), tableInfo: TableInfo?, mode: LockMode,
    in schema: SchemaState
  ) {
    let checked = !constraint.notValid
    switch constraint.kind {
    case .foreignKey:
      add(resolved: target, .shareRowExclusive, scan: checked, validates: checked)
      if let referenced = constraint.referencedTable {
        add(table: referenced, .shareRowExclusive, scan: checked, in: schema)
      }
    case .primaryKey, .unique, .exclude:
      // Builds the index (unless USING INDEX) under ACCESS EXCLUSIVE; a
      // primary key also checks its columns for NULLs.
      let nullable =
        constraint.kind == .primaryKey
        && constraint.columns.contains { column in
          tableInfo?.column(column)?.notNull != true
        }
      add(resolved: target, mode, scan: constraint.usingIndex == nil || nullable, validates: true)
    case .check, .notNull:
      add(resolved: target, mode, scan: checked, validates: checked)
    }
  }

  /// PostgreSQL's lock level for one ALTER TABLE sub-command
  /// (`AlterTableGetLockLevel`): ACCESS EXCLUSIVE unless listed here.
  static func lockLevel(_ command: AlterTableCommand) -> LockMode {
    // The parsed actions first: comparing the subtype string is the slow path.
    switch command.action {
    case .addColumn, .dropColumn, .alterColumnType, .setNotNull, .dropNotNull, .setDefault, .dropDefault,
      .addIdentity, .dropConstraint, .rowLevelSecurity:
      return .accessExclusive
    case .validateConstraint, .attachPartition: return .shareUpdateExclusive
    case .detachPartition(_, let concurrently): return concurrently ? .shareUpdateExclusive : .accessExclusive
    case .addConstraint(let constraint): return constraint.kind == .foreignKey ? .shareRowExclusive : .accessExclusive
    case .other: break
    }
    switch command.subtype {
    case "AT_SetStatistics", "AT_ClusterOn", "AT_DropCluster", "AT_SetOptions", "AT_ResetOptions",
      "AT_ValidateConstraint", "AT_AttachPartition", "AT_DetachPartitionFinalize", "AT_SetRelOptions",
      "AT_ResetRelOptions":
      return .shareUpdateExclusive
    case "AT_EnableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig", "AT_EnableTrigAll", "AT_EnableTrigUser",
      "AT_DisableTrig", "AT_DisableTrigAll", "AT_DisableTrigUser":
      return .shareRowExclusive
    case "AT_DetachPartition":
      if case .detachPartition(_, true) = command.action { return .shareUpdateExclusive }
      return .accessExclusive
    case "AT_AddConstraint":
      if case .addConstraint(let constraint) = command.action, constraint.kind == .foreignKey {
        return .shareRowExclusive
      }
      return .accessExclusive
    default:
      return .accessExclusive
    }
  }

  /// Sub-commands that always copy the table into a new file.
  static let rewritingSubtypes: Set<String> = [
    "AT_SetLogged", "AT_SetUnLogged", "AT_SetAccessMethod", "AT_SetTableSpace",
  ]
}

extension TableInfo {
  /// A validated `CHECK (col IS NOT NULL)` proves the column has no NULLs:
  /// from PostgreSQL 12 `SET NOT NULL` then skips its scan.
  public func hasValidatedNotNullCheck(column: String) -> Bool {
    let plain = "\(column) is not null"
    let quoted = "\"\(column)\" is not null"
    return constraints.contains { constraint in
      guard constraint.kind == .check, constraint.validated, let expression = constraint.checkExpression else {
        return false
      }
      return expression == plain || expression == quoted
    }
  }
}

/// Which `ALTER COLUMN ... TYPE` changes PostgreSQL makes without a rewrite.
enum ColumnTypeChange {
  /// True for changes PostgreSQL treats as binary coercible with no new
  /// constraint to check: the same type, `varchar(n)` to a wider `varchar`
  /// or to `text`, `numeric(p,s)` to a wider precision with the same scale
  /// or to plain `numeric`, a wider `varbit`, removing a length limit.
  static func isBinaryCoercible(from old: String, to new: String) -> Bool {
    let from = parse(old)
    let to = parse(new)
    if from.base == to.base {
      guard let newModifiers = to.modifiers else { return true }
      guard let oldModifiers = from.modifiers else { return false }
      if newModifiers == oldModifiers { return true }
      // Only these types widen in place; char(n) pads, so it rewrites.
      guard Self.widening.contains(from.base) else { return false }
      if from.base == "numeric" {
        return newModifiers.count == 2 && oldModifiers.count == 2 && newModifiers[1] == oldModifiers[1]
          && newModifiers[0] >= oldModifiers[0]
          || newModifiers.count == 1 && oldModifiers.count == 1 && newModifiers[0] >= oldModifiers[0]
      }
      return newModifiers.count == 1 && oldModifiers.count == 1 && newModifiers[0] >= oldModifiers[0]
    }
    return (from.base == "text" || from.base == "character varying") && to.base == "text"
      || from.base == "text" && to.base == "character varying" && to.modifiers == nil
  }

  /// `timestamp` to `timestamptz` or back, same precision.
  static func isTimeZoneChange(from old: String, to new: String) -> Bool {
    let from = parse(old)
    let to = parse(new)
    guard let a = Self.zones[from.base], let b = Self.zones[to.base] else { return false }
    return a != b && from.modifiers == to.modifiers
  }

  /// `varchar(20)` → ("character varying", [20]).
  static func parse(_ type: String) -> (base: String, modifiers: [Int]?) {
    if let parsed = asciiParse(type) { return parsed }
    let lowered = type.lowercased()
    var base = lowered
    var modifiers: [Int]?
    if let open = lowered.firstIndex(of: "("), let close = lowered.lastIndex(of: ")"), open < close {
      base = String(lowered[..<open]) + String(lowered[lowered.index(after: close)...])
      modifiers = lowered[lowered.index(after: open)..<close].split(separator: ",").compactMap {
        Int(String($0).trimming(" "))
      }
    }
    base = base.split(separator: " ").joined(separator: " ")
    return (Self.aliases[base] ?? base, modifiers)
  }

  /// `parse` on the bytes of an ASCII type name (nil for any other),
  /// where lowering, the parentheses and the words are bytes: the same
  /// result without a `Character` walk per step (~4,000 instructions a
  /// type, 2 M on the corpus run).
  private static func asciiParse(_ type: String) -> (base: String, modifiers: [Int]?)? {
    guard type.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    let lowered = type.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    var baseBytes = lowered[...]
    var rest: ArraySlice<UInt8> = []
    var modifiers: [Int]?
    if let open = lowered.firstIndex(of: 0x28), let close = lowered.lastIndex(of: 0x29), open < close {
      baseBytes = lowered[..<open]
      rest = lowered[(close + 1)...]
      modifiers = lowered[(open + 1)..<close].split(separator: 0x2C).compactMap {
        Int(String(decoding: $0, as: UTF8.self).trimming(" "))
      }
    }
    // The words (split at spaces) joined by one space.
    var base: [UInt8] = []
    base.reserveCapacity(baseBytes.count + rest.count)
    for word in (baseBytes + rest).split(separator: 0x20) {
      if !base.isEmpty { base.append(0x20) }
      base.append(contentsOf: word)
    }
    let text = String(decoding: base, as: UTF8.self)
    return (Self.aliases[text] ?? text, modifiers)
  }

  // The tables below are static: built per call, they cost ~30 K
  // instructions each time a column changes type (saves ~6 M instructions
  // on the corpus run).

  /// Types whose length or precision modifier widens in place.
  private static let widening: Set<String> = ["character varying", "numeric", "varbit"]

  /// Whether a timestamp type stores a time zone.
  private static let zones: [String: String] = [
    "timestamp": "plain", "timestamp without time zone": "plain", "timestamptz": "zoned",
    "timestamp with time zone": "zoned",
  ]

  /// Other spellings of a type, to its canonical name.
  private static let aliases = [
    "varchar": "character varying", "bit varying": "varbit", "decimal": "numeric", "int": "integer",
    "int4": "integer", "int8": "bigint", "int2": "smallint", "char": "character", "bpchar": "character",
  ]
}
