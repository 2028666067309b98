import PostgresSyntax

/// A set of statement families (`StatementNode` cases): the statements a
/// rule looks at. The engine calls a rule only for statements of its
/// `Rule.statementKinds`, so the 99 % of (rule, statement) pairs that can
/// never produce a finding cost nothing (no call, no copy of the payload).
public struct StatementKinds: OptionSet, Sendable, Hashable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  public static let createTable = Self(bit: 0)
  public static let createIndex = Self(bit: 1)
  public static let alterTable = Self(bit: 2)
  public static let drop = Self(bit: 3)
  public static let rename = Self(bit: 4)
  public static let alterObjectSchema = Self(bit: 5)
  public static let createPolicy = Self(bit: 6)
  public static let alterPolicy = Self(bit: 7)
  public static let createFunction = Self(bit: 8)
  public static let alterFunction = Self(bit: 9)
  public static let createTrigger = Self(bit: 10)
  public static let createView = Self(bit: 11)
  public static let refreshMaterializedView = Self(bit: 12)
  public static let createType = Self(bit: 13)
  public static let alterEnum = Self(bit: 14)
  public static let createSimple = Self(bit: 15)
  public static let comment = Self(bit: 16)
  public static let grant = Self(bit: 17)
  public static let transaction = Self(bit: 18)
  public static let set = Self(bit: 19)
  public static let doBlock = Self(bit: 20)
  public static let dml = Self(bit: 21)
  public static let truncate = Self(bit: 22)
  public static let lock = Self(bit: 23)
  public static let maintenance = Self(bit: 24)
  public static let psqlMetaCommand = Self(bit: 25)
  public static let other = Self(bit: 26)

  /// Number of families (bits in use).
  static let count = 27
  /// Every statement: the default for a rule that does not say.
  public static let all = Self(rawValue: (1 << UInt32(count)) - 1)
  /// `CREATE POLICY` and `ALTER POLICY` (`RuleContext.writtenPolicy`).
  public static let policies: Self = [.createPolicy, .alterPolicy]
  /// `CREATE TABLE` and `ALTER TABLE`, the statements that write column
  /// types (`WrittenColumnType.all(in:)`).
  public static let columnTypes: Self = [.createTable, .alterTable]

  private init(bit: Int) { rawValue = 1 << UInt32(bit) }

  /// The family of `node`.
  public init(of node: StatementNode) { self.init(bit: Self.index(of: node)) }

  /// The bit number of `node`'s family, 0..<`count`.
  static func index(of node: StatementNode) -> Int {
    switch node {
    case .createTable: 0
    case .createIndex: 1
    case .alterTable: 2
    case .drop: 3
    case .rename: 4
    case .alterObjectSchema: 5
    case .createPolicy: 6
    case .alterPolicy: 7
    case .createFunction: 8
    case .alterFunction: 9
    case .createTrigger: 10
    case .createView: 11
    case .refreshMaterializedView: 12
    case .createType: 13
    case .alterEnum: 14
    case .createSimple: 15
    case .comment: 16
    case .grant: 17
    case .transaction: 18
    case .set: 19
    case .doBlock: 20
    case .dml: 21
    case .truncate: 22
    case .lock: 23
    case .maintenance: 24
    case .psqlMetaCommand: 25
    case .other: 26
    }
  }
}

/// Rules grouped by the statement families they look at, worked out once
/// per rule selection: `Linter.check` runs only `rules(for:)` of a statement.
struct RuleDispatch: Sendable {
  /// The rules, in registry order.
  let rules: [any Rule]
  /// Per family (`StatementKinds.index(of:)`), indices into `rules`, ascending
  /// (so findings come out in the same order as when every rule ran).
  private let ruleIndices: [[Int]]

  /// `byKind` false runs every rule on every statement (tests compare the two).
  init(_ rules: [any Rule], byKind: Bool = true) {
    self.rules = rules
    let kinds = rules.map { byKind ? $0.statementKinds : .all }
    ruleIndices = (0..<StatementKinds.count).map { bit in
      let family = StatementKinds(rawValue: 1 << UInt32(bit))
      return kinds.indices.filter { kinds[$0].contains(family) }
    }
  }

  /// Indices into `rules` of the rules that look at `node`.
  func rules(for node: StatementNode) -> [Int] { ruleIndices[StatementKinds.index(of: node)] }
}
