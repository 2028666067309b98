import Foundation

/// Everything one live run produced, for docs/verification.md.
struct VerificationReport: Sendable {
  var claims: [ClaimOutcome]
  /// Per rule and major, in `RuleRegistry.all` order.
  var fixes: [FixHelpOutcome]
  /// Examples first, then the corpus projects, each on every major.
  var crossChecks: [CrossCheckOutcome]
  var fixedExamples: [FixedExamplesOutcome]
  /// Per lock case, each on every major.
  var lockEffects: [LockEffectsOutcome]
  /// Per access claim, each on every major.
  var access: [AccessOutcome] = []
  /// Per privilege claim (functions, views, grants), each on every major.
  var privileges: [PrivilegeOutcome] = []
  /// Per `fix --split` case, each on every major.
  var splits: [SplitProofOutcome] = []
}

/// The sections after the claims: fixes and help SQL, the schema model
/// cross-check, and the fixed Examples applied.
extension VerificationDoc {
  static func fixSection(_ outcomes: [FixHelpOutcome]) -> [String] {
    var lines = [
      "",
      "## Fixes and help SQL",
      "",
      "Every rule in `RuleRegistry.all`, every triggering example and every fix example: the example is",
      "linted as the newest migration after its `previousMigrations`, fixed as `cslint fix --unsafe-fixes`",
      "fixes it (`FixApplier.fix`, suggestions included), and the fixed SQL runs on a fresh stubbed",
      "database holding the earlier migrations and the rule's tables with rows",
      "(`Tests/LiveTests/FixAndHelp/RuleSetups.swift`): in one transaction, as the Supabase CLI runs a",
      "file, or statement by statement when it contains a CONCURRENTLY statement. The SQL in each",
      "diagnostic's help (indented lines ending in `;`) runs too, statement by statement, in order; a",
      "prose line starting with \"or\" starts an alternative, which runs on a database of its own.",
      "`<value>` becomes a literal of the column's type. For idempotency rules everything runs twice:",
      "the second run is the re-run the fix is for. `FixAndHelpTests` fails on any error, naming the",
      "rule, the version, the SQL and the server's error.",
      "",
      "| Rule | PG | Fixed SQL run | Help snippets run | Skipped | Agrees |",
      "| --- | --- | --- | --- | --- | --- |",
    ]
    for outcome in outcomes {
      let fixes = outcome.runs.filter { $0.kind == .fix && $0.skipped == nil }.count
      let help = outcome.runs.filter { $0.kind == .help && $0.skipped == nil }.count
      let skipped = outcome.runs.filter { $0.skipped != nil }.count
      let cells = [
        "`\(outcome.ruleID)`", "\(outcome.major)", "\(fixes)", "\(help)", "\(skipped)",
        outcome.problems.isEmpty ? "yes" : "**NO**",
      ]
      lines.append(row(cells))
    }
    lines += [
      "", "### The SQL that ran", "", "| Rule | From | Kind | SQL | Result |", "| --- | --- | --- | --- | --- |",
    ]
    let byRule = Dictionary(grouping: outcomes, by: \.ruleID)
    var seen: Set<String> = []
    for outcome in outcomes where seen.insert(outcome.ruleID).inserted {
      let versions = (byRule[outcome.ruleID] ?? []).sorted { $0.major < $1.major }
      for (index, run) in outcome.runs.enumerated() {
        let results = versions.map { version -> String in
          guard index < version.runs.count else { return "PG \(version.major): missing" }
          let other = version.runs[index]
          if let skipped = other.skipped { return "PG \(version.major): skipped (\(skipped))" }
          if let error = other.error { return "PG \(version.major): **\(firstLine(error))**" }
          return "PG \(version.major): ok" + (other.repetitions > 1 ? " (×\(other.repetitions))" : "")
        }
        lines.append(
          row([
            "`\(outcome.ruleID)`", run.origin, run.kind.rawValue, codeLines(run.sql), results.joined(separator: ", "),
          ]))
      }
    }
    let silent = outcomes.filter { $0.runs.isEmpty }.map(\.ruleID)
    var silentIDs: [String] = []
    for id in silent where !silentIDs.contains(id) { silentIDs.append(id) }
    if !silentIDs.isEmpty {
      lines += [
        "",
        "No fix and no SQL in the help of: " + silentIDs.map { "`\($0)`" }.joined(separator: ", ")
          + " (their help is prose, e.g. \"move this statement into a file of its own\").",
      ]
    }
    return lines
  }

