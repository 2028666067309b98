import CSLintTestSupport
import Foundation
import Testing

/// `cslint locks` run as users run it: the built binary on a small project.
@Suite("cslint locks")
struct LocksCLITests {
  /// An earlier migration creates `users` and a partitioned `events`; the
  /// file under test creates a table, indexes an existing one, sets
  /// lock_timeout, then alters `users` in an explicit transaction.
  static let files: [String: String] = [
    "supabase/migrations/20240101000000_users.sql": """
    create table public.users (id bigint primary key, email text);
    create table public.events (id bigint, at timestamptz) partition by range (at);
    """,
    "supabase/migrations/20240102000000_orders.sql": """
    create table public.orders (id bigint primary key, user_id bigint);
    set lock_timeout = '5s';
    create index users_email_idx on public.users (email);
    begin;
    alter table public.users add column name text, alter column email set not null;
    alter table public.events add column note text;
    commit;
    create index concurrently users_name_idx on public.users (name);
    """,
    // A later migration turns `events` into a plain table: it must not be
    // replayed before the file under test.
    "supabase/migrations/20240103000000_events.sql": """
    drop table public.events;
    create table public.events (id bigint);
    """,
  ]

  static let target = "supabase/migrations/20240102000000_orders.sql"

  static func makeProject() throws -> URL {
    let root = TestPaths.scratchURL("locks")
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data((text + "\n").utf8).write(to: url)
    }
    return root
  }

  /// One relation row of the text table, read by column position.
  struct RelationRow: Equatable, CustomStringConvertible {
    var statementLine: Int
    var relation: String
    var lock: String
    var blocks: String
    var held: String
    var work: String
    var timeout: String
    var description: String { "\(statementLine) \(relation) \(lock) \(blocks) \(held) \(work) \(timeout)" }
  }

  /// The table's relation rows: columns start at 8, 36, 60, 74, 82 and 92.
  static func relationRows(_ text: String) -> [RelationRow] {
    var rows: [RelationRow] = []
    var statementLine = 0
    for line in text.split(separator: "\n").map(String.init) {
      let characters = Array(line)
      func cell(_ start: Int, _ end: Int?) -> String {
        guard start < characters.count else { return "" }
        let stop = min(end ?? characters.count, characters.count)
        return String(characters[start..<stop]).trimmingCharacters(in: .whitespaces)
      }
      if let number = Int(cell(0, 4)), characters.count > 6 {
        statementLine = number
      } else if line.hasPrefix("        "), characters.count > 92, cell(0, 8).isEmpty {
        rows.append(
          RelationRow(
            statementLine: statementLine, relation: cell(8, 34), lock: cell(36, 58), blocks: cell(60, 72),
            held: cell(74, 80), work: cell(82, 90), timeout: cell(92, nil)))
      }
    }
    return rows
  }

  struct TextCase: CustomTestStringConvertible, Sendable {
    var runner: String
    var header: String
    var rows: [String]
    var marks: [String]
    var testDescription: String { runner }
  }

  static let textCases: [TextCase] = [
    TextCase(
      runner: "none", header: "sent statement by statement, autocommit unless the file BEGINs",
      rows: [
        "1 public.orders (new) ACCESS EXCLUSIVE reads+writes stmt - none",
        "3 public.users SHARE writes stmt scan 5s",
        "5 public.users ACCESS EXCLUSIVE reads+writes tx end validate 5s",
        "6 public.events ACCESS EXCLUSIVE reads+writes tx end - 5s",
        "8 public.users SHARE UPDATE EXCLUSIVE other DDL stmt scan 5s",
      ],
      marks: ["-- transaction begins: BEGIN (explicit)", "4  BEGIN", "7  COMMIT", "-- transaction ends: COMMIT"]),
    TextCase(
      runner: "supabase", header: "sent as one pipeline: one transaction until COMMIT or file end",
      rows: [
        "1 public.orders (new) ACCESS EXCLUSIVE reads+writes tx end - none",
        "3 public.users SHARE writes tx end scan 5s",
        "5 public.users ACCESS EXCLUSIVE reads+writes tx end validate 5s",
        "6 public.events ACCESS EXCLUSIVE reads+writes tx end - 5s",
        "8 public.users SHARE UPDATE EXCLUSIVE other DDL stmt scan 5s",
      ],
      marks: [
        "-- transaction begins: the runner's pipeline", "1  CREATE TABLE",
        "-- BEGIN (explicit) inside the runner's pipeline", "4  BEGIN", "7  COMMIT", "-- transaction ends: COMMIT",
        "-- transaction begins: the runner's pipeline", "8  CREATE INDEX CONCURRENTLY",
        "-- transaction ends: end of file, committed",
      ]),
  ]

  @Test("text: one row per statement, one per relation, transaction marks in order", arguments: textCases)
  func text(_ example: TextCase) throws {
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["locks", "--runner", example.runner, Self.target], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == Self.target)
    #expect(lines.dropFirst().first == "runner \(example.runner), PostgreSQL 15: \(example.header)")
    #expect(Self.relationRows(result.stdout).map(\.description) == example.rows)
    // Every statement has a row, those that lock nothing included.
    for title in ["2  SET lock_timeout = 5s", "5  ALTER TABLE ADD COLUMN, SET NOT NULL"] {
      #expect(lines.contains { $0.hasSuffix(title) }, "\(title)")
    }
    // Marks come in this order (other rows between them).
    var position = lines.startIndex
    for mark in example.marks {
      let found = lines[position...].firstIndex { $0.contains(mark) }
      #expect(found != nil, "missing or out of order: \(mark)\n\(result.stdout)")
      position = (found ?? position) + 1
    }
    #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
    #expect(!result.stdout.contains("\u{1B}["), "no colour without a terminal")
  }

  @Test("json: the documented shape, parsed with JSONSerialization")
  func json() throws {
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try CLIRunner.cslint(["locks", "--format", "json", Self.target], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    let files = try #require(object["files"] as? [[String: Any]])
    #expect(files.count == 1)
    let file = try #require(files.first)
    #expect(file["path"] as? String == Self.target)
    #expect(file["runner"] as? String == "supabase")
    #expect(file["postgres_version"] as? Int == 15)
    #expect(file["execution"] as? String == "pipeline")
    let statements = try #require(file["statements"] as? [[String: Any]])
    #expect(statements.compactMap { $0["line"] as? Int } == Array(1...8))
    #expect(
      statements.compactMap { $0["title"] as? String } == [
        "CREATE TABLE", "SET lock_timeout = 5s", "CREATE INDEX", "BEGIN", "ALTER TABLE ADD COLUMN, SET NOT NULL",
        "ALTER TABLE ADD COLUMN", "COMMIT", "CREATE INDEX CONCURRENTLY",
      ])
    #expect(statements[0]["kind"] as? String == "CreateStmt")
    #expect(statements[0]["lock_timeout"] is NSNull)
    #expect(statements[2]["lock_timeout"] as? String == "5s")
    #expect(statements[3]["transaction_boundary"] as? Bool == true)

    let created = try #require((statements[0]["relations"] as? [[String: Any]])?.first)
    #expect(created["schema"] as? String == "public")
    #expect(created["name"] as? String == "orders")
    #expect(created["new"] as? Bool == true)
    #expect(created["lock"] as? String == "ACCESS EXCLUSIVE")
    #expect(created["lock_catalog_name"] as? String == "AccessExclusiveLock")
    #expect(created["blocks"] as? String == "reads_and_writes")
    #expect(created["held_until"] as? String == "transaction")

    let index = try #require((statements[2]["relations"] as? [[String: Any]])?.first)
    #expect(index["name"] as? String == "users")
    #expect(index["new"] as? Bool == false)
    #expect(index["lock"] as? String == "SHARE")
    #expect(index["blocks"] as? String == "writes")
    #expect(index["scan"] as? Bool == true)
    #expect(index["rewrite"] as? Bool == false)

    // `events` is partitioned in the earlier migration, not the later one.
    let events = try #require((statements[5]["relations"] as? [[String: Any]])?.first)
    #expect(events["kind"] as? String == "partitioned_table")

    let begin = try #require(statements[3]["transaction"] as? [String: Any])
    let begins = try #require(begin["begins"] as? [String: Any])
    #expect(begins["opener"] as? String == "explicit")
    #expect(begins["within"] as? String == "pipeline")
    let altered = try #require(statements[4]["transaction"] as? [String: Any])
    #expect(altered["opener"] as? String == "explicit")
    #expect(altered["refusal"] as? String == "cannot run inside a transaction block")
    #expect((statements[6]["transaction"] as? [String: Any])?["ends"] as? String == "commit")
    let last = try #require(statements[7]["transaction"] as? [String: Any])
    #expect(last["ends"] as? String == "end_of_file")
    #expect(last["statements_before"] as? Int == 0)
    #expect(last["refusal"] is NSNull)
    let concurrent = try #require((statements[7]["relations"] as? [[String: Any]])?.first)
    #expect(concurrent["lock"] as? String == "SHARE UPDATE EXCLUSIVE")
    #expect(concurrent["held_until"] as? String == "statement")
  }

  @Test("a bare file name in its folder replays only the earlier siblings")
  func bareFileName() throws {
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("supabase/migrations")
    let result = try CLIRunner.cslint(
      ["locks", "-f", "json", (Self.target as NSString).lastPathComponent], in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"kind\": \"partitioned_table\""))
    // And the file is not its own history: `orders` is still new.
    #expect(
      result.stdout.contains("\"name\": \"orders\",\n              \"kind\": \"table\",\n              \"new\": true"))
  }

  struct BadCase: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var status: Int32
    var stderr: String
    /// Text expected on standard output (the readable files still print).
    var stdout: String?
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let badCases: [BadCase] = [
    BadCase(arguments: ["locks"], status: 2, stderr: "needs at least one FILE"),
    BadCase(arguments: ["locks", "--bogus", target], status: 2, stderr: "unknown option '--bogus' for 'cslint locks'"),
    BadCase(arguments: ["locks", "--format", "sarif", target], status: 2, stderr: "expects 'text' or 'json'"),
    BadCase(arguments: ["locks", "--runner", "rails", target], status: 2, stderr: "--runner expects one of"),
    BadCase(arguments: ["locks", "--postgres-version", "x", target], status: 2, stderr: "--postgres-version expects"),
    BadCase(
      arguments: ["locks", "missing.sql", target], status: 2, stderr: "no such file or directory: 'missing.sql'",
      stdout: "public.orders (new)"),
    BadCase(arguments: ["locks", "--config", "nowhere.yml", target], status: 2, stderr: "nowhere.yml"),
    BadCase(arguments: ["locks", "junk.sql"], status: 0, stderr: "", stdout: "(unrecognized statement)"),
    BadCase(arguments: ["locks", "-f", "json", "junk.sql"], status: 0, stderr: "", stdout: "\"files\""),
  ]

  @Test("bad input: a clear error and exit 2; binary junk still prints", arguments: badCases)
  func badInput(_ example: BadCase) throws {
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    // Control bytes, invalid UTF-8, a stray quote and an escape sequence.
    var junk: [UInt8] = Array("create table \"a\u{1B}[31m\" (x int);\n".utf8)
    for index in 0..<2048 { junk.append(UInt8(truncatingIfNeeded: (index &* 2_654_435_761) >> 7)) }
    try Data(junk).write(to: root.appendingPathComponent("junk.sql"))
    let result = try CLIRunner.cslint(example.arguments, in: root)
    #expect(result.status == example.status, "\(result.stderr)")
    if example.stderr.isEmpty {
      #expect(result.stderr.isEmpty, "\(result.stderr)")
    } else {
      #expect(result.stderr.contains(example.stderr), "\(result.stderr)")
    }
    if let stdout = example.stdout { #expect(result.stdout.contains(stdout), "\(result.stdout)") }
    #expect(!result.stdout.contains("\u{1B}"), "escape sequences from the input are neutralized")
  }

  @Test("an unreadable file: exit 2 and a message naming it")
  func unreadable() throws {
    if CLIRunner.ignoresPermissions && CLIRunner.runuser == nil {
      print("skipped: running as root (mode 000 does not stop root) and runuser is not available")
      return
    }
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    let secret = root.appendingPathComponent("secret.sql")
    try Data("create table s (id int);\n".utf8).write(to: secret)
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: secret.path)
    // Let user nobody into the temporary tree when we are root.
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
    let result = try CLIRunner.cslint(["locks", "secret.sql"], in: root, asNobody: CLIRunner.ignoresPermissions)
    #expect(result.status == 2)
    #expect(result.stderr.contains("cannot read 'secret.sql'"), "\(result.stderr)")
  }

  @Test("the example in docs/json-output.md is what cslint writes")
  func documentedExample() throws {
    let root = TestPaths.scratchURL("locks-doc")
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("supabase/migrations")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("create table public.users (id bigint primary key, email text);\n".utf8)
      .write(to: folder.appendingPathComponent("20240101000000_users.sql"))
    try Data("set lock_timeout = '5s';\ncreate index users_email_idx on public.users (email);\n".utf8)
      .write(to: folder.appendingPathComponent("20240102000000_email_index.sql"))
    let result = try CLIRunner.cslint(
      ["locks", "-f", "json", "supabase/migrations/20240102000000_email_index.sql"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let docs = try String(
      contentsOf: RobustCorpus.packageRoot.appendingPathComponent("docs/json-output.md"), encoding: .utf8)
    let section = try #require(docs.range(of: "## `cslint locks --format json`"))
    let start = try #require(docs.range(of: "```json\n", range: section.upperBound..<docs.endIndex))
    let end = try #require(docs.range(of: "```", range: start.upperBound..<docs.endIndex))
    #expect(String(docs[start.upperBound..<end.lowerBound]) == result.stdout)
  }

  @Test("help teaches the command")
  func help() throws {
    let root = FileManager.default.temporaryDirectory
    let general = try CLIRunner.cslint(["--help"], in: root)
    #expect(general.stdout.contains("locks FILE..."))
    let own = try CLIRunner.cslint(["locks", "--help"], in: root)
    #expect(own.status == 0)
    #expect(own.stdout.contains("USAGE: cslint locks FILE..."))
    #expect(own.stdout.contains("--format"))
  }
}
