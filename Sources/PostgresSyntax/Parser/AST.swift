/// A name as PostgreSQL resolves it: unquoted text folded to lower case.
public struct Identifier: Sendable, Equatable, Hashable {
  public var value: String
  public var range: Range<Int>
  public var isQuoted: Bool

  public init(value: String, range: Range<Int>, isQuoted: Bool = false) {
    self.value = value
    self.range = range
    self.isQuoted = isQuoted
  }
}

/// `name`, `schema.name` (or `catalog.schema.name`).
public struct QualifiedName: Sendable, Equatable, Hashable {
  public var parts: [Identifier]

  public init(parts: [Identifier]) { self.parts = parts }

  // Inlinable, read in place: `parts.last` copied the whole last part
  // (about 100,000 calls on the corpus run, 3 M instructions more).
  @inlinable public var name: String {
    let count = parts.count
    return count > 0 ? parts[count - 1].value : ""
  }
  @inlinable public var schema: String? {
    let count = parts.count
    return count >= 2 ? parts[count - 2].value : nil
  }
  public var range: Range<Int> {
    guard let first = parts.first, let last = parts.last else { return 0..<0 }
    return first.range.lowerBound..<last.range.upperBound
  }
  /// Dotted text, for messages; quoted where PostgreSQL needs quotes.
  /// (Appended part by part: an array of parts joined cost 15 M instructions
  /// more on the corpus run, where findings display names.)
  /// (Several parts are written in one allocation, with no string per part:
  /// appending quoted parts cost 4 M instructions more on the corpus run.)
  public var displayText: String {
    guard parts.count > 1 else { return parts.first.map { SQLName.quoteIfNeeded($0.value) } ?? "" }
    var length = parts.count - 1
    for index in parts.indices {
      length += SQLName.withUTF8(of: parts[index].value) { SQLName.writeQuotedIfNeeded($0, to: nil) }
    }
    return String(unsafeUninitializedCapacity: length) { buffer in
      guard let base = buffer.baseAddress else { return 0 }
      var count = 0
      for index in parts.indices {
        if index > 0 {
          base[count] = UInt8(ascii: ".")
          count += 1
        }
        count += SQLName.withUTF8(of: parts[index].value) { SQLName.writeQuotedIfNeeded($0, to: base + count) }
      }
      return count
    }
  }

  /// True when the two names may denote the same object without knowing
  /// the search path: the same name, and the same schema where both give
  /// one. The one place names written in SQL are compared with each other
  /// (against the schema model, use `SchemaState.denotes`).
  public func mayDenote(_ other: QualifiedName) -> Bool {
    let count = parts.count
    let otherCount = other.parts.count
    guard count > 0, otherCount > 0 else {
      return name == other.name && (schema == nil || other.schema == nil || schema == other.schema)
    }
    // The parts compared in place (through `name` and `schema`, each was
    // copied first).
    guard parts[count - 1].value == other.parts[otherCount - 1].value else { return false }
    return count < 2 || otherCount < 2 || parts[count - 2].value == other.parts[otherCount - 2].value
  }
}

/// One parsed statement.
public struct Statement: Sendable {
  public var span: StatementSpan
  /// PostgreSQL's parse-node name, in `pg_oracle.py --kinds` format, e.g.
  /// `IndexStmt`, `AlterTableStmt:AT_AddColumn,AT_SetNotNull`.
  public var kind: String
  public var node: StatementNode
  /// Byte range of the statement (same as `span.range`).
  public var range: Range<Int> { span.range }

  public init(span: StatementSpan, kind: String, node: StatementNode) {
    self.span = span
    self.kind = kind
    self.node = node
  }
}

/// The statement families rules look into. Everything else is `.other`.
///
/// `indirect`: each payload lives in a box, so copying a `Statement` (the
/// linter, effects and rules pass them around by value) is one retain
/// instead of a copy of the largest payload and a retain per reference in
/// it (72 M instructions less on the corpus run).
public indirect enum StatementNode: Sendable {
  case createTable(CreateTable)
  case createIndex(CreateIndex)
  case alterTable(AlterTable)
  case drop(DropStatement)
  case rename(RenameStatement)
  case alterObjectSchema(AlterObjectSchema)
  case createPolicy(PolicyDefinition)
  case alterPolicy(PolicyDefinition)
  case createFunction(CreateFunction)
  case alterFunction(AlterFunction)
  case createTrigger(CreateTrigger)
  case createView(CreateView)
  case refreshMaterializedView(RefreshMaterializedView)
  case createType(CreateType)
  case alterEnum(AlterEnum)
  case createSimple(SimpleCreate)
  case comment(CommentOn)
  case grant(GrantStatement)
  case transaction(TransactionStatement)
  case set(SetStatement)
  case doBlock(DoBlock)
  case dml(DataModification)
  case truncate(TruncateStatement)
  case lock(LockStatement)
  case maintenance(MaintenanceStatement)
  case psqlMetaCommand
  case other
}

