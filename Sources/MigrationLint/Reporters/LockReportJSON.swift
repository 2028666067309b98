import PostgresSyntax

/// `cslint locks --format json`: one document for all files, documented in
/// docs/json-output.md ("cslint locks"). Enumerations are written as stable
/// snake_case tokens, not the prose the text table shows, so wording can
/// change without breaking consumers; lock modes use PostgreSQL's names.
extension LockReport {
  /// The schema version of the document; raised only when a field is
  /// removed, renamed or changes meaning.
  public static let jsonVersion = 1

  public static func json(_ reports: [LockReport], toolVersion: String) -> String {
    JSONValue.object([
      ("version", .int(jsonVersion)),
      ("tool", .object([("name", .string("cslint")), ("version", .string(toolVersion))])),
      ("files", .array(reports.map(\.jsonValue))),
    ]).serialized()
  }

  var jsonValue: JSONValue {
    .object([
      ("path", .string(path)),
      ("runner", .string(settings.runner.rawValue)),
      ("postgres_version", .int(settings.postgresVersion)),
      ("execution", .string(execution.token)),
      ("statements", .array(rows.map(\.jsonValue))),
    ])
  }
}

extension LockReportRow {
  var jsonValue: JSONValue {
    let effects = analyzed.effects
    let context = effects.transaction
    let begins: JSONValue =
      begins.map {
        .object([("opener", .string($0.opener.token)), ("within", $0.within.map { .string($0.token) } ?? .null)])
      } ?? .null
    return .object([
      ("line", .int(analyzed.line)),
      ("kind", .string(analyzed.statement.kind)),
      ("title", .string(title)),
      ("transaction_boundary", .bool(analyzed.isTransactionBoundary)),
      (
        "transaction",
        .object([
          ("opener", .string(context.opener.token)),
          ("statements_before", .int(context.statementsBefore)),
          ("refusal", .optional(context.refusal)),
          ("begins", begins),
          ("ends", .optional(ends?.rawValue)),
        ])
      ),
      ("lock_timeout", .optional(effects.lockTimeout)),
      ("statement_timeout", .optional(effects.statementTimeout)),
      ("relations", .array(effects.relations.map(\.jsonValue))),
    ])
  }
}

extension RelationEffect {
  var jsonValue: JSONValue {
    .object([
      ("schema", .string(relation.schema)),
      ("name", .string(relation.name)),
      ("kind", .string(kind.token)),
      ("new", .bool(isNew)),
      ("lock", .string(lock.sqlName)),
      ("lock_catalog_name", .string(lock.catalogName)),
      ("blocks", .string(blocks.token)),
      ("held_until", .string(heldUntil.rawValue)),
      ("rewrite", .bool(rewrite)),
      ("scan", .bool(scan)),
      ("validates", .bool(validates)),
      ("version_note", .optional(versionNote)),
    ])
  }
}

// Stable tokens: exhaustive switches, so a new case cannot reach the JSON
// without a token chosen for it.

extension FileExecution {
  var token: String {
    switch self {
    case .statementByStatement: "statement_by_statement"
    case .pipeline: "pipeline"
    case .singleQuery: "single_query"
    case .transactionWrapped: "transaction_wrapped"
    }
  }
}

extension TransactionOpener {
  var token: String {
    switch self {
    case .none: "autocommit"
    case .explicit: "explicit"
    case .runner: "runner"
    case .implicitBlock: "implicit_block"
    case .pipeline: "pipeline"
    }
  }
}

extension BlockedTraffic {
  var token: String {
    switch self {
    case .readsAndWrites: "reads_and_writes"
    case .writes: "writes"
    case .otherDDL: "other_ddl"
    case .nothing: "nothing"
    }
  }
}

extension RelationKind {
  var token: String {
    switch self {
    case .table: "table"
    case .partitionedTable: "partitioned_table"
    case .index: "index"
    case .view: "view"
    case .materializedView: "materialized_view"
    case .sequence: "sequence"
    }
  }
}
