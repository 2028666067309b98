import MigrationLint
import PostgresSyntax

/// Runs migration SQL on a live database the way a migration runner does.
enum MigrationApplier {
  /// One statement of a migration, as text with its `;`.
  struct Piece: Sendable, Equatable {
    var sql: String
    /// CONCURRENTLY and friends: PostgreSQL refuses them in a transaction block.
    var refusesTransaction: Bool
  }

  /// The statements of `sql`, split by cslint's own splitter.
  static func pieces(of sql: String) -> [Piece] {
    let source = SourceFile(path: "migration.sql", text: sql)
    return StatementParser.parse(ScannedFile(source: source)).filter { !$0.span.isMetaCommand }.map { statement in
      Piece(sql: source.text(statement.range) + ";", refusesTransaction: refusesTransaction(statement.node))
    }
  }

  static func refusesTransaction(_ node: StatementNode) -> Bool {
    switch node {
    case .createIndex(let index): return index.concurrently
    case .drop(let drop): return drop.concurrently
    case .maintenance(let maintenance):
      return maintenance.concurrently || maintenance.kind == .vacuum || maintenance.kind == .vacuumFull
    case .alterTable(let alter):
      return alter.commands.contains {
        if case .detachPartition(_, true) = $0.action { return true }
        return false
      }
    default: return false
    }
  }

  static func containsNonTransactional(_ sql: String) -> Bool {
    pieces(of: sql).contains(where: \.refusesTransaction)
  }

  /// Runs `sql` as one migration: in one transaction (as the Supabase CLI
  /// does), or — when a statement refuses a transaction block — each
  /// statement on its own in autocommit, as a runner without transactions
  /// (or a file holding that statement alone) does. Returns the server's
  /// error, nil on success.
  static func apply(_ sql: String, client: PsqlClient) async throws -> String? {
    if containsNonTransactional(sql) { return try await applyEachStatement(sql, client: client) }
    return try await failure(of: client.run(sql, singleTransaction: true))
  }

  /// Each statement in its own psql run (autocommit): the only way a
  /// CONCURRENTLY statement can run. Stops at the first error.
  static func applyEachStatement(_ sql: String, client: PsqlClient) async throws -> String? {
    for piece in pieces(of: sql) {
      if let error = try await failure(of: client.run(piece.sql)) { return "\(error) (in: \(oneLine(piece.sql)))" }
    }
    return nil
  }

  /// The first `ERROR:` message of a psql run, nil when it succeeded.
  static func failure(of result: ProcessResult) throws -> String? {
    switch result.status {
    case 0: return nil
    case 3: return PsqlClient.errorMessage(in: result.stderr) ?? result.stderr
    default: throw HarnessError("psql could not run the migration (status \(result.status)): \(result.stderr)")
    }
  }

  static func oneLine(_ sql: String) -> String {
    sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
  }
}