// MARK: - Tables

public struct ColumnDefinition: Sendable, Equatable {
  public var name: Identifier
  /// Normalized type text, e.g. `varchar(255)`, `timestamp with time zone`, `text[]`.
  public var typeName: String
  public var typeRange: Range<Int>?
  public var notNull = false
  public var primaryKey = false
  public var unique = false
  public var defaultExpression: Range<Int>?
  public var defaultText: String?
  /// `GENERATED ... AS IDENTITY` or a serial type.
  public var isIdentity = false
  /// `GENERATED ALWAYS AS (expr)`, `STORED` or `VIRTUAL` (see `isVirtual`).
  public var isGenerated = false
  /// A generated column computed on read (`VIRTUAL`, or no `STORED` on PostgreSQL 18+): no stored value.
  public var isVirtual = false
  public var references: QualifiedName?
  /// `REFERENCES t (col)`: the referenced columns as written (empty: the primary key).
  public var referencedColumns: [String] = []
  public var referenceActions = ReferentialActions()
  public var checks: [Range<Int>] = []
  /// The names given with `CONSTRAINT name` to the column's constraints.
  public var constraintNames: [Identifier] = []
  public var range: Range<Int>

  public init(name: Identifier, typeName: String, typeRange: Range<Int>?, range: Range<Int>) {
    self.name = name
    self.typeName = typeName
    self.typeRange = typeRange
    self.range = range
  }
}

/// A foreign key's `ON DELETE` / `ON UPDATE` actions, upper case
/// (`CASCADE`, `SET NULL`, `SET DEFAULT`, `RESTRICT`, `NO ACTION`); nil when
/// not written (PostgreSQL then uses `NO ACTION`).
public struct ReferentialActions: Sendable, Equatable {
  public var onDelete: String?
  public var onUpdate: String?

  public init(onDelete: String? = nil, onUpdate: String? = nil) {
    self.onDelete = onDelete
    self.onUpdate = onUpdate
  }
}

public enum ConstraintKind: String, Sendable, Equatable {
  case primaryKey = "PRIMARY KEY"
  case unique = "UNIQUE"
  case check = "CHECK"
  case foreignKey = "FOREIGN KEY"
  case exclude = "EXCLUDE"
  case notNull = "NOT NULL"
}

public struct TableConstraint: Sendable, Equatable {
  public var name: Identifier?
  public var kind: ConstraintKind
  public var columns: [String] = []
  public var referencedTable: QualifiedName?
  public var referencedColumns: [String] = []
  public var referenceActions = ReferentialActions()
  /// Inside `CHECK ( ... )`.
  public var expression: Range<Int>?
  public var notValid = false
  /// `... USING INDEX name`.
  public var usingIndex: Identifier?
  public var deferrable = false
  public var range: Range<Int>

  public init(name: Identifier?, kind: ConstraintKind, range: Range<Int>) {
    self.name = name
    self.kind = kind
    self.range = range
  }
}

public struct CreateTable: Sendable {
  public var name: QualifiedName
  public var ifNotExists: Bool
  public var isTemporary: Bool
  public var isUnlogged: Bool
  public var columns: [ColumnDefinition]
  public var constraints: [TableConstraint]
  /// `CREATE TABLE ... AS query` / `CREATE MATERIALIZED VIEW` is parsed as a view.
  public var isAsQuery: Bool
  public var partitionOf: QualifiedName?
  public var isPartitioned: Bool
  public var likeTables: [QualifiedName]
  /// Byte range of `IF NOT EXISTS` insertion point (just after `TABLE`).
  public var ifNotExistsInsertion: Int
  /// `INHERITS (parent, ...)`: the table starts with its parents' columns.
  public var inherits: [QualifiedName] = []
}

