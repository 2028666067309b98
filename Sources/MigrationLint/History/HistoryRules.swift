/// The migration-history rules: about files and their history, not SQL, so
/// they have no SQL examples; `HistoryCheckerTests` exercises each one both ways.
public enum HistoryRules {
  public static let editedAppliedMigration = "edited-applied-migration"
  public static let deletedAppliedMigration = "deleted-applied-migration"
  public static let renamedAppliedMigration = "renamed-applied-migration"
  public static let outOfOrderMigration = "out-of-order-migration"
  public static let duplicateMigrationVersion = "duplicate-migration-version"
  public static let invalidMigrationFilename = "invalid-migration-filename"

  public static let descriptions: [RuleDescription] = [
    RuleDescription(
      id: editedAppliedMigration, category: .history, defaultSeverity: .error,
      summary: "An applied migration file was changed after it ran.",
      rationale: """
        A migration runs once per database. Editing it afterwards changes nothing in the databases \
        that already applied it, while fresh databases (new environments, branches, CI, local resets) \
        run the edited version: from then on, environments silently have different schemas. The \
        finding names the statements that were added, removed or changed. A change to comments, \
        whitespace or line endings only is reported as a warning that says "comments only": \
        harmless to the schema, but the file no longer matches its recorded checksum (and \
        Flyway-style runners refuse to start). Any change to a statement stays an error.
        """,
      useInstead: """
        Restore the applied file and put the change in a new migration, e.g. \
        `supabase migration new add_missing_index`. If the file was never applied anywhere, record \
        the new content with `cslint ledger update --only <file>`.
        """,
      elsewhere: ["atlas: atlas.sum checksum mismatch", "flyway: validate (checksum mismatch)"]),
    RuleDescription(
      id: deletedAppliedMigration, category: .history, defaultSeverity: .error,
      summary: "An applied migration file was deleted.",
      rationale: """
        Deleting a migration does not undo it: databases that applied it keep its effects, while \
        fresh databases never get them, so the schemas diverge. Runners that compare their history \
        table with the files (Supabase, Flyway) also report the missing file and refuse to continue.
        """,
      useInstead: """
        Restore the file from version control. To undo its effect, write a new migration that \
        reverses it. To squash history deliberately, regenerate the ledger with `cslint ledger update`.
        """,
      elsewhere: ["atlas: atlas.sum checksum mismatch", "flyway: validate (applied migration not resolved locally)"]),
    RuleDescription(
      id: renamedAppliedMigration, category: .history, defaultSeverity: .error,
      summary: "An applied migration now exists under a different file name.",
      rationale: """
        Runners identify applied migrations by version or file name. A renamed file looks new, so it \
        runs a second time (failing on objects that already exist, or worse, succeeding twice), or it \
        is skipped as out of order, and the old name is reported as missing.
        """,
      useInstead: "Rename the file back to the name under which it was applied.",
      elsewhere: ["atlas: atlas.sum checksum mismatch"]),
    RuleDescription(
      id: outOfOrderMigration, category: .history, defaultSeverity: .error,
      summary: "A new migration's version sorts before the newest applied migration.",
      rationale: """
        Databases that already applied a later migration treat an earlier, unapplied version \
        differently depending on the runner: `supabase db push` refuses it unless run with \
        `--include-all`, golang-migrate and dbmate skip it silently on some setups, and Flyway fails \
        validation. Where it does run, it runs after migrations it was written to precede. This \
        usually happens when a branch created a migration before another branch's newer one was merged.
        """,
      useInstead: """
        Give the file a version later than the newest applied one, e.g. create it again with \
        `supabase migration new <name>` and move the SQL over.
        """,
      elsewhere: ["atlas: non-linear history", "flyway: outOfOrder"]),
    RuleDescription(
      id: duplicateMigrationVersion, category: .history, defaultSeverity: .error,
      summary: "Two migration files have the same version.",
      rationale: """
        Runners record applied migrations by version. With two files sharing one, the second either \
        fails (Supabase: duplicate key in `supabase_migrations.schema_migrations`; Flyway: found more \
        than one migration with version) or is never applied at all.
        """,
      useInstead: "Give one of the files a new, later version (for Supabase, a later timestamp)."),
    RuleDescription(
      id: invalidMigrationFilename, category: .history, defaultSeverity: .warning,
      summary: "A migration file name does not follow the runner's naming scheme.",
      rationale: """
        Runners find migrations by file name. The Supabase CLI skips any file not named \
        `<YYYYMMDDHHMMSS>_<name>.sql` in the migrations folder (a file in a subfolder, a 12-digit \
        prefix, a missing underscore), so the SQL never runs, and a timestamp that is not a real date \
        usually means a typo that breaks ordering. The naming scheme is configurable for other \
        runners (flyway, golang-migrate, dbmate, diesel, none).
        """,
      useInstead: "Rename the file to the scheme, e.g. `supabase/migrations/20240131120000_add_orders.sql`."),
  ]
}
