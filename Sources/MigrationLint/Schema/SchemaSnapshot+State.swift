import PostgresSyntax

// Every stored property of `SchemaState` and of what it holds, written and
// read in one fixed order. `SchemaSnapshotTests` lists the stored
// properties it expects of each type: adding one fails that test until it
// is written here (and `SchemaSnapshot.formatVersion` bumped).

extension SnapshotWriter {
  mutating func state(_ state: SchemaState) {
    dictionary(state.tables, { $0.key($1) }, { $0.table($1) })
    dictionary(state.externalTables, { $0.key($1) }, { $0.table($1) })
    dictionary(state.indexes, { $0.key($1) }, { $0.index($1) })
    dictionary(state.indexKeysBySignature, { $0.string($1) }, { $0.array($1, { $0.key($1) }) })
    dictionary(state.generatedIndexSuffixes, { $0.key($1) }, { $0.int($1) })
    dictionary(state.tableNameIndex, { $0.uint($1) }, { $0.set($1, { $0.key($1) }) })
    dictionary(state.functions, { $0.key($1) }, { $0.function($1) })
    dictionary(state.views, { $0.key($1) }, { $0.view($1) })
    dictionary(state.enums, { $0.key($1) }, { $0.enumeration($1) })
    dictionary(state.extensions, { $0.string($1) }, { $0.string($1) })
    dictionary(state.relationPrivileges, { $0.key($1) }, { $0.privileges($1) })
    dictionary(state.functionPrivileges, { $0.key($1) }, { $0.privileges($1) })
    set(state.schemas, { $0.string($1) })
    set(state.unappliedFiles, { $0.int($1) })
    expandSteps(state.expandSteps)
    int(state.fileIndex)
    int(state.transactionNumber)
    bool(state.inExplicitTransaction)
    string(state.execution.rawValue)
    int(state.fileStatementCount)
    int(state.statementsInTransaction)
    int(state.postgresVersion)
    array(state.searchPath, { $0.string($1) })
    optional(state.lockTimeout, { $0.string($1) })
    optional(state.statementTimeout, { $0.string($1) })
    bool(state.lockWaitWithoutTimeout)
    bool(state.insideDoBlock)
    bool(state.longRunWithoutTimeout)
    optional(state.accessExclusiveHeld) { writer, held in
      writer.key(held.relation)
      writer.int(held.statementIndex)
      writer.int(held.transaction)
      writer.bool(held.reported)
    }
    optional(state.settingsBeforeSetLocal) { writer, settings in
      writer.array(settings.searchPath, { $0.string($1) })
      writer.optional(settings.lockTimeout, { $0.string($1) })
      writer.optional(settings.statementTimeout, { $0.string($1) })
    }
  }

  mutating func key(_ key: ObjectKey) {
    string(key.schema)
    string(key.name)
  }

  mutating func origin(_ origin: Origin) {
    int(origin.fileIndex)
    int(origin.transaction)
  }

  mutating func table(_ table: TableInfo) {
    key(table.key)
    array(table.columns) { writer, column in
      writer.string(column.name)
      writer.string(column.typeName)
      writer.bool(column.notNull)
      writer.optional(column.defaultExpression, { $0.string($1) })
      writer.bool(column.defaultIsVolatile)
      writer.bool(column.isIdentity)
      writer.bool(column.isGenerated)
      writer.optional(column.notNullConstraint, { $0.string($1) })
    }
    array(table.constraints) { writer, constraint in
      writer.string(constraint.name)
      writer.string(constraint.kind.rawValue)
      writer.array(constraint.columns, { $0.string($1) })
      writer.bool(constraint.validated)
      writer.optional(constraint.referencedTable, { $0.key($1) })
      writer.optional(constraint.checkExpression, { $0.string($1) })
      writer.optional(constraint.origin, { $0.origin($1) })
      writer.optional(constraint.onDelete, { $0.string($1) })
      writer.optional(constraint.validatedIn, { $0.origin($1) })
    }
    bool(table.rlsEnabled)
    bool(table.rlsForced)
    array(table.policies) { writer, policy in
      writer.string(policy.name)
      writer.string(policy.command)
      writer.array(policy.roles, { $0.string($1) })
      writer.bool(policy.permissive)
      writer.optional(policy.using, { $0.string($1) })
      writer.optional(policy.withCheck, { $0.string($1) })
      writer.optional(policy.origin, { $0.origin($1) })
    }
    origin(table.origin)
    bool(table.isPartitioned)
    bool(table.isUncertain)
    optional(table.lastAltered, { $0.origin($1) })
    optional(table.partitionParent, { $0.key($1) })
    set(table.validatedUnknownConstraints, { $0.string($1) })
    bool(table.hasReplicaIdentityWithoutKey)
  }