public struct IndexColumn: Sendable, Equatable {
  /// Column name when the element is a plain column, nil for expressions.
  public var column: String?
  public var range: Range<Int>
}

public struct CreateIndex: Sendable {
  public var name: Identifier?
  public var table: QualifiedName
  public var unique: Bool
  public var concurrently: Bool
  public var ifNotExists: Bool
  public var only: Bool
  public var method: String?
  public var columns: [IndexColumn]
  public var whereClause: Range<Int>?
  /// Offset just after `INDEX` (where `CONCURRENTLY` goes).
  public var afterIndexKeyword: Int
  /// Offset after `INDEX [CONCURRENTLY]` (where `IF NOT EXISTS` goes).
  public var ifNotExistsInsertion: Int
  /// `INCLUDE (a, b)`: non-key columns stored in the index.
  public var include: [String] = []
}

/// One ALTER TABLE sub-command.
public struct AlterTableCommand: Sendable {
  /// PostgreSQL's `AlterTableType` name, e.g. `AT_AddColumn`.
  public var subtype: String
  public var action: AlterTableAction
  public var range: Range<Int>
}

/// Indirect: each payload lives in a box, so copying a command (rules and
/// the replay walk `commands` by value) retains one box instead of a
/// column definition's or constraint's fields one by one (the copies and
/// destructions cost 33 M instructions more on the corpus run).
public indirect enum AlterTableAction: Sendable {
  case addColumn(ColumnDefinition, ifNotExists: Bool, insertionPoint: Int)
  case dropColumn(Identifier, ifExists: Bool, cascade: Bool, insertionPoint: Int)
  /// `ALTER COLUMN c [SET DATA] TYPE t [USING expr]`; `typeRange` covers the type as written.
  case alterColumnType(Identifier, typeName: String, using: Range<Int>?, typeRange: Range<Int>?)
  case setNotNull(Identifier)
  case dropNotNull(Identifier)
  case setDefault(Identifier, expression: Range<Int>)
  case dropDefault(Identifier)
  case addIdentity(Identifier)
  case addConstraint(TableConstraint)
  case validateConstraint(Identifier)
  case dropConstraint(Identifier, ifExists: Bool, insertionPoint: Int)
  case rowLevelSecurity(enable: Bool, force: Bool?)
  case attachPartition(QualifiedName)
  case detachPartition(QualifiedName, concurrently: Bool)
  case other
}

public struct AlterTable: Sendable {
  /// `.table`, `.index`, `.view`, `.matview`, `.sequence`, `.foreignTable`.
  public var objectType: ObjectKind
  public var name: QualifiedName
  public var ifExists: Bool
  public var only: Bool
  public var commands: [AlterTableCommand]
}

// MARK: - DROP, RENAME, SET SCHEMA

public struct DropStatement: Sendable {
  public var objectType: ObjectKind
  public var names: [QualifiedName]
  public var ifExists: Bool
  public var concurrently: Bool
  public var cascade: Bool
  /// For `DROP TRIGGER/POLICY/RULE name ON table`.
  public var onTable: QualifiedName?
  /// Offset where `IF EXISTS` is inserted.
  public var insertionPoint: Int
  /// Offset just after `INDEX` (for `CONCURRENTLY`).
  public var afterObjectKeyword: Int
}

public struct RenameStatement: Sendable {
  /// `.table`, `.column`, `.tableConstraint`, ...
  public var objectType: ObjectKind
  public var target: QualifiedName
  public var oldName: Identifier?
  public var newName: Identifier?
  /// For `ALTER POLICY/TRIGGER x ON table RENAME`.
  public var onTable: QualifiedName?
}

public struct AlterObjectSchema: Sendable {
  public var objectType: ObjectKind
  public var target: QualifiedName
  public var newSchema: Identifier?
}

// MARK: - Policies, functions, triggers, views, types

public struct PolicyDefinition: Sendable {
  public var name: Identifier
  public var table: QualifiedName
  public var permissive: Bool
  /// `ALL`, `SELECT`, `INSERT`, `UPDATE`, `DELETE`.
  public var command: String
  public var roles: [String]
  public var using: Range<Int>?
  public var withCheck: Range<Int>?
}

