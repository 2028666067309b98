import PostgresSyntax

/// A short readable name for what a statement is, in SQL words:
/// `CREATE INDEX CONCURRENTLY`, `ALTER TABLE ADD COLUMN, SET NOT NULL`,
/// `SET lock_timeout = 5s`, `DROP INDEX`. Built from the parse node and
/// PostgreSQL's node name (`Statement.kind`), so every statement has one.
public enum StatementTitle {
  public static func of(_ statement: Statement) -> String {
    switch statement.node {
    case .createIndex(let index):
      return "CREATE " + (index.unique ? "UNIQUE " : "") + "INDEX" + (index.concurrently ? " CONCURRENTLY" : "")
    case .alterTable(let alter):
      var actions: [String] = []
      for command in alter.commands {
        var action = alterAction(command.subtype)
        switch command.action {
        case .detachPartition(_, true): action += " CONCURRENTLY"
        case .setDefault: action = "ALTER COLUMN SET DEFAULT"
        case .dropDefault: action = "ALTER COLUMN DROP DEFAULT"
        default: break
        }
        if !actions.contains(action) { actions.append(action) }
      }
      let head = "ALTER " + alter.objectType.sqlName
      return actions.isEmpty ? head : head + " " + actions.joined(separator: ", ")
    case .drop(let drop):
      return "DROP " + drop.objectType.sqlName + (drop.concurrently ? " CONCURRENTLY" : "")
    case .rename(let rename):
      switch rename.objectType {
      case .column: return "ALTER TABLE RENAME COLUMN"
      case .tableConstraint: return "ALTER TABLE RENAME CONSTRAINT"
      default: return "ALTER " + rename.objectType.sqlName + " RENAME"
      }
    case .alterObjectSchema(let move):
      return "ALTER " + move.objectType.sqlName + " SET SCHEMA"
    case .transaction(let transaction):
      return transactionTitle(transaction.kind)
    case .set(let set):
      if set.isReset { return "RESET " + (set.name ?? "ALL") }
      var title = "SET " + (set.isLocal ? "LOCAL " : "") + (set.name ?? "")
      if let value = set.value {
        // Long values (a search_path list, a DO-free expression) are cut: a title, not the statement.
        title += " = " + (value.count > 32 ? String(value.prefix(31)) + "…" : value)
      }
      return title
    case .maintenance(let maintenance):
      switch maintenance.kind {
      case .vacuum: return "VACUUM"
      case .vacuumFull: return "VACUUM FULL"
      case .analyze: return "ANALYZE"
      case .cluster: return "CLUSTER"
      case .reindex: return "REINDEX" + (maintenance.concurrently ? " CONCURRENTLY" : "")
      }
    case .refreshMaterializedView(let refresh):
      return "REFRESH MATERIALIZED VIEW" + (refresh.concurrently ? " CONCURRENTLY" : "")
    default:
      return fromNodeName(statement.kind)
    }
  }

  /// `CreateFunctionStmt` → `CREATE FUNCTION`; node names SQL spells
  /// differently come from a table.
  static func fromNodeName(_ kind: String) -> String {
    let node = kind.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
    if let known = nodeTitles[node] { return known }
    let title = upperWords(node.hasSuffix("Stmt") ? String(node.dropLast(4)) : node)
    return title.isEmpty ? "(unrecognized statement)" : title
  }

  /// `AT_AlterColumnType` → `ALTER COLUMN TYPE`.
  static func alterAction(_ subtype: String) -> String {
    let name = subtype.hasPrefix("AT_") ? String(subtype.dropFirst(3)) : subtype
    if let known = alterActionTitles[name] { return known }
    return upperWords(name)
  }