  mutating func index(_ index: IndexInfo) {
    key(index.key)
    key(index.table)
    array(index.columns) { writer, column in writer.optional(column, { $0.string($1) }) }
    bool(index.unique)
    bool(index.partial)
    origin(index.origin)
    optional(index.signature, { $0.string($1) })
  }

  mutating func function(_ function: FunctionInfo) {
    key(function.key)
    bool(function.securityDefiner)
    bool(function.setsSearchPath)
    optional(function.language, { $0.string($1) })
    origin(function.origin)
    bool(function.returnsTrigger)
    optional(function.rowReferences) { writer, references in
      writer.array(references) { writer, reference in
        writer.string(reference.record)
        writer.string(reference.column)
        writer.int(reference.range.lowerBound)
        writer.int(reference.range.upperBound)
      }
    }
    int(function.rowReferencesFile)
  }

  mutating func view(_ view: ViewInfo) {
    key(view.key)
    bool(view.materialized)
    bool(view.securityInvoker)
    origin(view.origin)
    array(view.sources, { $0.key($1) })
  }

  mutating func enumeration(_ type: EnumInfo) {
    key(type.key)
    array(type.values, { $0.string($1) })
    origin(type.origin)
    dictionary(type.addedValues, { $0.string($1) }, { $0.origin($1) })
  }

  mutating func privileges(_ privileges: ObjectPrivileges) {
    dictionary(privileges.explicit, { $0.string($1) }) { writer, states in
      writer.dictionary(states, { $0.string($1) }, { $0.bool($1) })
    }
    dictionary(privileges.all, { $0.string($1) }, { $0.bool($1) })
  }

  mutating func fileMark(_ mark: ExpandSteps.FileMark) {
    int(mark.index)
    string(mark.name)
  }

  mutating func expandSteps(_ steps: ExpandSteps) {
    dictionary(steps.addedColumns, { $0.key($1) }) { writer, columns in
      writer.array(columns) { writer, added in
        writer.string(added.column)
        writer.fileMark(added.file)
      }
    }
    dictionary(steps.columnCopies, { $0.key($1) }) { writer, copies in
      writer.dictionary(copies, { $0.string($1) }) { writer, copy in
        writer.string(copy.target)
        writer.fileMark(copy.added)
        writer.fileMark(copy.filled)
      }
    }
    dictionary(steps.tableCopies, { $0.key($1) }) { writer, copy in
      writer.key(copy.target)
      writer.fileMark(copy.filled)
    }
  }
}

extension SnapshotReader {
  mutating func state() -> SchemaState {
    var state = SchemaState()
    // `tables` and `indexes` first: their observers track counts (and would
    // clear `generatedIndexSuffixes` when one shrinks).
    state.tables = dictionary({ $0.key() }, { $0.table() })
    state.externalTables = dictionary({ $0.key() }, { $0.table() })
    state.indexes = dictionary({ $0.key() }, { $0.index() })
    state.indexKeysBySignature = dictionary({ $0.string() }, { $0.array({ $0.key() }) })
    state.generatedIndexSuffixes = dictionary({ $0.key() }, { $0.int() })
    state.tableNameIndex = dictionary({ $0.uint() }, { $0.set({ $0.key() }) })
    state.functions = dictionary({ $0.key() }, { $0.function() })
    state.views = dictionary({ $0.key() }, { $0.view() })
    state.enums = dictionary({ $0.key() }, { $0.enumeration() })
    state.extensions = dictionary({ $0.string() }, { $0.string() })
    state.relationPrivileges = dictionary({ $0.key() }, { $0.privileges() })
    state.functionPrivileges = dictionary({ $0.key() }, { $0.privileges() })
    state.schemas = set({ $0.string() })
    state.unappliedFiles = set({ $0.int() })
    state.expandSteps = expandSteps()
    state.fileIndex = int()
    state.transactionNumber = int()
    state.inExplicitTransaction = bool()
    state.execution = raw(FileExecution.self) ?? .pipeline
    state.fileStatementCount = int()
    state.statementsInTransaction = int()
    state.postgresVersion = int()
    state.searchPath = array({ $0.string() })
    state.lockTimeout = optional({ $0.string() })
    state.statementTimeout = optional({ $0.string() })
    state.lockWaitWithoutTimeout = bool()
    state.insideDoBlock = bool()
    state.longRunWithoutTimeout = bool()
    state.accessExclusiveHeld = optional { reader in
      HeldLock(
        relation: reader.key(), statementIndex: reader.int(), transaction: reader.int(), reported: reader.bool())
    }
    state.settingsBeforeSetLocal = optional { reader in
      (
        searchPath: reader.array({ $0.string() }), lockTimeout: reader.optional({ $0.string() }),
        statementTimeout: reader.optional({ $0.string() })
      )
    }
    return state
  }