public struct CreateFunction: Sendable {
  public var name: QualifiedName
  public var isProcedure: Bool
  public var orReplace: Bool
  public var arguments: Range<Int>?
  public var returns: String?
  public var language: String?
  public var volatility: String?
  public var securityDefiner: Bool
  /// `SET search_path = ...` present on the function.
  public var setsSearchPath: Bool
  public var searchPathValue: String?
  public var body: Range<Int>?
  /// Offset just after `CREATE` (for `OR REPLACE`).
  public var afterCreate: Int
}

/// `ALTER FUNCTION|PROCEDURE|ROUTINE name [(args)] action ...`: the
/// options that change what a function may do with its privileges.
public struct AlterFunction: Sendable {
  public var name: QualifiedName
  /// `SECURITY DEFINER` (true) or `SECURITY INVOKER` (false); nil when unchanged.
  public var securityDefiner: Bool?
  /// `SET search_path ...` (true), `RESET search_path` / `RESET ALL` (false);
  /// nil when unchanged.
  public var setsSearchPath: Bool?
}

public struct CreateTrigger: Sendable {
  public var name: Identifier
  public var table: QualifiedName
  public var orReplace: Bool
  public var isConstraint: Bool
  public var function: QualifiedName?
  public var afterCreate: Int
}

public struct CreateView: Sendable {
  public var name: QualifiedName
  public var orReplace: Bool
  public var materialized: Bool
  public var ifNotExists: Bool
  public var isTableAs: Bool
  public var securityInvoker: Bool
  public var withNoData: Bool
  public var query: Range<Int>?
  public var afterCreate: Int
  /// Offset after `VIEW` / `TABLE` (for `IF NOT EXISTS`).
  public var afterObjectKeyword: Int
  /// `CREATE TEMP VIEW` / `CREATE TEMP TABLE ... AS`: lives in its session only.
  public var isTemporary = false
  /// Relations the query reads by name (FROM / JOIN items).
  public var sources: [QualifiedName] = []
}

public struct RefreshMaterializedView: Sendable {
  public var name: QualifiedName
  public var concurrently: Bool
}

public enum TypeDefinitionKind: String, Sendable {
  case enumeration = "enum"
  case composite
  case range
  case base
}

public struct CreateType: Sendable {
  public var name: QualifiedName
  public var definition: TypeDefinitionKind
  public var enumValues: [String]
}

public struct AlterEnum: Sendable {
  public var name: QualifiedName
  public var newValue: String?
  public var ifNotExists: Bool
  public var renameFrom: String?
  /// `ADD VALUE 'x' BEFORE 'y'`: the existing value the new one precedes.
  public var before: String? = nil
  /// `ADD VALUE 'x' AFTER 'y'`: the existing value the new one follows.
  public var after: String? = nil
}

/// CREATE SCHEMA / EXTENSION / SEQUENCE / DOMAIN, which rules treat alike.
public struct SimpleCreate: Sendable {
  /// `.schema`, `.extension`, `.sequence`, `.domain`.
  public var objectType: ObjectKind
  public var name: QualifiedName
  public var ifNotExists: Bool
  /// `CREATE EXTENSION ... SCHEMA x`.
  public var schema: Identifier?
  /// Offset after the object keyword (for `IF NOT EXISTS`).
  public var afterObjectKeyword: Int
}

public struct CommentOn: Sendable {
  /// `.table`, `.column`, `.function`, ...; `.unknown` for kinds not modelled.
  public var objectType: ObjectKind
  public var target: QualifiedName?
}

public struct GrantStatement: Sendable {
  public var isGrant: Bool
  public var privileges: [String]
  /// `TABLE`, `SCHEMA`, `FUNCTION`, `ALL TABLES IN SCHEMA`, ...
  public var objectType: String
  /// The objects named; for `ALL ... IN SCHEMA`, the schemas.
  public var objects: [QualifiedName]
  /// Lower case; `public` for PUBLIC.
  public var roles: [String]
}

// MARK: - Transactions, settings, DML, maintenance

public enum TransactionKind: String, Sendable {
  case begin = "TRANS_STMT_BEGIN"
  case start = "TRANS_STMT_START"
  case commit = "TRANS_STMT_COMMIT"
  case rollback = "TRANS_STMT_ROLLBACK"
  case savepoint = "TRANS_STMT_SAVEPOINT"
  case release = "TRANS_STMT_RELEASE"
  case rollbackTo = "TRANS_STMT_ROLLBACK_TO"
  case prepare = "TRANS_STMT_PREPARE"
  case commitPrepared = "TRANS_STMT_COMMIT_PREPARED"
  case rollbackPrepared = "TRANS_STMT_ROLLBACK_PREPARED"
}

