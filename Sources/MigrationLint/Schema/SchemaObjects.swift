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

  /// Names first: keys of one dictionary mostly share their schema, so
  /// a mismatch is found on the first comparison.
  public static func == (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
    lhs.name == rhs.name && lhs.schema == rhs.schema
  }

  // Hashing. The schema is left out (equal keys have equal names, so the
  // hash still agrees with `==`; keys of one dictionary mostly share their
  // schema), and a plain ASCII name is hashed with FNV-1a instead of
  // SipHash through a `Hasher`: the corpus run makes ~190,000 schema
  // lookups, and the two strings' SipHash was ~290 instructions of each
  // (saves 68 M instructions on the corpus run: 35 M for the name only).

  public func hash(into hasher: inout Hasher) {
    if let hash = Self.plainNameHash(name) {
      hasher.combine(hash)
    } else {
      hasher.combine(name)
    }
  }

  /// What `Dictionary` and `Set` call to hash a key (the default makes a
  /// `Hasher` and calls `hash(into:)`).
  public func _rawHashValue(seed: Int) -> Int {
    guard var hash = Self.plainNameHash(name) else { return name._rawHashValue(seed: seed) }
    // MurmurHash3's finalizer: the tables use the low bits.
    hash ^= UInt64(bitPattern: Int64(seed))
    hash ^= hash >> 33
    hash &*= 0xff51_afd7_ed55_8ccd
    hash ^= hash >> 33
    hash &*= 0xc4ce_b9fe_1a85_ec53
    hash ^= hash >> 33
    return Int(truncatingIfNeeded: hash)
  }

  /// FNV-1a 64 of the bytes of the ASCII string `name` equals (`==`),
  /// nil when there is none (then the string's own hash, which normalizes,
  /// is used).
  @inline(__always)
  static func plainNameHash(_ name: String) -> UInt64? {
    let ascii = name.utf8.withContiguousStorageIfAvailable { bytes -> UInt64? in
      var hash = fnvOffsetBasis
      var bits: UInt8 = 0
      for byte in bytes {
        bits |= byte
        hash = (hash ^ UInt64(byte)) &* fnvPrime
      }
      return bits < 0x80 ? hash : nil
    }
    if let ascii, let hash = ascii { return hash }
    return asciiEquivalentHash(name)
  }

  private static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
  private static let fnvPrime: UInt64 = 0x100_0000_01b3

  /// `plainNameHash` for a name that is not ASCII. `String ==` is canonical
  /// equivalence: such a name equals an ASCII string only when its other
  /// characters are U+212A, U+037E and U+1FEF, which decompose to `K`, `;`
  /// and a backquote (no other character decomposes to ASCII only).
  static func asciiEquivalentHash(_ name: String) -> UInt64? {
    var hash = fnvOffsetBasis
    for scalar in name.unicodeScalars {
      let byte: UInt8
      switch scalar.value {
      case 0..<0x80: byte = UInt8(scalar.value)
      case 0x212A: byte = UInt8(ascii: "K")
      case 0x037E: byte = UInt8(ascii: ";")
      case 0x1FEF: byte = UInt8(ascii: "`")
      default: return nil
      }
      hash = (hash ^ UInt64(byte)) &* fnvPrime
    }
    return hash
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

/// An index as the replay knows it, its fields in one copy-on-write box
/// (like `TableInfo`): copying and freeing the indexes dictionary (a down
/// migration's scratch state) retains and releases one box per index, not
/// six fields.
public struct IndexInfo: Sendable, Equatable {
  final class Storage: @unchecked Sendable {
    // Sendable: a box is only mutated while uniquely referenced.
    @exclusivity(unchecked) var key: ObjectKey
    @exclusivity(unchecked) var table: ObjectKey
    @exclusivity(unchecked) var columns: [String?]
    @exclusivity(unchecked) var unique: Bool
    @exclusivity(unchecked) var partial: Bool
    @exclusivity(unchecked) var origin: Origin
    @exclusivity(unchecked) var signature: String?

    init(
      key: ObjectKey,
      table: ObjectKey,
      columns: [String?],
      unique: Bool,
      partial: Bool,
      origin: Origin,
      signature: String?
    ) {
      self.key = key
      self.table = table
      self.columns = columns
      self.unique = unique
      self.partial = partial
      self.origin = origin
      self.signature = signature
    }

    convenience init(copying other: Storage) {
      self.init(
        key: other.key,
        table: other.table,
        columns: other.columns,
        unique: other.unique,
        partial: other.partial,
        origin: other.origin,
        signature: other.signature)
    }
  }

  private(set) var storage: Storage

  public init(
    key: ObjectKey,
    table: ObjectKey,
    columns: [String?],
    unique: Bool,
    partial: Bool,
    origin: Origin,
    signature: String? = nil
  ) {
    storage = Storage(
      key: key,
      table: table,
      columns: columns,
      unique: unique,
      partial: partial,
      origin: origin,
      signature: signature)
  }

  /// The box, copied first if another value shares it.
  private mutating func uniqueStorage() -> Storage {
    if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
    return storage
  }

  public var key: ObjectKey {
    _read { yield storage.key }
    _modify {
      let storage = uniqueStorage()
      yield &storage.key
    }
  }
  public var table: ObjectKey {
    _read { yield storage.table }
    _modify {
      let storage = uniqueStorage()
      yield &storage.table
    }
  }
  public var columns: [String?] {
    _read { yield storage.columns }
    _modify {
      let storage = uniqueStorage()
      yield &storage.columns
    }
  }
  public var unique: Bool {
    _read { yield storage.unique }
    _modify {
      let storage = uniqueStorage()
      yield &storage.unique
    }
  }
  public var partial: Bool {
    _read { yield storage.partial }
    _modify {
      let storage = uniqueStorage()
      yield &storage.partial
    }
  }
  public var origin: Origin {
    _read { yield storage.origin }
    _modify {
      let storage = uniqueStorage()
      yield &storage.origin
    }
  }
  /// What makes two indexes the same (method, key elements as written and
  /// normalised, INCLUDE columns, predicate, uniqueness); nil when unknown.
  public var signature: String? {
    _read { yield storage.signature }
    _modify {
      let storage = uniqueStorage()
      yield &storage.signature
    }
  }

  public static func == (left: IndexInfo, right: IndexInfo) -> Bool {
    if left.storage === right.storage { return true }
    return left.key == right.key
      && left.table == right.table
      && left.columns == right.columns
      && left.unique == right.unique
      && left.partial == right.partial
      && left.origin == right.origin
      && left.signature == right.signature
  }
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

/// A table as the replay knows it. Its fields live in one copy-on-write
/// box: the schema's tables dictionary is copied for every down migration's
/// scratch state and read by value (`tables[key]`) by rules, and as
/// stored properties each of its eight reference-counted fields was
/// retained per copy and released per destruction.
public struct TableInfo: Sendable, Equatable {
  final class Storage: @unchecked Sendable {
    // Sendable: a box is only mutated while uniquely referenced.
    @exclusivity(unchecked) var key: ObjectKey
    @exclusivity(unchecked) var columns: [ColumnInfo]
    @exclusivity(unchecked) var constraints: [ConstraintInfo]
    @exclusivity(unchecked) var rlsEnabled: Bool
    @exclusivity(unchecked) var rlsForced: Bool
    @exclusivity(unchecked) var policies: [PolicyInfo]
    @exclusivity(unchecked) var origin: Origin
    @exclusivity(unchecked) var isPartitioned: Bool
    @exclusivity(unchecked) var isUncertain: Bool
    @exclusivity(unchecked) var lastAltered: Origin?
    @exclusivity(unchecked) var partitionParent: ObjectKey?
    @exclusivity(unchecked) var validatedUnknownConstraints: Set<String>
    @exclusivity(unchecked) var hasReplicaIdentityWithoutKey: Bool

    init(
      key: ObjectKey,
      columns: [ColumnInfo],
      constraints: [ConstraintInfo],
      rlsEnabled: Bool,
      rlsForced: Bool,
      policies: [PolicyInfo],
      origin: Origin,
      isPartitioned: Bool,
      isUncertain: Bool,
      lastAltered: Origin?,
      partitionParent: ObjectKey?,
      validatedUnknownConstraints: Set<String>,
      hasReplicaIdentityWithoutKey: Bool
    ) {
      self.key = key
      self.columns = columns
      self.constraints = constraints
      self.rlsEnabled = rlsEnabled
      self.rlsForced = rlsForced
      self.policies = policies
      self.origin = origin
      self.isPartitioned = isPartitioned
      self.isUncertain = isUncertain
      self.lastAltered = lastAltered
      self.partitionParent = partitionParent
      self.validatedUnknownConstraints = validatedUnknownConstraints
      self.hasReplicaIdentityWithoutKey = hasReplicaIdentityWithoutKey
    }

    convenience init(copying other: Storage) {
      self.init(
        key: other.key,
        columns: other.columns,
        constraints: other.constraints,
        rlsEnabled: other.rlsEnabled,
        rlsForced: other.rlsForced,
        policies: other.policies,
        origin: other.origin,
        isPartitioned: other.isPartitioned,
        isUncertain: other.isUncertain,
        lastAltered: other.lastAltered,
        partitionParent: other.partitionParent,
        validatedUnknownConstraints: other.validatedUnknownConstraints,
        hasReplicaIdentityWithoutKey: other.hasReplicaIdentityWithoutKey)
    }
  }

  private(set) var storage: Storage

  public init(
    key: ObjectKey,
    columns: [ColumnInfo],
    constraints: [ConstraintInfo],
    rlsEnabled: Bool,
    rlsForced: Bool,
    policies: [PolicyInfo],
    origin: Origin,
    isPartitioned: Bool,
    isUncertain: Bool,
    lastAltered: Origin? = nil,
    partitionParent: ObjectKey? = nil,
    validatedUnknownConstraints: Set<String> = [],
    hasReplicaIdentityWithoutKey: Bool = false
  ) {
    storage = Storage(
      key: key,
      columns: columns,
      constraints: constraints,
      rlsEnabled: rlsEnabled,
      rlsForced: rlsForced,
      policies: policies,
      origin: origin,
      isPartitioned: isPartitioned,
      isUncertain: isUncertain,
      lastAltered: lastAltered,
      partitionParent: partitionParent,
      validatedUnknownConstraints: validatedUnknownConstraints,
      hasReplicaIdentityWithoutKey: hasReplicaIdentityWithoutKey)
  }

  /// The box, copied first if another value shares it.
  private mutating func uniqueStorage() -> Storage {
    if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
    return storage
  }

  public var key: ObjectKey {
    _read { yield storage.key }
    _modify {
      let storage = uniqueStorage()
      yield &storage.key
    }
  }
  public var columns: [ColumnInfo] {
    _read { yield storage.columns }
    _modify {
      let storage = uniqueStorage()
      yield &storage.columns
    }
  }
  public var constraints: [ConstraintInfo] {
    _read { yield storage.constraints }
    _modify {
      let storage = uniqueStorage()
      yield &storage.constraints
    }
  }
  public var rlsEnabled: Bool {
    _read { yield storage.rlsEnabled }
    _modify {
      let storage = uniqueStorage()
      yield &storage.rlsEnabled
    }
  }
  public var rlsForced: Bool {
    _read { yield storage.rlsForced }
    _modify {
      let storage = uniqueStorage()
      yield &storage.rlsForced
    }
  }
  public var policies: [PolicyInfo] {
    _read { yield storage.policies }
    _modify {
      let storage = uniqueStorage()
      yield &storage.policies
    }
  }
  public var origin: Origin {
    _read { yield storage.origin }
    _modify {
      let storage = uniqueStorage()
      yield &storage.origin
    }
  }
  public var isPartitioned: Bool {
    _read { yield storage.isPartitioned }
    _modify {
      let storage = uniqueStorage()
      yield &storage.isPartitioned
    }
  }
  /// Set when a statement cslint cannot follow (DO block, dynamic SQL) may
  /// have changed this table: rules stay quiet rather than guess.
  public var isUncertain: Bool {
    _read { yield storage.isUncertain }
    _modify {
      let storage = uniqueStorage()
      yield &storage.isUncertain
    }
  }
  /// The last ALTER TABLE that changed it (nil: none since it was created).
  public var lastAltered: Origin? {
    _read { yield storage.lastAltered }
    _modify {
      let storage = uniqueStorage()
      yield &storage.lastAltered
    }
  }
  /// The partitioned table it is a partition of.
  public var partitionParent: ObjectKey? {
    _read { yield storage.partitionParent }
    _modify {
      let storage = uniqueStorage()
      yield &storage.partitionParent
    }
  }
  /// Constraints validated by name that the model never saw created (made
  /// outside the migrations): they may prove anything.
  public var validatedUnknownConstraints: Set<String> {
    _read { yield storage.validatedUnknownConstraints }
    _modify {
      let storage = uniqueStorage()
      yield &storage.validatedUnknownConstraints
    }
  }
  /// `REPLICA IDENTITY FULL` or `USING INDEX`: logical replication can
  /// identify its rows without a primary key.
  public var hasReplicaIdentityWithoutKey: Bool {
    _read { yield storage.hasReplicaIdentityWithoutKey }
    _modify {
      let storage = uniqueStorage()
      yield &storage.hasReplicaIdentityWithoutKey
    }
  }

  public static func == (left: TableInfo, right: TableInfo) -> Bool {
    if left.storage === right.storage { return true }
    return left.key == right.key
      && left.columns == right.columns
      && left.constraints == right.constraints
      && left.rlsEnabled == right.rlsEnabled
      && left.rlsForced == right.rlsForced
      && left.policies == right.policies
      && left.origin == right.origin
      && left.isPartitioned == right.isPartitioned
      && left.isUncertain == right.isUncertain
      && left.lastAltered == right.lastAltered
      && left.partitionParent == right.partitionParent
      && left.validatedUnknownConstraints == right.validatedUnknownConstraints
      && left.hasReplicaIdentityWithoutKey == right.hasReplicaIdentityWithoutKey
  }

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