  mutating func key() -> ObjectKey { ObjectKey(schema: string(), name: string()) }

  mutating func origin() -> Origin { Origin(fileIndex: int(), transaction: int()) }

  mutating func range() -> Range<Int> {
    let lower = int()
    let upper = int()
    // `Range` traps on reversed bounds: a corrupt entry must not.
    guard lower <= upper else {
      fail()
      return 0..<0
    }
    return lower..<upper
  }

  mutating func table() -> TableInfo {
    TableInfo(
      key: key(),
      columns: array { reader in
        ColumnInfo(
          name: reader.string(), typeName: reader.string(), notNull: reader.bool(),
          defaultExpression: reader.optional({ $0.string() }), defaultIsVolatile: reader.bool(),
          isIdentity: reader.bool(), isGenerated: reader.bool(), notNullConstraint: reader.optional({ $0.string() }))
      },
      constraints: array { reader in
        ConstraintInfo(
          name: reader.string(), kind: reader.raw(ConstraintKind.self) ?? .check,
          columns: reader.array({ $0.string() }), validated: reader.bool(),
          referencedTable: reader.optional({ $0.key() }), checkExpression: reader.optional({ $0.string() }),
          origin: reader.optional({ $0.origin() }), onDelete: reader.optional({ $0.string() }),
          validatedIn: reader.optional({ $0.origin() }))
      },
      rlsEnabled: bool(), rlsForced: bool(),
      policies: array { reader in
        PolicyInfo(
          name: reader.string(), command: reader.string(), roles: reader.array({ $0.string() }),
          permissive: reader.bool(), using: reader.optional({ $0.string() }),
          withCheck: reader.optional({ $0.string() }), origin: reader.optional({ $0.origin() }))
      },
      origin: origin(), isPartitioned: bool(), isUncertain: bool(), lastAltered: optional({ $0.origin() }),
      partitionParent: optional({ $0.key() }), validatedUnknownConstraints: set({ $0.string() }),
      hasReplicaIdentityWithoutKey: bool())
  }

  mutating func index() -> IndexInfo {
    IndexInfo(
      key: key(), table: key(), columns: array { reader in reader.optional({ $0.string() }) }, unique: bool(),
      partial: bool(), origin: origin(), signature: optional({ $0.string() }))
  }

  mutating func function() -> FunctionInfo {
    FunctionInfo(
      key: key(), securityDefiner: bool(), setsSearchPath: bool(), language: optional({ $0.string() }),
      origin: origin(), returnsTrigger: bool(),
      rowReferences: optional { reader in
        reader.array { reader in
          RowReference(record: reader.string(), column: reader.string(), range: reader.range())
        }
      },
      rowReferencesFile: int())
  }

  mutating func view() -> ViewInfo {
    ViewInfo(
      key: key(), materialized: bool(), securityInvoker: bool(), origin: origin(), sources: array({ $0.key() }))
  }

  mutating func enumeration() -> EnumInfo {
    EnumInfo(
      key: key(), values: array({ $0.string() }), origin: origin(),
      addedValues: dictionary({ $0.string() }, { $0.origin() }))
  }

  mutating func privileges() -> ObjectPrivileges {
    var privileges = ObjectPrivileges()
    privileges.explicit = dictionary({ $0.string() }) { reader in reader.dictionary({ $0.string() }, { $0.bool() }) }
    privileges.all = dictionary({ $0.string() }, { $0.bool() })
    return privileges
  }

  mutating func fileMark() -> ExpandSteps.FileMark { ExpandSteps.FileMark(index: int(), name: string()) }

  mutating func expandSteps() -> ExpandSteps {
    var steps = ExpandSteps()
    steps.addedColumns = dictionary({ $0.key() }) { reader in
      reader.array { reader in ExpandSteps.AddedColumn(column: reader.string(), file: reader.fileMark()) }
    }
    steps.columnCopies = dictionary({ $0.key() }) { reader in
      reader.dictionary({ $0.string() }) { reader in
        ExpandSteps.ColumnCopy(target: reader.string(), added: reader.fileMark(), filled: reader.fileMark())
      }
    }
    steps.tableCopies = dictionary({ $0.key() }) { reader in
      ExpandSteps.TableCopy(target: reader.key(), filled: reader.fileMark())
    }
    return steps
  }
}
