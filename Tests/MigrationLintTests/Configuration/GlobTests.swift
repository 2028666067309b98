import Testing

@testable import MigrationLint

@Suite struct GlobTests {
  struct Row: CustomTestStringConvertible, Sendable {
    let pattern: String
    let path: String
    let matches: Bool
    var testDescription: String { "\(pattern) ~ \(path)" }
  }

  static let rows: [Row] = [
    Row(pattern: "*.sql", path: "a.sql", matches: true),
    Row(pattern: "*.sql", path: "deep/dir/a.sql", matches: true),  // no '/': matches the file name anywhere
    Row(pattern: "*.sql", path: "a.sql.bak", matches: false),
    Row(pattern: "dir/*.sql", path: "dir/a.sql", matches: true),
    Row(pattern: "dir/*.sql", path: "dir/sub/a.sql", matches: false),  // '*' stays within a segment
    Row(pattern: "dir/**/*.sql", path: "dir/a.sql", matches: true),  // '**' may be zero segments
    Row(pattern: "dir/**/*.sql", path: "dir/x/y/a.sql", matches: true),
    Row(pattern: "**/*.sql", path: "a.sql", matches: true),
    // `**/X` matches the file name only (a shortcut of the general search).
    Row(pattern: "**/*.sql", path: "./a/b/c.sql", matches: true),
    Row(pattern: "**/*.sql", path: "a.sql/b.txt", matches: false),
    Row(pattern: "**/*.sql", path: "", matches: false),
    Row(pattern: "**/?.sql", path: "x/é.sql", matches: true),
    Row(pattern: "**", path: "any/thing", matches: true),
    Row(pattern: "dir/**", path: "other/a.sql", matches: false),
    Row(pattern: "./dir/?.sql", path: "dir/a.sql", matches: true),
    Row(pattern: "dir/?.sql", path: "./dir/ab.sql", matches: false),
    Row(pattern: "[0-9]*_init.sql", path: "2024_init.sql", matches: true),
    Row(pattern: "[0-9]*_init.sql", path: "x2024_init.sql", matches: false),
    Row(pattern: "[!x]*.sql", path: "a.sql", matches: true),
    Row(pattern: "[^a]*.sql", path: "a.sql", matches: false),
    Row(pattern: "[abc].sql", path: "b.sql", matches: true),
    Row(pattern: "[]].sql", path: "].sql", matches: true),
    Row(pattern: "*_seed*", path: "x/20240101_users_seed.sql", matches: true),
    Row(pattern: "a*b*c", path: "aXbYbZc", matches: true),
    Row(pattern: "a*b*c", path: "aXbYbZ", matches: false),
    Row(pattern: "é*.sql", path: "été.sql", matches: true),
    // An ASCII pattern on a non-ASCII path is matched on scalars, not bytes:
    // `?` is one character however many bytes it takes.
    Row(pattern: "?.sql", path: "é.sql", matches: true),
    Row(pattern: "??.sql", path: "é.sql", matches: false),
    Row(pattern: "[!a].sql", path: "é.sql", matches: true),
    Row(pattern: "**/*.sql", path: "migrações/001_início.sql", matches: true),
    Row(pattern: "dir/*?.sql", path: "dir/ü.sql", matches: true),
    // Patterns that look at the file name only: the last non-empty segment.
    Row(pattern: "*.sql", path: "x/a.sql/", matches: true),
    Row(pattern: "*.sql", path: "./", matches: false),
    Row(pattern: "**", path: "./", matches: true),
    Row(pattern: "**/*.sql", path: "././a.sql", matches: true),
    Row(pattern: "**/?.sql", path: "ü/a.sql", matches: true),
  ]

  @Test(arguments: rows)
  func matches(_ row: Row) throws {
    #expect(try Glob(row.pattern).matches(row.path) == row.matches)
  }

  @Test func rejectsUnclosedClass() {
    #expect(throws: GlobError(column: 3, message: "unclosed '[' in glob")) { try Glob("a/[bc") }
    #expect(throws: GlobError(column: 1, message: "empty glob")) { try Glob("/") }
  }
}

@Suite struct SuggestionTests {
  @Test(arguments: [
    ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "abc", 0), ("exlcude", "exclude", 1), ("ab", "ba", 1),
  ])
  func editDistance(_ a: String, _ b: String, _ expected: Int) {
    #expect(Suggestion.editDistance(a, b) == expected)
    #expect(Suggestion.editDistance(b, a) == expected)
  }

  @Test func suggestsOnlyCloseCandidates() {
    #expect(Suggestion.closest(to: "Runner", in: ["runner", "rules"]) == "runner")
    #expect(Suggestion.closest(to: "xyz", in: ["runner", "rules"]) == nil)
  }
}