public struct TransactionStatement: Sendable {
  public var kind: TransactionKind
}

public struct SetStatement: Sendable {
  /// Lower-cased parameter name; nil for `RESET ALL`.
  public var name: String?
  public var value: String?
  public var isLocal: Bool
  public var isReset: Bool
}

public struct DoBlock: Sendable {
  public var body: Range<Int>?
  public var language: String?
}

public enum DataModificationKind: String, Sendable {
  case insert
  case update
  case delete
  case merge
}

public struct DataModification: Sendable {
  public var kind: DataModificationKind
  public var table: QualifiedName?
  public var hasWhere: Bool
  public var isInsertSelect: Bool
  /// Relations the statement reads by name (`INSERT ... SELECT ... FROM`,
  /// `MERGE ... USING`, `UPDATE ... FROM`, `DELETE ... USING`).
  public var sources: [QualifiedName] = []
}

public struct TruncateStatement: Sendable {
  public var tables: [QualifiedName]
  public var cascade: Bool
}

public struct LockStatement: Sendable {
  public var tables: [QualifiedName]
  /// Upper-case lock mode, `ACCESS EXCLUSIVE` when not given.
  public var mode: String
}

public enum MaintenanceKind: String, Sendable {
  case vacuum
  case vacuumFull
  case analyze
  case cluster
  case reindex
}

public struct MaintenanceStatement: Sendable {
  public var kind: MaintenanceKind
  public var concurrently: Bool
  public var target: QualifiedName?
  /// `REINDEX INDEX|TABLE|SCHEMA|DATABASE|SYSTEM`: the object word, upper-case; nil otherwise.
  public var objectType: String? = nil
  /// Offset just after that object word (where `REINDEX ... CONCURRENTLY` goes).
  public var afterObjectKeyword: Int? = nil
}

/// Quoting of identifiers for generated SQL and messages.
public enum SQLName {
  /// `value` unchanged when PostgreSQL would read it back identically
  /// unquoted (lower-case letters, digits, `_`, `$`, not starting with a
  /// digit or `$`, not a reserved keyword); otherwise double-quoted.
  public static func quoteIfNeeded(_ value: String) -> String {
    // One pass over the name's own UTF-8 storage for the plain test, the
    // keyword lookup and the quoting (two `withUTF8` copies, a byte array
    // and three appends cost 9 M instructions more on the corpus run).
    withUTF8(of: value) { bytes in
      isPlain(bytes) && !isReservedKeyword(bytes) ? value : quoted(bytes)
    }
  }

  /// `body` on `string`'s UTF-8, in place when it is contiguous (native and
  /// small strings): `String.withUTF8` needs a mutable copy, a retain and a
  /// release (1.4 M instructions on the corpus run, where names are quoted
  /// for every finding).
  @inline(__always) static func withUTF8<Result>(
    of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = string
    return copy.withUTF8(body)
  }

