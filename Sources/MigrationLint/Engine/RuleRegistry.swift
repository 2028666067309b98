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
    RlsDisabledInPublic(),
    PolicyExistsRlsDisabled(),
    RlsEnabledNoPolicy(),
    RlsPolicyAlwaysTrue(),
    RlsReferencesUserMetadata(),
    AuthRlsInitplan(),
    MultiplePermissivePolicies(),
    PolicyColumnUnindexed(),
    FunctionSearchPathMutable(),
    SecurityDefinerView(),
    SecurityDefinerFunctionExposed(),
    AuthUsersExposed(),
    ManagedSchemaChange(),
    ExtensionInPublic(),
    FkeyToAuthUnique(),
    GrantAllToAnon(),
    UnindexedForeignKey(),
    DuplicateIndex(),
    PreferAddColumnIfNotExists(),
    InformationSchemaWithoutSchema(),
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

  /// The rule `id` names, a former id (deprecated alias) included.
  public static func description(for id: String) -> RuleDescription? {
    let id = canonicalID(id)
    return descriptions.first { $0.id == id }
  }

  /// The current ids of every rule (aliases excluded).
  public static let knownIDs: Set<String> = Set(descriptions.map(\.id))

  /// Former ids of renamed rules, mapped to the current id
  /// (`RuleDescription.formerIDs`): configuration, `--rule` / `--ignore`
  /// and suppression comments accept them.
  public static let aliases: [String: String] = {
    var aliases: [String: String] = [:]
    for rule in descriptions {
      for former in rule.formerIDs { aliases[former] = rule.id }
    }
    return aliases
  }()

  /// Every id a user may write: current ids and former ones.
  public static let acceptedIDs: Set<String> = knownIDs.union(aliases.keys)

  /// The current id for `id`: itself, or the rule a former id was renamed to.
  public static func canonicalID(_ id: String) -> String { aliases[id] ?? id }
}
