import PostgresSyntax

// What rules need to know about the rest of a statement's transaction: how
// long its locks stay held, whether a timeout bounds its work, and where the
// transaction ends.

extension StatementEffects {
  /// No statement_timeout is in force (unset, or 0): the statement runs as
  /// long as its work takes.
  public var runsWithoutStatementTimeout: Bool {
    guard let statementTimeout else { return true }
    return Self.isNoTimeout(statementTimeout)
  }

  /// The first relation that existed before the file whose every row
  /// `statement` reads or rewrites (a scan, a rewrite, a validation) while no
  /// statement_timeout is in force. Nil for statements that have an unused
  /// `CONCURRENTLY` form (the rules asking for it come first) and for
  /// `ANALYZE`, which reads a sample.
  public func longRunWithoutTimeout(_ statement: Statement) -> RelationEffect? {
    guard runsWithoutStatementTimeout, !skipsConcurrentForm else { return nil }
    if case .maintenance(let maintenance) = statement.node, maintenance.kind == .analyze { return nil }
    return relations.first { $0.existedBefore && ($0.scan || $0.rewrite) }
  }

  /// The first ACCESS EXCLUSIVE lock the statement takes on a relation that
  /// existed before the file and keeps until its transaction ends.
  public var accessExclusiveKept: RelationEffect? {
    relations.first { $0.existedBefore && $0.lock == .accessExclusive && $0.heldUntil == .transaction }
  }

  /// True when the statement, run while `held` is kept, makes the wait
  /// longer for everyone queued on it: it reads or rewrites every row of a
  /// relation that existed before the file, or waits with no lock_timeout
  /// for a lock on another one (ACCESS SHARE waits only behind other DDL
  /// and is not counted).
  public func prolongs(_ held: HeldLock) -> Bool {
    let waitsForever = waitsForLocksForever
    return relations.contains { effect in
      guard effect.existedBefore else { return false }
      if effect.scan || effect.rewrite { return true }
      return waitsForever && effect.relation != held.relation && effect.lock > .accessShare
    }
  }
}

extension SchemaState {
  /// The ACCESS EXCLUSIVE lock the open transaction keeps on a relation
  /// that existed before the file, taken by an earlier statement; nil when
  /// none, or when the transaction that took it has ended.
  public var heldLock: HeldLock? {
    guard let held = accessExclusiveHeld, held.transaction == transactionNumber, inTransaction else { return nil }
    return held
  }

  /// Records, after the statement at `statementIndex` ran, the first
  /// ACCESS EXCLUSIVE lock its transaction keeps, or that a later statement
  /// prolonged it (the finding is made once).
  mutating func noteHeldLock(_ effects: EffectsCache, statement: Statement, statementIndex: Int) {
    if var held = heldLock {
      if !held.reported && effects.value?.prolongs(held) == true {
        held.reported = true
        accessExclusiveHeld = held
      }
      return
    }
    // A dropped table or view: nobody waits for it to come back (drop-table reports it).
    if case .drop(let drop) = statement.node,
      drop.objectType == .table || drop.objectType == .view || drop.objectType == .matview
    {
      return
    }
    guard let effect = effects.accessExclusiveKept else { return }
    accessExclusiveHeld = HeldLock(
      relation: effect.relation, statementIndex: statementIndex, transaction: transactionNumber)
  }
}

extension RuleContext {
  /// True for `COMMIT`, `END`, `ROLLBACK`, `ABORT` and `PREPARE TRANSACTION`.
  public static func endsTransaction(_ statement: Statement) -> Bool {
    guard case .transaction(let transaction) = statement.node else { return false }
    switch transaction.kind {
    case .commit, .rollback, .prepare: return true
    default: return false
    }
  }

  /// The index of the statement that ends the transaction the current one
  /// runs in: the next `COMMIT` / `ROLLBACK` (or a statement that commits by
  /// itself); `statements.count` when the transaction lasts to the end of
  /// the file (or goose section), where the runner commits it.
  public var transactionEnd: Int {
    var index = statementIndex + 1
    while index < statements.count {
      let statement = statements[index]
      if Self.endsTransaction(statement) || StatementEffects.commitsByItself(statement) { return index }
      index += 1
    }
    return statements.count
  }

  /// Real statements (not psql meta-commands) of `range` of the file.
  public func statementCount(in range: Range<Int>) -> Int {
    statements[range].lazy.filter { !$0.span.isMetaCommand }.count
  }

  /// The 1-based line a byte offset is on.
  public func line(of offset: Int) -> Int { source.location(of: offset).line }
}
