/// The kind of database object a statement names: PostgreSQL's `ObjectType`
/// (parsenodes.h), whose names (`OBJECT_TABLE`) are the raw values, so the
/// oracle-format statement kinds (`DropStmt:OBJECT_TABLE`) stay as they are.
public enum ObjectKind: String, Sendable, CaseIterable {
  case table = "OBJECT_TABLE"
  case view = "OBJECT_VIEW"
  case matview = "OBJECT_MATVIEW"
  case foreignTable = "OBJECT_FOREIGN_TABLE"
  case index = "OBJECT_INDEX"
  case sequence = "OBJECT_SEQUENCE"
  case column = "OBJECT_COLUMN"
  case tableConstraint = "OBJECT_TABCONSTRAINT"
  case function = "OBJECT_FUNCTION"
  case procedure = "OBJECT_PROCEDURE"
  case routine = "OBJECT_ROUTINE"
  case aggregate = "OBJECT_AGGREGATE"
  case trigger = "OBJECT_TRIGGER"
  case eventTrigger = "OBJECT_EVENT_TRIGGER"
  case policy = "OBJECT_POLICY"
  case rule = "OBJECT_RULE"
  case type = "OBJECT_TYPE"
  case domain = "OBJECT_DOMAIN"
  case schema = "OBJECT_SCHEMA"
  case `extension` = "OBJECT_EXTENSION"
  case `operator` = "OBJECT_OPERATOR"
  case operatorClass = "OBJECT_OPCLASS"
  case operatorFamily = "OBJECT_OPFAMILY"
  case collation = "OBJECT_COLLATION"
  case conversion = "OBJECT_CONVERSION"
  case cast = "OBJECT_CAST"
  case language = "OBJECT_LANGUAGE"
  case transform = "OBJECT_TRANSFORM"
  case statistics = "OBJECT_STATISTIC_EXT"
  case accessMethod = "OBJECT_ACCESS_METHOD"
  case foreignDataWrapper = "OBJECT_FDW"
  case foreignServer = "OBJECT_FOREIGN_SERVER"
  case publication = "OBJECT_PUBLICATION"
  case subscription = "OBJECT_SUBSCRIPTION"
  case tablespace = "OBJECT_TABLESPACE"
  case textSearchConfiguration = "OBJECT_TSCONFIGURATION"
  case textSearchDictionary = "OBJECT_TSDICTIONARY"
  case textSearchParser = "OBJECT_TSPARSER"
  case textSearchTemplate = "OBJECT_TSTEMPLATE"
  case unknown = "OBJECT_UNKNOWN"

  /// PostgreSQL's name, e.g. `OBJECT_MATVIEW`.
  public var pgName: String { rawValue }

  /// The kind as SQL writes it, e.g. `MATERIALIZED VIEW`.
  public var sqlName: String {
    switch self {
    case .table: "TABLE"
    case .view: "VIEW"
    case .matview: "MATERIALIZED VIEW"
    case .foreignTable: "FOREIGN TABLE"
    case .index: "INDEX"
    case .sequence: "SEQUENCE"
    case .column: "COLUMN"
    case .tableConstraint: "CONSTRAINT"
    case .function: "FUNCTION"
    case .procedure: "PROCEDURE"
    case .routine: "ROUTINE"
    case .aggregate: "AGGREGATE"
    case .trigger: "TRIGGER"
    case .eventTrigger: "EVENT TRIGGER"
    case .policy: "POLICY"
    case .rule: "RULE"
    case .type: "TYPE"
    case .domain: "DOMAIN"
    case .schema: "SCHEMA"
    case .extension: "EXTENSION"
    case .operator: "OPERATOR"
    case .operatorClass: "OPERATOR CLASS"
    case .operatorFamily: "OPERATOR FAMILY"
    case .collation: "COLLATION"
    case .conversion: "CONVERSION"
    case .cast: "CAST"
    case .language: "LANGUAGE"
    case .transform: "TRANSFORM"
    case .statistics: "STATISTICS"
    case .accessMethod: "ACCESS METHOD"
    case .foreignDataWrapper: "FOREIGN DATA WRAPPER"
    case .foreignServer: "SERVER"
    case .publication: "PUBLICATION"
    case .subscription: "SUBSCRIPTION"
    case .tablespace: "TABLESPACE"
    case .textSearchConfiguration: "TEXT SEARCH CONFIGURATION"
    case .textSearchDictionary: "TEXT SEARCH DICTIONARY"
    case .textSearchParser: "TEXT SEARCH PARSER"
    case .textSearchTemplate: "TEXT SEARCH TEMPLATE"
    case .unknown: "UNKNOWN"
    }
  }

  /// From PostgreSQL's name (`OBJECT_TABLE`); `.unknown` for anything else.
  public init(pgName: String) { self = ObjectKind(rawValue: pgName) ?? .unknown }

  /// From SQL words (`materialized view`, `TABLE`), any case; `.unknown` for anything else.
  public init(sqlName: String) {
    self = ObjectKind.bySQLName[sqlName.uppercased()] ?? .unknown
  }

  /// Kinds by `sqlName`, the first case for a name given twice: built once,
  /// not `allCases` (an array) searched per call.
  private static let bySQLName: [String: ObjectKind] = Dictionary(
    ObjectKind.allCases.map { ($0.sqlName, $0) }, uniquingKeysWith: { first, _ in first })
}
