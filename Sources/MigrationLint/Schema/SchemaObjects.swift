import PostgresSyntax

/// A schema-qualified object name, resolved against `search_path`.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var schema: String
  public var name: String

  public init(schema: String, name: String) {
    self.schema = schema
    self.name = name
  }

  public var description: String { "\(SQLName.quoteIfNeeded(schema)).\(SQLName.quoteIfNeeded(name))" }

  public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
    (lhs.schema, lhs.name) < (rhs.schema, rhs.name)
  }
}

/// Where an object came from, relative to the statement being linted.
public struct Origin: Sendable, Equatable {
  /// Index of the migration file (in replay order) that created it.
  public var fileIndex: Int
  /// Transaction number within that file (see `SchemaState.transactionNumber`).
  public var transaction: Int
}

public struct ColumnInfo: Sendable, Equatable {
  public var name: String
  public var typeName: String
  public var notNull: Bool
  public var defaultExpression: String?
  public var defaultIsVolatile: Bool
  public var isIdentity: Bool
  public var isGenerated: Bool
  /// The name of the column's NOT NULL constraint once a rename made it
  /// differ from the default `<table>_<column>_not_null` (PostgreSQL 18
  /// names these constraints and keeps the name across renames).
  public var notNullConstraint: String? = nil
}

public struct ConstraintInfo: Sendable, Equatable {
  public var name: String
  public var kind: ConstraintKind
  public var columns: [String]
  public var validated: Bool
  public var referencedTable: ObjectKey?
  /// For CHECK constraints: the expression text, normalised (lower case,
  /// single spaces), to recognise `col IS NOT NULL`.
  public var checkExpression: String?
  /// Where it was added (nil: not seen being added).
  public var origin: Origin? = nil
  /// For foreign keys: `ON DELETE` as written, upper case (nil: NO ACTION).
  public var onDelete: String? = nil
  /// Where a `VALIDATE CONSTRAINT` validated it (nil: valid from the start, or never validated).
  public var validatedIn: Origin? = nil
}

public struct IndexInfo: Sendable, Equatable {
  public var key: ObjectKey
  public var table: ObjectKey
  public var columns: [String?]
  public var unique: Bool
  public var partial: Bool
  public var origin: Origin
  /// What makes two indexes the same (method, key elements as written and
  /// normalised, INCLUDE columns, predicate, uniqueness); nil when unknown.
  public var signature: String? = nil
}

/// The privileges GRANT and REVOKE statements of the migrations gave or
/// took on one object, by role (lower case, `public` for PUBLIC): the last
/// statement wins. Privileges no statement named keep their defaults (see
/// `SchemaState.hasPrivilege`).
public struct ObjectPrivileges: Sendable, Equatable {
  /// Role → privilege (upper case, e.g. `EXECUTE`, `SELECT`) → granted.
  public var explicit: [String: [String: Bool]] = [:]
  /// `GRANT/REVOKE ALL` for the role, applying to every privilege not named since.
  public var all: [String: Bool] = [:]

  public init() {}

  /// The explicit state of `privilege` for `role`; nil when never granted or revoked.
  public func state(_ role: String, _ privilege: String) -> Bool? {
    explicit[role]?[privilege] ?? all[role]
  }
}

public struct PolicyInfo: Sendable, Equatable {
  public var name: String
  /// `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`.
  public var command: String
  /// The roles as written (empty: `PUBLIC`, every role).
  public var roles: [String]
  public var permissive: Bool
  /// The `USING` expression's text as written, without its parentheses (nil: none).
  public var using: String? = nil
  /// The `WITH CHECK` expression's text as written, without its parentheses (nil: none).
  public var withCheck: String? = nil
  /// Where it was created (nil: not seen being created).
  public var origin: Origin? = nil

  /// True when the policy applies to `role`: it names it, or names no role
  /// (`PUBLIC`), of which every role is a member.
  public func applies(to role: String) -> Bool {
    roles.isEmpty || roles.contains { $0.lowercased() == "public" || $0 == role }
  }

  /// The commands it covers: `ALL` is each of the four.
  public var commands: [String] { command == "ALL" ? ["SELECT", "INSERT", "UPDATE", "DELETE"] : [command] }
}

public struct TableInfo: Sendable, Equatable {
  public var key: ObjectKey
  public var columns: [ColumnInfo]
  public var constraints: [ConstraintInfo]
  public var rlsEnabled: Bool
  public var rlsForced: Bool
  public var policies: [PolicyInfo]
  public var origin: Origin
  public var isPartitioned: Bool
  /// Set when a statement cslint cannot follow (DO block, dynamic SQL) may
  /// have changed this table: rules stay quiet rather than guess.
  public var isUncertain: Bool
  /// The last ALTER TABLE that changed it (nil: none since it was created).
  public var lastAltered: Origin? = nil
  /// The partitioned table it is a partition of.
  public var partitionParent: ObjectKey? = nil
  /// Constraints validated by name that the model never saw created (made
  /// outside the migrations): they may prove anything.
  public var validatedUnknownConstraints: Set<String> = []
  /// `REPLICA IDENTITY FULL` or `USING INDEX`: logical replication can
  /// identify its rows without a primary key.
  public var hasReplicaIdentityWithoutKey = false

