import Foundation

/// Talks to a server the only way the live tests do: `psql` subprocesses.
///
/// The environment is built from scratch (no inherited `PG*` variables, no
/// `~/.psqlrc` thanks to `-X`), so a developer's own settings cannot change
/// what a test observes.
struct PsqlClient: Sendable {
  var psql: String
  /// libpq variables: PGHOST, PGPORT, PGUSER, PGDATABASE.
  var connection: [String: String]
  /// `search_path` for every session of this client (scratch schemas). No
  /// spaces: PGOPTIONS splits on them.
  var searchPath: String?
  /// `application_name`, so that another session can find ours in `pg_stat_activity`.
  var applicationName = "cslint-live"

  func scoped(searchPath: String) -> PsqlClient {
    var copy = self
    copy.searchPath = searchPath
    return copy
  }

  /// The same server, another database.
  func database(_ name: String) -> PsqlClient {
    var copy = self
    copy.connection["PGDATABASE"] = name
    return copy
  }

  func named(_ applicationName: String) -> PsqlClient {
    var copy = self
    copy.applicationName = applicationName
    return copy
  }

  var environment: [String: String] {
    var environment = connection
    environment["PATH"] = "/usr/bin:/bin"
    environment["LC_ALL"] = "C"
    environment["PGAPPNAME"] = applicationName
    environment["PGCONNECT_TIMEOUT"] = "10"
    environment["PGTZ"] = "UTC"
    if let searchPath { environment["PGOPTIONS"] = "-c search_path=\(searchPath)" }
    return environment
  }

  /// psql flags: no psqlrc, quiet, stop at the first error, unaligned
  /// tuples-only output with tab separators (easy to split).
  static let flags = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "\t"]

  /// Runs a script; the result carries psql's exit status (0 ok, 1 fatal,
  /// 2 connection lost, 3 SQL error under ON_ERROR_STOP).
  func run(_ sql: String) async throws -> ProcessResult {
    try await Subprocess.run(psql, Self.flags, stdin: sql, environment: environment)
  }

  /// Runs a script; `singleTransaction`: as one transaction (`psql -1`).
  func run(_ sql: String, singleTransaction: Bool) async throws -> ProcessResult {
    guard singleTransaction else { return try await run(sql) }
    return try await Subprocess.run(psql, Self.flags + ["-1", "-f", "-"], stdin: sql, environment: environment)
  }

  /// Runs a file as `psql -f` does (psql reads it; its messages name the file
  /// and line). `singleTransaction`: `-1`, one transaction around the whole
  /// file, as the Supabase CLI runs a migration.
  func run(file path: String, singleTransaction: Bool) async throws -> ProcessResult {
    let arguments = Self.flags + (singleTransaction ? ["-1"] : []) + ["-f", path]
    return try await Subprocess.run(psql, arguments, environment: environment)
  }

  /// Runs a script that must succeed; throws with psql's stderr otherwise.
  @discardableResult
  func execute(_ sql: String) async throws -> String {
    let result = try await run(sql)
    guard result.succeeded else {
      throw HarnessError("psql failed (status \(result.status)):\n\(result.stderr)\nSQL:\n\(sql)")
    }
    return result.stdout
  }

  /// Runs a query and splits its rows into tab-separated fields.
  func rows(_ sql: String) async throws -> [[String]] {
    try await execute(sql).split(separator: "\n", omittingEmptySubsequences: true)
      .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
  }

  /// Starts an interactive psql reading from a pipe, for sessions that must
  /// stay open (a transaction holding its locks) while others look at them.
  func session() throws -> InteractiveProcess {
    try InteractiveProcess(psql, Self.flags, environment: environment)
  }

  /// The first `ERROR:` line of psql's stderr, without psql's location prefix
  /// (`psql:<stdin>:3: ERROR:  `), e.g. `column "c" of relation "t" contains null values`.
  static func errorMessage(in stderr: String) -> String? {
    for line in stderr.split(separator: "\n") {
      guard let range = line.range(of: "ERROR:") else { continue }
      return line[range.upperBound...].trimmingCharacters(in: .whitespaces)
    }
    return nil
  }
}

extension String {
  /// This string as a SQL string literal.
  var sqlLiteral: String { "'" + replacingOccurrences(of: "'", with: "''") + "'" }
}
