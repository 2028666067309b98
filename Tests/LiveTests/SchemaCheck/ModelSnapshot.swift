import Foundation
import MigrationLint
import PostgresSyntax

/// cslint's side of the cross-check: replay migrations into a `SchemaState`
/// exactly as the linter does, then read it as a ``CatalogSnapshot``.
enum ModelSnapshot {
  /// Replays `files` in order (one `beginFile` per file), as `Linter.lint`
  /// does for the history before the files it lints.
  static func replay(_ files: [SourceFile]) -> SchemaState {
    var schema = SchemaState()
    for (index, source) in files.enumerated() {
      schema.beginFile(index: index)
      schema.replay(source)
    }
    return schema
  }

  static func snapshot(of schema: SchemaState) -> CatalogSnapshot {
    var snapshot = CatalogSnapshot()
    for (key, table) in schema.tables {
      var entry = CatalogSnapshot.Table(rowSecurity: table.rlsEnabled, forceRowSecurity: table.rlsForced)
      for column in table.columns {
        let serial = TypeSpelling.isSerial(column.typeName)
        entry.columns[column.name] = CatalogSnapshot.Column(
          type: TypeSpelling.normalize(column.typeName), notNull: column.notNull,
          hasDefault: (column.defaultExpression != nil || serial) && !column.isGenerated)
      }
      for constraint in table.constraints where constraint.kind != .notNull {
        entry.constraints[constraint.name] = CatalogSnapshot.ConstraintState(
          kind: constraint.kind.rawValue, validated: constraint.validated)
      }
      for policy in table.policies { entry.policies[policy.name] = policy.command }
      snapshot.tables["\(key.schema).\(key.name)"] = entry
    }
    for (key, index) in schema.indexes {
      // `ADD CONSTRAINT name PRIMARY KEY USING INDEX name` hands the index to
      // the constraint; the server side leaves such indexes out too.
      let table = "\(index.table.schema).\(index.table.name)"
      if let owner = snapshot.tables[table]?.constraints[key.name],
        [ConstraintKind.primaryKey, .unique, .exclude].map(\.rawValue).contains(owner.kind)
      {
        continue
      }
      snapshot.indexes["\(key.schema).\(key.name)"] = CatalogSnapshot.Index(
        table: "\(index.table.schema).\(index.table.name)", unique: index.unique, partial: index.partial)
    }
    return snapshot
  }
}

/// Spells a type name the way PostgreSQL's `format_type` prints it, from the
/// way a migration wrote it (cslint's parser keeps the author's spelling,
/// lower-cased: `int4`, `varchar(255)`, `timestamptz`).
enum TypeSpelling {
  static let aliases: [String: String] = [
    "int": "integer", "int4": "integer", "serial": "integer", "serial4": "integer",
    "int8": "bigint", "bigserial": "bigint", "serial8": "bigint",
    "int2": "smallint", "smallserial": "smallint", "serial2": "smallint",
    "bool": "boolean", "float8": "double precision", "float": "double precision", "float4": "real",
    "decimal": "numeric", "varchar": "character varying", "char": "character", "bpchar": "character",
    "timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
    "timetz": "time with time zone", "time": "time without time zone", "varbit": "bit varying",
  ]

  static func isSerial(_ type: String) -> Bool {
    ["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"].contains(type.lowercased())
  }

  static func normalize(_ written: String) -> String {
    var type = written.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    // Array bounds are not enforced and format_type prints plain `[]`.
    var arrays = 0
    while type.hasSuffix("]"), let open = type.lastIndex(of: "[") {
      type = String(type[..<open]).trimmingCharacters(in: .whitespaces)
      arrays += 1
    }
    if type.hasSuffix(" array") {
      type = String(type.dropLast(" array".count))
      arrays = max(arrays, 1)
    }
    for prefix in ["pg_catalog.", "public.", "extensions."] where type.hasPrefix(prefix) {
      type = String(type.dropFirst(prefix.count))
    }
    // Split `name(modifiers) rest`: `timestamp(3) with time zone`, `varchar(20)`.
    var modifiers = ""
    var rest = ""
    if let open = type.firstIndex(of: "("), let close = type[open...].firstIndex(of: ")") {
      modifiers = type[open...close].replacingOccurrences(of: " ", with: "")
      rest = type[type.index(after: close)...].trimmingCharacters(in: .whitespaces)
      type = type[..<open].trimmingCharacters(in: .whitespaces)
    }
    if !rest.isEmpty {
      type += " " + rest
    }
    type = spelled(type, modifiers: &modifiers)
    var result: String
    if let space = type.range(of: " with"), !modifiers.isEmpty, type.hasPrefix("time") {
      result = type[..<space.lowerBound] + modifiers + type[space.lowerBound...]
    } else {
      result = type + modifiers
    }
    if arrays > 0 { result += "[]" }
    return result
  }

  private static func spelled(_ type: String, modifiers: inout String) -> String {
    switch type {
    case "float":
      // float(p): real up to 24 bits of precision, double precision above.
      if let bits = Int(modifiers.dropFirst().dropLast()) {
        modifiers = ""
        return bits <= 24 ? "real" : "double precision"
      }
      return "double precision"
    case "char", "character", "bpchar":
      if modifiers.isEmpty { modifiers = "(1)" }
      return "character"
    case "timestamptz": return "timestamp with time zone"
    case "timetz": return "time with time zone"
    case "timestamp", "timestamp without time zone": return "timestamp without time zone"
    case "time", "time without time zone": return "time without time zone"
    default: return aliases[type] ?? type
    }
  }
}
