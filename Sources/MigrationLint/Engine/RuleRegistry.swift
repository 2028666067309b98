/// Every built-in rule, in documentation order. Adding a rule: one file in
/// `Rules/`, one line here (a test checks the two agree).
public enum RuleRegistry {
  public static let statementRules: [any Rule] = [
    RequireConcurrentIndexCreation(),
    RequireConcurrentIndexDeletion(),
    ConcurrentlyInTransaction(),
    RequireConcurrentReindex(),
    RequireConcurrentRefresh(),
    RequireConcurrentPartitionDetach(),
    AddingRequiredColumn(),
    SetNotNullScan(),
    ConstraintMissingNotValid(),
    UniqueConstraintWithoutIndex(),
    ChangingColumnType(),
    VolatileDefault(),
    TableRewriteCommand(),
    LockTable(),
    RequireLockTimeout(),
    RequireStatementTimeout(),
    LockHeldAcrossStatements(),
    UnbatchedBackfill(),
    BatchLoopInTransaction(),
    SleepInMigration(),
    BanDomainConstraint(),
    DropColumn(),
    DropTable(),
    DropSchema(),
    DropObject(),
    RenameColumn(),
    RenameTable(),
    RenameObject(),
    ContractInSameMigration(),
    TriggerReferencesUnknownColumn(),
    TruncateTable(),
    DropNotNull(),
    BanDropDatabase(),
    EnumValueInTransaction(),
    ConcurrentIndexOnPartitionedTable(),
    TransactionNesting(),
    UncommittedTransaction(),
    RequireEnumValueOrdering(),
    PreferTimestamptz(),
    PreferJsonb(),
    PreferIdentity(),
    PreferText(),
    BanCharType(),
    PreferBigint(),
    IdentifierTooLong(),
    RequirePrimaryKey(),
    MultipleAlterTable(),
    MissingIfNotExists(),
    MissingIfExists(),
    PreferAddColumnIfNotExists(),
    InformationSchemaWithoutSchema(),
    TableWithoutRowLevelSecurity(),
  ]

  /// Rules emitted by the linter itself rather than per statement.
  public static let engineRules: [any Rule] = [SyntaxError(), UnusedSuppression(), InvalidSuppression()]

  public static var all: [any Rule] { statementRules + engineRules }

  /// Metadata of every rule, including file-level history rules.
  public static var descriptions: [RuleDescription] {
    all.map(\.description) + extraDescriptions
  }

  /// Descriptions of rules implemented outside the statement engine (history).
  public static var extraDescriptions: [RuleDescription] { HistoryRules.descriptions }

  public static func description(for id: String) -> RuleDescription? {
    descriptions.first { $0.id == id }
  }

  public static let knownIDs: Set<String> = Set(descriptions.map(\.id))
}
