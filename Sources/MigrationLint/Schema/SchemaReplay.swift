import PostgresSyntax

// Replays statements onto the schema: the dispatch, and statements cslint cannot follow.
extension SchemaState {
  /// Replays a whole earlier migration, for context only (the caller starts
  /// the file with `beginFile`).
  public mutating func replay(_ source: SourceFile) {
    let scanned = ScannedFile(source: source)
    let statements = StatementParser.parse(scanned)
    replay(
      statements, embedded: StatementParser.parseEmbedded(scanned, statements: statements).embedded, source: source)
  }

  /// Applies `statements` in order, each `DO` block's own statements first
  /// (`embedded`, by the index of their `DO`), as they run.
  public mutating func replay(_ statements: [Statement], embedded: [Int: [Statement]], source: SourceFile) {
    for (index, statement) in statements.enumerated() {
      for inner in embedded[index] ?? [] { apply(inner, source: source, advancesSession: false) }
      apply(statement, source: source)
    }
  }

  /// Applies one statement's effect on the schema and session state.
  /// `advancesSession: false` for a statement inside a `DO` block: the
  /// block, not each statement in it, is one statement of the transaction.
  public mutating func apply(_ statement: Statement, source: SourceFile, advancesSession: Bool = true) {
    defer { if advancesSession { advanceSession(after: statement) } }
    recordExpandSteps(statement, source: source)
    switch statement.node {
    case .transaction(let transaction): applyTransaction(transaction)
    case .set(let set): applySet(set)
    case .createTable(let create): applyCreateTable(create, source: source)
    case .createIndex(let index):
      var signature: String?
      if let pending = pendingIndexSignature, pending.range == statement.range { signature = pending.signature }
      pendingIndexSignature = nil
      applyCreateIndex(index, source: source, signature: signature)
    case .grant(let grant): applyGrant(grant)
    case .alterTable(let alter): applyAlterTable(alter, source: source)
    case .drop(let drop): applyDrop(drop)
    case .rename(let rename): applyRename(rename)
    case .alterObjectSchema(let move): applyMove(move)
    case .createPolicy(let policy): applyCreatePolicy(policy, source: source)
    case .alterPolicy(let policy): applyAlterPolicy(policy, source: source)
    case .createFunction(let function):
      let key = keyForCreation(function.name)
      if !functions.hasKey(key) { resetPrivileges(function: key) }
      functions[key] = FunctionInfo(
        key: key, securityDefiner: function.securityDefiner, setsSearchPath: function.setsSearchPath,
        language: function.language, origin: functions[key]?.origin ?? currentOrigin,
        returnsTrigger: ["trigger", "event_trigger"].contains(function.returns?.lowercased() ?? ""),
        rowReferences: Self.triggerRowReferences(function, source: source), rowReferencesFile: fileIndex)
    case .alterFunction(let alter):
      let key = resolveFunction(alter.name)
      if let definer = alter.securityDefiner { functions[key]?.securityDefiner = definer }
      if let setsPath = alter.setsSearchPath { functions[key]?.setsSearchPath = setsPath }
    case .createView(let view):
      let key = keyForCreation(view.name)
      if view.isTableAs {
        insertTable(
          TableInfo(
            key: key, columns: [], constraints: [], rlsEnabled: false, rlsForced: false, policies: [],
            origin: currentOrigin, isPartitioned: false, isUncertain: true))
      } else {
        if !views.hasKey(key) { resetPrivileges(relation: key) }
        views[key] = ViewInfo(
          key: key, materialized: view.materialized, securityInvoker: view.securityInvoker,
          origin: views[key]?.origin ?? currentOrigin, sources: knownRelations(view.sources))
      }
    case .createType(let type) where type.definition == .enumeration:
      let key = keyForCreation(type.name)
      enums[key] = EnumInfo(key: key, values: type.enumValues, origin: currentOrigin, addedValues: [:])
    case .alterEnum(let alter):
      let key = resolveEnum(alter.name)
      guard var type = enums[key] else { break }
      if let value = alter.newValue, alter.renameFrom == nil, !type.values.contains(value) {
        if let before = alter.before, let position = type.values.firstIndex(of: before) {
          type.values.insert(value, at: position)
        } else if let after = alter.after, let position = type.values.firstIndex(of: after) {
          type.values.insert(value, at: position + 1)
        } else {
          type.values.append(value)
        }
        type.addedValues[value] = currentOrigin
      } else if let old = alter.renameFrom, let new = alter.newValue, let position = type.values.firstIndex(of: old) {
        type.values[position] = new
      }
      enums[key] = type
    case .createSimple(let simple):
      switch simple.objectType {
      case .schema: schemas.insert(simple.name.name)
      case .extension: extensions[simple.name.name] = simple.schema?.value ?? creationSchema
      default: break
      }
    case .doBlock, .other:
      // Statements cslint cannot follow may change anything they mention.
      markMentionedTablesUncertain(statement, source: source)
    default:
      break
    }
  }