  static func crossCheckSection(_ outcomes: [CrossCheckOutcome]) -> [String] {
    var lines = [
      "",
      "## Schema model against the server's catalog",
      "",
      "A project's migrations are applied in order to a fresh stubbed database, one transaction per",
      "file as the Supabase CLI runs them. The server's catalog is then compared with cslint's",
      "`SchemaState` after replaying `Scripts/pg/supabase-stub.sql` and the same files",
      "(`ScannedFile`, `StatementParser.parse`, `SchemaState.apply`, `beginFile` per file):",
      "tables (ordinary and partitioned) with their columns (type, NOT NULL, whether a default",
      "exists), constraints by name with kind and validation, indexes by name with table,",
      "uniqueness and predicate, `relrowsecurity` and `relforcerowsecurity`, and policies by name",
      "with their command. Normalisation, not differences: types are spelled by `format_type` on the",
      "server and by an alias table on cslint's side (`int4` → `integer`, `timestamptz` →",
      "`timestamp with time zone`, `serial` → `integer` with a default); indexes that implement a",
      "PRIMARY KEY, UNIQUE or EXCLUDE constraint are compared as that constraint; PostgreSQL 18's",
      "NOT NULL rows in `pg_constraint` are compared as column nullability; objects owned by an",
      "extension are left out. Corpus SQL is read from `../shared/corpus` at test time, never",
      "copied here. `SchemaCrossCheckTests` fails on any difference not explained below.",
      "",
      "| Project | Files | PG | Applies | Compared: tables / columns / constraints / indexes / policies | Differences |",
      "| --- | --- | --- | --- | --- | --- |",
    ]
    for outcome in outcomes where outcome.appliesCleanly {
      let counts = outcome.compared
      let explained = outcome.differences.count - KnownSchemaDifferences.unexplained(outcome).count
      let differences =
        outcome.differences.isEmpty
        ? "none"
        : "\(outcome.differences.count) (\(explained) explained below)"
      lines.append(
        row([
          "`\(outcome.project)`", "\(outcome.fileCount)", "\(outcome.major)", "yes",
          "\(counts.tables) / \(counts.columns) / \(counts.constraints) / \(counts.indexes) / \(counts.policies)",
          differences,
        ]))
    }
    let failing = outcomes.filter { !$0.appliesCleanly }
    if !failing.isEmpty {
      lines += [
        "",
        "Corpus Supabase projects that do not apply on the stubbed server, with the first error (an",
        "extension the test servers do not have, or a table the project's migrations never create,",
        "made in Supabase's dashboard instead):",
        "",
        "| Project | PG | Files applied | First failure |",
        "| --- | --- | --- | --- |",
      ]
      for outcome in failing {
        lines.append(
          row([
            "`\(outcome.project)`", "\(outcome.major)", "\(outcome.applied) of \(outcome.fileCount)",
            firstLine(outcome.applyError ?? outcome.harnessError ?? ""),
          ]))
      }
    }
    lines += ["", "### Explained differences", ""]
    if KnownSchemaDifferences.all.isEmpty {
      lines.append("None.")
    } else {
      lines += ["| Project | Difference | Why |", "| --- | --- | --- |"]
      for known in KnownSchemaDifferences.all {
        lines.append(row(["`\(known.project)`", known.difference, known.reason]))
      }
    }
    return lines
  }

  static func fixedExamplesSection(_ outcomes: [FixedExamplesOutcome]) -> [String] {
    var lines = [
      "",
      "## Examples/ after `cslint fix --unsafe-fixes`",
      "",
      "`Examples/supabase/migrations` is fixed in memory as `cslint fix --unsafe-fixes` fixes it (every",
      "statement rule, suggestions applied, each file against the schema the fixed earlier files leave)",
      "and applied in order to a fresh stubbed database: each file in one transaction, or statement by",
      "statement when it contains a CONCURRENTLY statement. Every file must apply (`FixedExamplesTests`).",
      "",
    ]
    guard let first = outcomes.first else { return lines + ["Not run."] }
    let majors = outcomes.map(\.major)
    lines += [
      "| File | Fixes applied | " + majors.map { "PG \($0)" }.joined(separator: " | ")
        + " | Run as one transaction (Supabase CLI) |",
      "| --- | --- | " + majors.map { _ in "---" }.joined(separator: " | ") + " | --- |",
    ]
    for (index, migration) in first.migrations.enumerated() {
      let results = outcomes.map { outcome -> String in
        if let error = outcome.harnessError { return "error: \(firstLine(error))" }
        if let failure = outcome.failures[migration.file] { return "**fails: \(firstLine(failure))**" }
        let mixed = index < outcome.migrations.count && outcome.migrations[index].mixesConcurrently
        return mixed ? "applies statement by statement" : "applies"
      }
      let supabase =
        migration.mixesConcurrently
        ? outcomes.map { "PG \($0.major): fails: \(firstLine($0.supabaseFailures[migration.file] ?? "not run"))" }
          .joined(separator: "; ")
        : "applies"
      let applied = migration.applied.isEmpty ? "—" : migration.applied.joined(separator: "; ")
      lines.append(row(["`\(migration.file)`", applied] + results + [supabase]))
    }
    lines += [
      "",
      "The database has no rows, so a statement that fails only on a table with rows applies here:",
      "`adding-required-column` (which has no fix) flags `20250115101500_add_booking_status.sql` for",
      "exactly that, and the claim `add-column-not-null-without-default` above shows the failure.",
    ]
    let mixed = first.migrations.filter(\.mixesConcurrently)
    if !mixed.isEmpty {
      lines += ["", "Fixing puts a CONCURRENTLY statement next to other statements in:", ""]
      lines += mixed.map { "- `\($0.file)`" }
      lines += [
        "",
        "Statement by statement it applies; the Supabase CLI runs a file in one transaction, where",
        "PostgreSQL refuses it, and cslint reports exactly that on the fixed file",
        "(`concurrently-in-transaction`). The fix is a suggestion for this reason: the statement has to",
        "move to a migration file of its own, which `cslint fix --split` does (next section).",
      ]
    }
    return lines
  }

  /// SQL in one table cell: line breaks shown as ↵, so that a `--` comment
  /// visibly ends before the next line.
  static func codeLines(_ sql: String) -> String {
    let lines = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    return "`" + lines.joined(separator: " ↵ ").replacingOccurrences(of: "`", with: "'") + "`"
  }

  static func row(_ cells: [String]) -> String {
    "| " + cells.map(escapeCell).joined(separator: " | ") + " |"
  }

  private static func escapeCell(_ cell: String) -> String {
    cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
