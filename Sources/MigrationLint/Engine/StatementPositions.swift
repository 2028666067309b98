import PostgresSyntax

/// Indices of a file's statements by kind, computed once per file: rules
/// asking "was this dropped / created / altered earlier in the file?" look
/// only at those statements instead of every earlier one (quadratic on
/// schema dumps with thousands of statements).
public struct StatementPositions: Sendable {
  /// `DROP ...` statements.
  public let drops: [Int]
  /// `ALTER TABLE ...` statements.
  public let alterTables: [Int]
  /// Statements that create a named object (see `MissingIfNotExists.dropTarget`).
  public let creates: [Int]
  /// `ALTER ... RENAME` statements and enum value renames.
  public let renames: [Int]
  /// `CREATE FUNCTION` / `CREATE PROCEDURE` statements (rules looking for the
  /// function a call runs: a schema dump with thousands of tables and
  /// thousands of `DO` blocks must not walk every earlier CREATE per block).
  public let functions: [Int]
  /// `ALTER TABLE`, `DROP`, `RENAME` and `SET SCHEMA` statements by the
  /// unqualified name of each object they change, in order: "is this table
  /// changed later in the file?" costs the statements about it, not every
  /// statement (issue 21: 5,000 tables then 5,000 statements was quadratic).
  public let byChangedName: ChangedNames

  public init(_ statements: [Statement]) {
    var byChangedName: [ObjectKey: [Int]] = [:]
    var drops: [Int] = []
    var alterTables: [Int] = []
    var creates: [Int] = []
    var renames: [Int] = []
    var functions: [Int] = []
    // Room for every list up front, counted in a first pass over the
    // statement kinds: growing them (and rehashing the dictionary) cost
    // 8 M instructions on the corpus run.
    var counts = (changed: 0, drops: 0, alterTables: 0, creates: 0, renames: 0, functions: 0)
    for index in statements.indices {
      switch statements[index].node {
      case .alterTable:
        counts.changed += 1
        counts.alterTables += 1
      case .drop(let drop):
        counts.changed += drop.names.count
        counts.drops += 1
      case .rename:
        counts.changed += 1
        counts.renames += 1
      case .alterObjectSchema: counts.changed += 1
      case .alterEnum(let alter) where alter.renameFrom != nil: counts.renames += 1
      case .createFunction:
        counts.functions += 1
        counts.creates += 1
      case .createIndex, .createTable, .createSimple, .createView, .createTrigger, .createType, .createPolicy:
        counts.creates += 1
      default: break
      }
    }
    if counts.changed > 0 { byChangedName.reserveCapacity(counts.changed) }
    // Only for lists that get an element: `reserveCapacity(0)` still went
    // through the buffer's reallocation path (1.7 M instructions).
    if counts.drops > 0 { drops.reserveCapacity(counts.drops) }
    if counts.alterTables > 0 { alterTables.reserveCapacity(counts.alterTables) }
    if counts.creates > 0 { creates.reserveCapacity(counts.creates) }
    if counts.renames > 0 { renames.reserveCapacity(counts.renames) }
    if counts.functions > 0 { functions.reserveCapacity(counts.functions) }
    // By index: `for statement in statements` copied every statement. One
    // switch, and `creates` by the statement kinds `MissingIfNotExists.dropTarget`
    // gives a target (building each target cost ~3,000 instructions per
    // statement; `StatementPositionsTests` checks the two agree).
    for index in statements.indices {
      switch statements[index].node {
      case .alterTable(let alter):
        byChangedName[ChangedNames.key(alter.name.name), default: []].append(index)
        alterTables.append(index)
      case .drop(let drop):
        for name in drop.names { byChangedName[ChangedNames.key(name.name), default: []].append(index) }
        drops.append(index)
      case .rename(let rename):
        byChangedName[ChangedNames.key(rename.target.name), default: []].append(index)
        renames.append(index)
      case .alterObjectSchema(let move): byChangedName[ChangedNames.key(move.target.name), default: []].append(index)
      case .alterEnum(let alter) where alter.renameFrom != nil: renames.append(index)
      case .createFunction:
        functions.append(index)
        creates.append(index)
      case .createIndex(let create): if create.name != nil { creates.append(index) }
      case .createTable, .createSimple, .createView, .createTrigger, .createType, .createPolicy: creates.append(index)
      default: break
      }
    }
    self.drops = drops
    self.alterTables = alterTables
    self.creates = creates
    self.renames = renames
    self.functions = functions
    self.byChangedName = ChangedNames(storage: byChangedName)
  }
}

/// `StatementPositions.byChangedName`: statement indices by an unqualified
/// name, read like a `[String: [Int]]`. Keyed by `ObjectKey` with an empty
/// schema for its cheaper hash (FNV-1a of an ASCII name instead of SipHash
/// through a `Hasher`): String keys cost ~400 instructions per insertion.
public struct ChangedNames: Sendable {
  let storage: [ObjectKey: [Int]]

  /// The key of `name`: the schema is always empty, so `==` and the hash
  /// are the name's.
  @inline(__always)
  static func key(_ name: String) -> ObjectKey { ObjectKey(schema: "", name: name) }

  /// The statements changing an object named `name`, in order; nil if none.
  public subscript(_ name: String) -> [Int]? { storage[Self.key(name)] }

  /// The statements changing an object named `name`, or `defaultValue`.
  public subscript(_ name: String, default defaultValue: @autoclosure () -> [Int]) -> [Int] {
    storage[Self.key(name)] ?? defaultValue()
  }
}