  /// The `NEW.col` / `OLD.col` references of a PL/pgSQL trigger function's
  /// body (see `PLBody.rowReferences`); nil for any other function.
  static func triggerRowReferences(_ function: CreateFunction, source: SourceFile) -> [RowReference]? {
    guard function.returns?.lowercased() == "trigger", function.language?.lowercased() == "plpgsql",
      let range = function.body, let literal = PLBody.literal(at: range, bytes: source.bytes),
      let (body, tokens) = PLBody.readTokens(literal: literal, bytes: source.bytes)
    else { return nil }
    return body.rowReferences(tokens, bytes: source.bytes)
  }

  /// A DO block that names a known table makes that table uncertain (it may
  /// have been altered in ways cslint cannot see).
  mutating func markMentionedTablesUncertain(_ statement: Statement, source: SourceFile) {
    guard case .doBlock = statement.node, !tables.isEmpty else { return }
    // One pass over the bytes hashing the words, then a set lookup per
    // table: a substring search per table is quadratic on large blocks, and
    // a String per word costs more than the rest of the replay of the block.
    var mentioned: [ObjectKey] = []
    if tableNameIndex.isEmpty {
      // Tables set directly rather than replayed (tests): hash every name.
      let words = Self.wordHashes(in: source.bytes, range: statement.range)
      mentioned = tables.keys.filter { words.contains(Fingerprint.fnv1a64(bytes: $0.name.utf8)) }
    } else {
      // The block's words, not every table: a block costs its own length.
      // Each word is looked up as it is read, not gathered in a set first
      // (inserting every word cost 13 M instructions on the corpus run).
      var found = Set<UInt64>()
      Self.forEachWordHash(in: source.bytes, range: statement.range) { word in
        guard tableNameFilter.contains(word), let keys = tableNameIndex[word], found.insert(word).inserted else {
          return
        }
        mentioned += keys.filter { tables.hasKey($0) }
      }
    }
    for key in mentioned { tables[key]?.isUncertain = true }
  }

  /// Moves the table `key` out for an edit, leaving an empty `TableInfo`
  /// in its place until the caller stores it back (`tables[key] = table`).
  /// A copy (`var table = tables[key]`) shares its arrays with the stored
  /// value, so every edit copied the columns or constraints first. The key
  /// stays in `tables` (its count too, see `tables.didSet`), so name
  /// resolution meanwhile is unchanged; only the table's contents are gone.
  mutating func takeTable(_ key: ObjectKey) -> TableInfo? {
    guard let slot = tables.index(forKey: key) else { return nil }
    var table = TableInfo(
      key: key, columns: [], constraints: [], rlsEnabled: false, rlsForced: false, policies: [],
      origin: Origin(fileIndex: 0, transaction: 0), isPartitioned: false, isUncertain: false)
    swap(&table, &tables.values[slot])
    return table
  }

  /// Adds or replaces the table `table.key`, indexing its name.
  mutating func insertTable(_ table: TableInfo) {
    tables[table.key] = table
    indexTableName(table.key)
  }

  /// FNV-1a hashes of the identifier-like words of `range`, as written and
  /// lower-cased (an unquoted name in the block folds; a quoted one keeps
  /// its case). A 64-bit hash stands in for the word: a collision could
  /// only mark one more table uncertain.
  static func wordHashes(in bytes: [UInt8], range: Range<Int>) -> Set<UInt64> {
    var hashes = Set<UInt64>()
    forEachWordHash(in: bytes, range: range) { hashes.insert($0) }
    return hashes
  }

  /// Calls `body` with the hashes `wordHashes` collects, in text order,
  /// repeated words again.
  static func forEachWordHash(in bytes: [UInt8], range: Range<Int>, _ body: (UInt64) -> Void) {
    var inWord = false
    var isName = false
    var asWritten = Fingerprint.fnv64OffsetBasis
    var folded = Fingerprint.fnv64OffsetBasis
    let upper = min(range.upperBound, bytes.count)
    var offset = max(0, range.lowerBound)
    while offset <= upper {
      let byte = offset < upper ? bytes[offset] : 0x20
      let isWordByte =
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x5F || byte == 0x24 || byte >= 0x80
      if isWordByte {
        if !inWord {
          inWord = true
          // A name never starts with a digit (numbers are most such words).
          isName = byte > 0x39
          asWritten = Fingerprint.fnv64OffsetBasis
          folded = Fingerprint.fnv64OffsetBasis
        }
        // PostgreSQL folds only ASCII letters of an unquoted name.
        asWritten = Fingerprint.fnv1a64(asWritten, byte)
        folded = Fingerprint.fnv1a64(folded, byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
      } else if inWord {
        if isName {
          body(asWritten)
          if folded != asWritten { body(folded) }
        }
        inWord = false
      }
      offset += 1
    }
  }
}

extension SchemaState {
  /// The names that resolve to a table or view the model knows (a query's
  /// FROM items may be CTEs or functions).
  public func knownRelations(_ names: [QualifiedName]) -> [ObjectKey] {
    var keys: [ObjectKey] = []
    for name in names {
      if let key = existingTableKey(name) ?? existingViewKey(name), !keys.contains(key) {
        keys.append(key)
      }
    }
    return keys
  }
}

extension String {
  /// Trims any of the given characters from both ends.
  func trimming(_ set: String) -> String {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