  /// `camelWords(text).joined(separator: " ").uppercased()`, in one pass
  /// over the bytes of ASCII text (no String per word: the words of an
  /// `ALTER TABLE` action took ~3,500 instructions a title, 4 M on the
  /// corpus run, where lock-held-across-statements titles each finding).
  static func upperWords(_ text: String) -> String {
    var title: [UInt8] = []
    title.reserveCapacity(text.utf8.count + 4)
    var inWord = false
    for byte in text.utf8 {
      guard byte < 0x80 else { return camelWords(text).joined(separator: " ").uppercased() }
      let isUpper = byte >= 0x41 && byte <= 0x5A
      let isLower = byte >= 0x61 && byte <= 0x7A
      if isUpper && inWord {
        title.append(0x20)
        inWord = false
      }
      if isUpper || isLower || (byte >= 0x30 && byte <= 0x39) {
        title.append(isLower ? byte & 0xDF : byte)
        inWord = true
      }
    }
    return String(decoding: title, as: UTF8.self)
  }

  static func transactionTitle(_ kind: TransactionKind) -> String {
    switch kind {
    case .begin: "BEGIN"
    case .start: "START TRANSACTION"
    case .commit: "COMMIT"
    case .rollback: "ROLLBACK"
    case .savepoint: "SAVEPOINT"
    case .release: "RELEASE SAVEPOINT"
    case .rollbackTo: "ROLLBACK TO SAVEPOINT"
    case .prepare: "PREPARE TRANSACTION"
    case .commitPrepared: "COMMIT PREPARED"
    case .rollbackPrepared: "ROLLBACK PREPARED"
    }
  }

  /// Splits `CreateForeignTable` into `Create`, `Foreign`, `Table`.
  static func camelWords(_ text: String) -> [String] {
    // Node names are ASCII: split on bytes (Character's isUppercase/isLetter
    // look up Unicode properties per character, ~20k instructions a title).
    var words: [String] = []
    var current: [UInt8] = []
    for byte in text.utf8 {
      guard byte < 0x80 else { return unicodeCamelWords(text) }
      let isUpper = byte >= 0x41 && byte <= 0x5A
      if isUpper && !current.isEmpty {
        words.append(String(decoding: current, as: UTF8.self))
        current.removeAll(keepingCapacity: true)
      }
      if isUpper || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { current.append(byte) }
    }
    if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
    return words
  }

