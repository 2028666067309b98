import MigrationLint
import PostgresSyntax

/// Hand-made reports shared by the reporter tests.
enum ReportFixtures {
  static let indexPath = "supabase/migrations/20240101000000_add_index.sql"
  static let cleanPath = "supabase/migrations/20240102000000_clean.sql"
  static let deletedPath = "supabase/migrations/20231231000000_old.sql"

  static let indexSQL = """
    -- add an index
    CREATE INDEX idx_users_email ON users (email);
    ALTER TABLE "usérs" ADD COLUMN age int NOT NULL;

    """

  /// The byte range of the first occurrence of `needle` in `text`.
  static func byteRange(of needle: String, in text: String) -> Range<Int> {
    let haystack = Array(text.utf8)
    let pattern = Array(needle.utf8)
    for start in 0...(haystack.count - pattern.count) where Array(haystack[start..<start + pattern.count]) == pattern {
      return start..<start + pattern.count
    }
    return 0..<0
  }

  static let rules: [RuleDescription] = [
    RuleDescription(
      id: "require-concurrent-index-creation", category: .locking, defaultSeverity: .error,
      summary: "CREATE INDEX without CONCURRENTLY", rationale: "Blocks writes while the index builds.",
      lock: "SHARE", fixAvailability: .always, useInstead: "CREATE INDEX CONCURRENTLY i ON t (c);"),
    RuleDescription(
      id: "adding-not-null-field", category: .compatibility, defaultSeverity: .warning,
      summary: "NOT NULL column without a default", rationale: "Fails when the table has rows."),
    RuleDescription(
      id: "ledger-deleted", category: .history, defaultSeverity: .info, summary: "Applied migration deleted",
      rationale: "The database still has it."),
    RuleDescription(
      id: "ban-drop-table", category: .security, defaultSeverity: .error, summary: "DROP TABLE",
      rationale: "Data loss."),
  ]

  static var sample: LintReport {
    let source = SourceFile(path: indexPath, text: indexSQL)
    let index = Diagnostic(
      ruleID: "require-concurrent-index-creation", severity: .error, path: indexPath,
      range: byteRange(of: "CREATE INDEX", in: indexSQL),
      message: "creating an index without CONCURRENTLY blocks writes to 'users'",
      help: "build the index without blocking writes:\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);",
      fixes: [
        Fix(
          title: "Insert CONCURRENTLY", applicability: .suggestion,
          edits: [.insert("CONCURRENTLY ", at: byteRange(of: "idx_users_email", in: indexSQL).lowerBound)])
      ])
    let notNull = Diagnostic(
      ruleID: "adding-not-null-field", severity: .warning, path: indexPath,
      range: byteRange(of: "NOT NULL", in: indexSQL),
      message: "adding a NOT NULL column without a default fails on a non-empty table")
    let deleted = Diagnostic(
      ruleID: "ledger-deleted", severity: .info, path: deletedPath, range: 0..<0,
      message: "applied migration 20231231000000 was deleted")
    // Deliberately out of order: reporters must sort.
    return LintReport(
      files: [
        FileReport(path: indexPath, source: source, diagnostics: [notNull, index]),
        FileReport(path: cleanPath, source: SourceFile(path: cleanPath, text: "SELECT 1;\n"), diagnostics: []),
        FileReport(path: deletedPath, source: nil, diagnostics: [deleted]),
      ],
      rules: rules, toolVersion: "0.1.0")
  }

  /// One diagnostic whose path and message contain every character that
  /// needs escaping somewhere.
  static var awkward: LintReport {
    let path = "odd, dir/a:b%\n.sql"
    let text = "SELECT 1;\nDROP TABLE \"a<b>&'\";\n"
    let source = SourceFile(path: path, text: text)
    let diagnostic = Diagnostic(
      ruleID: "ban-drop-table", severity: .error, path: path, range: byteRange(of: "DROP TABLE", in: text),
      message: "100% <gone>: rows, \"all\" & more\r\nsecond line", help: "keep | it\ttab\u{1}",
      fixes: [
        Fix(
          title: "Delete the statement", applicability: .safe,
          edits: [TextEdit(range: byteRange(of: "DROP TABLE \"a<b>&'\";", in: text), replacement: "")])
      ])
    return LintReport(
      files: [FileReport(path: path, source: source, diagnostics: [diagnostic])], rules: rules, toolVersion: "0.1.0")
  }
}
