import Foundation
import MigrationLint

/// The part of a database's schema that cslint's SchemaModel claims to know,
/// in one comparable shape: read from a live server's catalog, or from a
/// replayed `SchemaState`.
struct CatalogSnapshot: Sendable, Equatable {
  struct Column: Sendable, Equatable {
    /// Normalised spelling (`format_type` on the server, ``TypeSpelling`` on ours).
    var type: String
    var notNull: Bool
    var hasDefault: Bool
  }

  struct Table: Sendable, Equatable {
    var columns: [String: Column] = [:]
    /// Constraint name → kind (`PRIMARY KEY`, …) and whether it is validated.
    var constraints: [String: ConstraintState] = [:]
    var rowSecurity = false
    var forceRowSecurity = false
    /// Policy name → command (`SELECT`, `ALL`, …).
    var policies: [String: String] = [:]
  }

  struct ConstraintState: Sendable, Equatable {
    var kind: String
    var validated: Bool
  }

  struct Index: Sendable, Equatable {
    var table: String
    var unique: Bool
    var partial: Bool
  }

  /// `schema.table` → table.
  var tables: [String: Table] = [:]
  /// `schema.index` → index. Indexes that implement a PRIMARY KEY, UNIQUE or
  /// EXCLUDE constraint are left out: the constraint stands for them.
  var indexes: [String: Index] = [:]
}

extension CatalogSnapshot {
  struct Counts: Sendable, Equatable {
    var tables = 0
    var columns = 0
    var constraints = 0
    var indexes = 0
    var policies = 0
  }

  var counts: Counts {
    Counts(
      tables: tables.count, columns: tables.values.reduce(0) { $0 + $1.columns.count },
      constraints: tables.values.reduce(0) { $0 + $1.constraints.count }, indexes: indexes.count,
      policies: tables.values.reduce(0) { $0 + $1.policies.count })
  }

  /// Every way `other` (cslint's model) differs from `self` (the server), one
  /// line each, sorted; empty when they agree.
  func differences(from model: CatalogSnapshot) -> [String] {
    var lines: [String] = []
    for name in Set(tables.keys).union(model.tables.keys).sorted() {
      guard let server = tables[name] else {
        lines.append("\(name): table only in cslint's model")
        continue
      }
      guard let ours = model.tables[name] else {
        lines.append("\(name): table only on the server")
        continue
      }
      lines += Self.compare(table: name, server: server, model: ours)
    }
    for name in Set(indexes.keys).union(model.indexes.keys).sorted() {
      switch (indexes[name], model.indexes[name]) {
      case (let server?, let ours?):
        if server.table != ours.table {
          lines.append("index \(name): table: server \(server.table), cslint \(ours.table)")
        }
        if server.unique != ours.unique {
          lines.append("index \(name): unique: \(Self.pair(server.unique, ours.unique))")
        }
        if server.partial != ours.partial {
          lines.append("index \(name): partial: \(Self.pair(server.partial, ours.partial))")
        }
      case (let server?, nil): lines.append("index \(name) on \(server.table): only on the server")
      case (nil, let ours?): lines.append("index \(name) on \(ours.table): only in cslint's model")
      case (nil, nil): break
      }
    }
    return lines
  }

  private static func compare(table name: String, server: Table, model: Table) -> [String] {
    var lines: [String] = []
    for column in Set(server.columns.keys).union(model.columns.keys).sorted() {
      switch (server.columns[column], model.columns[column]) {
      case (let theirs?, let ours?):
        if theirs.type != ours.type {
          lines.append("\(name).\(column): type: server \(theirs.type), cslint \(ours.type)")
        }
        if theirs.notNull != ours.notNull {
          lines.append("\(name).\(column): NOT NULL: \(pair(theirs.notNull, ours.notNull))")
        }
        if theirs.hasDefault != ours.hasDefault {
          lines.append("\(name).\(column): default: \(pair(theirs.hasDefault, ours.hasDefault))")
        }
      case (_?, nil): lines.append("\(name).\(column): column only on the server")
      case (nil, _?): lines.append("\(name).\(column): column only in cslint's model")
      case (nil, nil): break
      }
    }
    for constraint in Set(server.constraints.keys).union(model.constraints.keys).sorted() {
      switch (server.constraints[constraint], model.constraints[constraint]) {
      case (let theirs?, let ours?):
        if theirs.kind != ours.kind {
          lines.append("\(name): constraint \(constraint): kind: server \(theirs.kind), cslint \(ours.kind)")
        }
        if theirs.validated != ours.validated {
          lines.append("\(name): constraint \(constraint): validated: \(pair(theirs.validated, ours.validated))")
        }
      case (let theirs?, nil): lines.append("\(name): constraint \(constraint) (\(theirs.kind)): only on the server")
      case (nil, let ours?): lines.append("\(name): constraint \(constraint) (\(ours.kind)): only in cslint's model")
      case (nil, nil): break
      }
    }
    if server.rowSecurity != model.rowSecurity {
      lines.append("\(name): row level security: \(pair(server.rowSecurity, model.rowSecurity))")
    }
    if server.forceRowSecurity != model.forceRowSecurity {
      lines.append("\(name): forced row level security: \(pair(server.forceRowSecurity, model.forceRowSecurity))")
    }
    for policy in Set(server.policies.keys).union(model.policies.keys).sorted() {
      switch (server.policies[policy], model.policies[policy]) {
      case (let theirs?, let ours?) where theirs != ours:
        lines.append("\(name): policy \"\(policy)\": command: server \(theirs), cslint \(ours)")
      case (_?, nil): lines.append("\(name): policy \"\(policy)\": only on the server")
      case (nil, _?): lines.append("\(name): policy \"\(policy)\": only in cslint's model")
      default: break
      }
    }
    return lines
  }

  private static func pair(_ server: Bool, _ model: Bool) -> String {
    "server \(server ? "yes" : "no"), cslint \(model ? "yes" : "no")"
  }
}