  /// `camelWords` by Characters, for text that is not ASCII.
  static func unicodeCamelWords(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    for character in text {
      if character.isUppercase && !current.isEmpty {
        words.append(current)
        current = ""
      }
      if character.isLetter || character.isNumber { current.append(character) }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// Node names whose words are not the SQL's.
  static let nodeTitles: [String: String] = [
    "IndexStmt": "CREATE INDEX",
    "CreateStmt": "CREATE TABLE",
    "CreateTableAsStmt": "CREATE TABLE AS",
    "ViewStmt": "CREATE VIEW",
    "CreateSeqStmt": "CREATE SEQUENCE",
    "AlterSeqStmt": "ALTER SEQUENCE",
    "CreateTrigStmt": "CREATE TRIGGER",
    "CreateEventTrigStmt": "CREATE EVENT TRIGGER",
    "AlterEventTrigStmt": "ALTER EVENT TRIGGER",
    "CreatePLangStmt": "CREATE LANGUAGE",
    "CreatedbStmt": "CREATE DATABASE",
    "DropdbStmt": "DROP DATABASE",
    "VariableSetStmt": "SET",
    "VariableShowStmt": "SHOW",
    "DefineStmt": "CREATE AGGREGATE/OPERATOR/TYPE",
    "CompositeTypeStmt": "CREATE TYPE",
    "CreateEnumStmt": "CREATE TYPE AS ENUM",
    "CreateRangeStmt": "CREATE TYPE AS RANGE",
    "AlterEnumStmt": "ALTER TYPE (enum)",
    "RefreshMatViewStmt": "REFRESH MATERIALIZED VIEW",
    "RuleStmt": "CREATE RULE",
    "AlterOwnerStmt": "ALTER ... OWNER TO",
    "AlterObjectSchemaStmt": "ALTER ... SET SCHEMA",
    "AlterObjectDependsStmt": "ALTER ... DEPENDS ON EXTENSION",
    "AlterExtensionContentsStmt": "ALTER EXTENSION ADD/DROP",
    "CreateFdwStmt": "CREATE FOREIGN DATA WRAPPER",
    "AlterFdwStmt": "ALTER FOREIGN DATA WRAPPER",
    "CreateForeignServerStmt": "CREATE SERVER",
    "AlterForeignServerStmt": "ALTER SERVER",
    "AlterTSConfigurationStmt": "ALTER TEXT SEARCH CONFIGURATION",
    "AlterTSDictionaryStmt": "ALTER TEXT SEARCH DICTIONARY",
    "CreateOpClassStmt": "CREATE OPERATOR CLASS",
    "CreateOpFamilyStmt": "CREATE OPERATOR FAMILY",
    "AlterOpFamilyStmt": "ALTER OPERATOR FAMILY",
    "CreateAmStmt": "CREATE ACCESS METHOD",
    "CreateStatsStmt": "CREATE STATISTICS",
    "AlterStatsStmt": "ALTER STATISTICS",
    "CheckPointStmt": "CHECKPOINT",
    "SecLabelStmt": "SECURITY LABEL",
    "ClosePortalStmt": "CLOSE",
    "DeclareCursorStmt": "DECLARE",
    "CreateTableSpaceStmt": "CREATE TABLESPACE",
    "DropTableSpaceStmt": "DROP TABLESPACE",
    "AlterTableSpaceOptionsStmt": "ALTER TABLESPACE",
    "AlterTableMoveAllStmt": "ALTER TABLE ALL IN TABLESPACE",
    "GrantRoleStmt": "GRANT (role)",
    "AlterRoleSetStmt": "ALTER ROLE SET",
    "AlterDatabaseSetStmt": "ALTER DATABASE SET",
    "AlterDatabaseRefreshCollStmt": "ALTER DATABASE REFRESH COLLATION VERSION",
    "ConstraintsSetStmt": "SET CONSTRAINTS",
    "DoStmt": "DO",
    "PsqlMetaCommand": "psql meta-command",
    // What the parser does not recognize (junk, or syntax it does not know).
    "Unknown": "(unrecognized statement)",
  ]

  /// `ALTER TABLE` subcommands whose node names are not the SQL's words.
  static let alterActionTitles: [String: String] = [
    "ColumnDefault": "ALTER COLUMN SET/DROP DEFAULT",
    "SetOptions": "ALTER COLUMN SET (...)",
    "ResetOptions": "ALTER COLUMN RESET (...)",
    "SetStatistics": "ALTER COLUMN SET STATISTICS",
    "SetStorage": "ALTER COLUMN SET STORAGE",
    "SetCompression": "ALTER COLUMN SET COMPRESSION",
    "SetRelOptions": "SET (...)",
    "ResetRelOptions": "RESET (...)",
    "SetTableSpace": "SET TABLESPACE",
    "SetUnLogged": "SET UNLOGGED",
    "ChangeOwner": "OWNER TO",
    "ClusterOn": "CLUSTER ON",
    "DropCluster": "SET WITHOUT CLUSTER",
    "AddInherit": "INHERIT",
    "DropInherit": "NO INHERIT",
    "AddOf": "OF",
    "DropOf": "NOT OF",
    "DropOids": "SET WITHOUT OIDS",
    "Enable": "ENABLE TRIGGER",
    "Disable": "DISABLE TRIGGER",
    "EnableAlwaysTrig": "ENABLE ALWAYS TRIGGER",
    "EnableReplicaTrig": "ENABLE REPLICA TRIGGER",
    "EnableAlwaysRule": "ENABLE ALWAYS RULE",
    "EnableReplicaRule": "ENABLE REPLICA RULE",
    "Unknown": "(unrecognized action)",
  ]
}