  /// Lower-case letters, digits, `_`, `$` and non-ASCII bytes, not
  /// starting with a digit or `$`.
  static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first, first >= 0x61 && first <= 0x7A || first == 0x5F || first >= 0x80 else {
      return false
    }
    // Eight bytes at a time, the last word overlapping the one before (a
    // byte at a time cost 2 M instructions more on the corpus run).
    if bytes.count >= 8, let base = UnsafeRawPointer(bytes.baseAddress) {
      var index = 0
      while index + 8 < bytes.count {
        if nonPlainBytes(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) != 0 { return false }
        index += 8
      }
      return nonPlainBytes(base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) == 0
    }
    for byte in bytes.dropFirst() {
      let isLower = byte >= 0x61 && byte <= 0x7A
      let isDigit = byte >= 0x30 && byte <= 0x39
      if !(isLower || isDigit || byte == 0x5F || byte == 0x24 || byte >= 0x80) { return false }
    }
    return true
  }

  /// The high bit of each byte of `word` that is not a lower-case letter, a
  /// digit, `_`, `$` or non-ASCII (as the lexer's `nonIdentifierBytes`, without
  /// upper case). Each test works on the low seven bits, so additions never
  /// carry into the next byte.
  @inline(__always) static func nonPlainBytes(_ word: UInt64) -> UInt64 {
    let low = word & 0x7F7F_7F7F_7F7F_7F7F
    // `low + (0x80 - a)` has its high bit set iff `low >= a`.
    let lower = (low &+ ByteWord.broadcast(0x80 - 0x61)) & ~(low &+ ByteWord.broadcast(0x7F - 0x7A))
    let digit = (low &+ ByteWord.broadcast(0x80 - 0x30)) & ~(low &+ ByteWord.broadcast(0x7F - 0x39))
    // `x + 0x7F` has its high bit clear iff `x == 0`.
    let underscore = ~((low ^ ByteWord.broadcast(0x5F)) &+ ByteWord.broadcast(0x7F))
    let dollar = ~((low ^ ByteWord.broadcast(0x24)) &+ ByteWord.broadcast(0x7F))
    return ~(lower | digit | underscore | dollar | word) & 0x8080_8080_8080_8080
  }

  /// Writes what `quoteIfNeeded` gives for `bytes` at `target` (when not
  /// nil) and returns its length: for names written inside a longer text.
  static func writeQuotedIfNeeded(_ bytes: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>?)
    -> Int
  {
    let plain = isPlain(bytes) && !isReservedKeyword(bytes)
    guard let target else {
      guard !plain else { return bytes.count }
      var length = bytes.count + 2
      for byte in bytes where byte == UInt8(ascii: "\"") { length += 1 }
      return length
    }
    guard !plain else {
      if let source = bytes.baseAddress { target.initialize(from: source, count: bytes.count) }
      return bytes.count
    }
    return writeQuoted(bytes, to: target)
  }

  /// Writes `bytes` between double quotes, each `"` doubled, at `target`
  /// (room for the quoted length); returns that length.
  private static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) -> Int {
    var count = 0
    target[count] = UInt8(ascii: "\"")
    count += 1
    for byte in bytes {
      target[count] = byte
      count += 1
      if byte == UInt8(ascii: "\"") {
        target[count] = byte
        count += 1
      }
    }
    target[count] = UInt8(ascii: "\"")
    return count + 1
  }

  /// `bytes` between double quotes, each `"` doubled, in one allocation (none
  /// for a short name).
  static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var length = bytes.count + 2
    for byte in bytes where byte == UInt8(ascii: "\"") { length += 1 }
    return String(unsafeUninitializedCapacity: length) { buffer in
      guard let base = buffer.baseAddress else { return 0 }
      return writeQuoted(bytes, to: base)
    }
  }

  /// The length of the longest reserved keyword: longer names need no lookup.
  static let longestReservedKeyword = reservedKeywords.map(\.utf8.count).max() ?? 0

  /// The reserved keywords' bytes by length and first byte (its low five
  /// bits; see `bucket`): a lookup compares one or two byte strings instead
  /// of hashing the name (names are displayed in almost every finding; by
  /// length alone, a lookup compared up to 15 and cost 5 M instructions more
  /// on the corpus run).
  static let reservedKeywordsByLength: [[[UInt8]]] = {
    var groups = [[[UInt8]]](repeating: [], count: (longestReservedKeyword + 1) * 32)
    for keyword in reservedKeywords {
      let bytes = Array(keyword.utf8)
      groups[bucket(count: bytes.count, first: bytes[0])].append(bytes)
    }
    return groups
  }()

  static func bucket(count: Int, first: UInt8) -> Int { count * 32 + Int(first & 0x1F) }

  /// Whether `bytes` spell a reserved keyword exactly (lower case).
  static func isReservedKeyword(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = bytes.count
    guard count > 0, count <= longestReservedKeyword else { return false }
    let candidates = reservedKeywordsByLength[bucket(count: count, first: bytes[0])]
    return candidates.contains { keyword in
      var index = 0
      while index < count, keyword[index] == bytes[index] { index += 1 }
      return index == count
    }
  }

  /// PostgreSQL's reserved keywords (cannot be column or table names unquoted).
  static let reservedKeywords: Set<String> = [
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
    "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
    "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
    "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
    "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
    "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
    "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true", "union",
    "unique", "user", "using", "variadic", "when", "where", "window", "with",
  ]
}