  public func column(_ name: String) -> ColumnInfo? { columns.first { $0.name == name } }

  public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

public struct FunctionInfo: Sendable, Equatable {
  public var key: ObjectKey
  public var securityDefiner: Bool
  public var setsSearchPath: Bool
  public var language: String?
  public var origin: Origin
  /// `RETURNS trigger` / `event_trigger`: only triggers call it, never application code.
  public var returnsTrigger = false
  /// For a PL/pgSQL trigger function: its body's `NEW.col` / `OLD.col`
  /// references (byte ranges in the file `rowReferencesFile` names), nil
  /// when unknown or when the body adapts to the table it fires for.
  public var rowReferences: [RowReference]? = nil
  /// The index of the file whose statement defined the body.
  public var rowReferencesFile = 0
}

public struct ViewInfo: Sendable, Equatable {
  public var key: ObjectKey
  public var materialized: Bool
  public var securityInvoker: Bool
  public var origin: Origin
  /// The relations its query reads (refreshing a materialized view reads them again).
  public var sources: [ObjectKey] = []
}

public struct EnumInfo: Sendable, Equatable {
  public var key: ObjectKey
  public var values: [String]
  public var origin: Origin
  /// Values added by `ALTER TYPE ... ADD VALUE`, with where they were added.
  public var addedValues: [String: Origin]
}

/// Volatility of default expressions, the part that decides whether
/// `ADD COLUMN ... DEFAULT` rewrites the table (PostgreSQL 11+ stores a
/// non-volatile default in the catalog instead).
public enum DefaultVolatility {
  static let volatileFunctions: Set<String> = [
    "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7",
    "clock_timestamp", "timeofday", "nextval", "setseed", "txid_current", "statement_timestamp_volatile",
    "random_normal", "gen_random_bytes", "extensions.uuid_generate_v4", "extensions.gen_random_uuid",
  ]

  /// `volatileFunctions` as bytes, for `isVolatile`.
  static let volatileFunctionBytes: [[UInt8]] = volatileFunctions.map { Array($0.utf8) }

  /// True when the expression calls a function known to be volatile.
  /// Bytes (ASCII case folding): it runs for every column default. The
  /// called names are compared where they stand in the expression: a
  /// String and set lookup per name cost 4 M instructions more on the
  /// corpus run.
  public static func isVolatile(_ expression: String) -> Bool {
    // Only a `(` makes a call: most defaults (`0`, `'x'`, `true`) have none.
    guard expression.utf8.contains(UInt8(ascii: "(")) else { return false }
    var text = expression
    return text.withUTF8 { bytes in
      // The word ending here, and the last word before the spaces that
      // follow it (`now ()`), as byte ranges.
      var current = 0..<0
      var pending = 0..<0
      var hasPending = false
      for (offset, byte) in bytes.enumerated() {
        let isWordByte =
          (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
          || byte == 0x5F || byte == 0x2E || byte >= 0x80
        if isWordByte {
          hasPending = false
          current = (current.isEmpty ? offset : current.lowerBound)..<(offset + 1)
        } else if byte == 0x20 || byte == 0x0A || byte == 0x09 {
          if !current.isEmpty {
            pending = current
            hasPending = true
          }
          current = 0..<0
        } else {
          if byte == UInt8(ascii: "(") {
            if !current.isEmpty {
              if isVolatileName(bytes, current) { return true }
            } else if hasPending {
              if isVolatileName(bytes, pending) { return true }
            }
          }
          current = 0..<0
          hasPending = false
        }
      }
      return false
    }
  }

  /// True when `bytes[name]`, folded to lower case, or its last
  /// dot-separated part is one of `volatileFunctions`.
  static func isVolatileName(_ bytes: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> Bool {
    var lastPart = name
    if let dot = bytes[name].lastIndex(of: 0x2E) { lastPart = (dot + 1)..<name.upperBound }
    return volatileFunctionBytes.contains { function in
      equalsFolded(bytes, name, function) || equalsFolded(bytes, lastPart, function)
    }
  }

  /// True when `bytes[range]` with ASCII letters lowered is `lower`.
  static func equalsFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ lower: [UInt8]) -> Bool {
    guard range.count == lower.count else { return false }
    for (index, expected) in zip(range, lower) {
      let byte = bytes[index]
      if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != expected { return false }
    }
    return true
  }
}
