import CSLintTestSupport
import Foundation
import MigrationLint
import Testing

/// `cslint lsp` driven by a scripted client over pipes, as an editor drives it.
@Suite("cslint lsp")
struct LSPServerTests {
  static let earlier = "supabase/migrations/20240101000000_users.sql"
  static let edited = "supabase/migrations/20240102000000_nickname.sql"
  static let indexed = "supabase/migrations/20240103000000_index.sql"

  /// An earlier migration creates `users`; the edited file's buffer differs
  /// from its text on disk (the buffer is what gets linted).
  static func makeProject() throws -> URL {
    let root = TestPaths.scratchURL("lsp")
    let files = [
      earlier: "create table if not exists public.users (id bigint primary key, email text);\n",
      edited: "select 1;\n",
      indexed: "select 1;\n",
    ]
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  static func start(in root: URL) throws -> LSPClient {
    guard let binary = CLIRunner.binary else {
      throw LSPClient.Failure(description: "cslint binary not found; run `swift build` (swift test builds it too)")
    }
    return try LSPClient(binary: binary, directory: root)
  }

  static func initialize(_ client: LSPClient) throws {
    let reply = try client.request("initialize", ["processId": NSNull(), "rootUri": NSNull(), "capabilities": [:]])
    let capabilities = (reply["result"] as? [String: Any])?["capabilities"] as? [String: Any]
    #expect(capabilities?["hoverProvider"] as? Bool == true)
    #expect(capabilities?["codeActionProvider"] != nil)
    try client.notify("initialized", [:])
  }

  static func uri(_ root: URL, _ path: String) -> String {
    root.appendingPathComponent(path).absoluteURL.absoluteString
  }

  /// Applies LSP text edits (UTF-16 positions) to `text`, last first.
  static func apply(_ edits: [[String: Any]], to text: String) -> String {
    var units = Array(text.utf16)
    func offset(_ position: [String: Any]?) -> Int {
      let line = position?["line"] as? Int ?? 0
      let character = position?["character"] as? Int ?? 0
      var index = 0
      var current = 0
      while current < line && index < units.count {
        if units[index] == 0x0A { current += 1 }
        index += 1
      }
      return min(units.count, index + character)
    }
    let resolved = edits.map { edit -> (Range<Int>, String) in
      let range = edit["range"] as? [String: Any]
      let start = offset(range?["start"] as? [String: Any])
      let end = offset(range?["end"] as? [String: Any])
      return (start..<max(start, end), edit["newText"] as? String ?? "")
    }
    for (range, replacement) in resolved.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
      units.replaceSubrange(range, with: Array(replacement.utf16))
    }
    return String(decoding: units, as: UTF16.self)
  }

  static func position(_ diagnostic: [String: Any], _ end: String) -> (Int, Int)? {
    guard let point = (diagnostic["range"] as? [String: Any])?[end] as? [String: Any],
      let line = point["line"] as? Int, let character = point["character"] as? Int
    else { return nil }
    return (line, character)
  }

  @Test(
    "open, code action, apply the preferred fix as an incremental change: diagnostics clear",
    arguments: ["\n", "\r\n"])
  func fixClearsDiagnostics(newline: String) throws {
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    let client = try Self.start(in: root)
    try Self.initialize(client)
    let uri = Self.uri(root, Self.edited)
    // Non-ASCII before the finding on its line: an é (2 bytes, 1 UTF-16
    // unit) and an emoji (4 bytes, 2 units), so byte, code point and
    // UTF-16 columns all differ.
    let line = "/* é😀 */ alter table public.users add column nickname text;"
    let text = "set lock_timeout = '5s';" + newline + line + newline
    try client.notify(
      "textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "sql", "version": 1, "text": text]])
    let diagnostics = try client.diagnostics(for: uri)
    #expect(diagnostics.map { $0["code"] as? String } == ["missing-if-not-exists"])
    let finding = try #require(diagnostics.first)
    let expectedStart = try #require(line.range(of: "add column")).lowerBound
    let start = try #require(Self.position(finding, "start"))
    #expect(start.0 == 1)
    #expect(start.1 == line[..<expectedStart].utf16.count)
    let semicolon = try #require(line.range(of: ";")).lowerBound
    #expect(Self.position(finding, "end")?.1 == line[..<semicolon].utf16.count)
    let href = (finding["codeDescription"] as? [String: Any])?["href"] as? String
    #expect(href?.hasSuffix("Rules/missing-if-not-exists.md") == true)

    let reply = try client.request(
      "textDocument/codeAction",
      [
        "textDocument": ["uri": uri],
        "range": ["start": ["line": 1, "character": start.1], "end": ["line": 1, "character": start.1]],
        "context": ["diagnostics": diagnostics],
      ])
    let actions = try #require(reply["result"] as? [[String: Any]])
    let preferred = actions.filter { $0["isPreferred"] as? Bool == true }
    #expect(preferred.count == 1)
    let fix = try #require(preferred.first)
    #expect((fix["title"] as? String)?.contains("IF NOT EXISTS") == true)
    let suppress = actions.first { ($0["title"] as? String)?.hasPrefix("Suppress missing-if-not-exists") == true }
    #expect(suppress != nil && suppress?["isPreferred"] == nil)

    let changes = (fix["edit"] as? [String: Any])?["changes"] as? [String: Any]
    let edits = try #require(changes?[uri] as? [[String: Any]])
    let fixed = Self.apply(edits, to: text)
    #expect(fixed.contains("add column if not exists nickname"))
    // Sent as the client's own range edits: the server maps UTF-16 positions to bytes.
    try client.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": uri, "version": 2],
        "contentChanges": edits.map { ["range": $0["range"] ?? [:], "text": $0["newText"] ?? ""] },
      ])
    #expect(try client.diagnostics(for: uri).isEmpty)
    // And the whole text, as a full-sync client sends it: still clean.
    try client.notify(
      "textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [["text": fixed]]])
    #expect(try client.diagnostics(for: uri).isEmpty)

    // The suppression action, applied to the original text, silences the finding.
    let suppressEdits = try #require(
      ((suppress?["edit"] as? [String: Any])?["changes"] as? [String: Any])?[uri] as? [[String: Any]])
    #expect((suppressEdits.first?["newText"] as? String)?.hasSuffix(newline) == true)
    try client.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": uri, "version": 4],
        "contentChanges": [["text": Self.apply(suppressEdits, to: text)]],
      ])
    #expect(try client.diagnostics(for: uri).isEmpty)

    #expect((try client.request("shutdown"))["error"] == nil)
    try client.notify("exit", [:])
    #expect(client.waitForExit() == 0)
  }

  @Test("hover on a flagged statement: the rule's why, what to write instead, the statement's locks")
  func hoverExplainsFindingAndLocks() throws {
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    let client = try Self.start(in: root)
    try Self.initialize(client)
    let uri = Self.uri(root, Self.indexed)
    // `users` exists only because the earlier migration is replayed.
    let text = "set lock_timeout = '5s';\ncreate index if not exists users_email on public.users (email);\n"
    try client.notify(
      "textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "sql", "version": 1, "text": text]])
    let codes = try client.diagnostics(for: uri).compactMap { $0["code"] as? String }
    #expect(codes == ["require-concurrent-index-creation"])
    let reply = try client.request(
      "textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 1, "character": 20]])
    let contents = (reply["result"] as? [String: Any])?["contents"] as? [String: Any]
    let value = try #require(contents?["value"] as? String)
    let rule = try #require(RuleRegistry.descriptions.first { $0.id == "require-concurrent-index-creation" })
    #expect(value.contains(rule.rationale))
    #expect(value.contains("create index concurrently if not exists users_email on public.users (email)"))
    #expect(value.contains("`public.users`: SHARE, blocks writes"))
    #expect(value.contains("lock_timeout: '5s'") || value.contains("lock_timeout: 5s"))
    // Off any statement: no hover.
    let empty = try client.request(
      "textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 5, "character": 0]])
    #expect(empty["result"] is NSNull)
    // The earlier migration changes on disk and is saved: the kept replay
    // is stale, and the open file is linted against the new one (where the
    // index already exists, so nothing is built).
    let earlierURL = root.appendingPathComponent(Self.earlier)
    let earlierText = try String(contentsOf: earlierURL, encoding: .utf8)
    try Data((earlierText + "create index if not exists users_email on public.users (email);\n").utf8)
      .write(to: earlierURL)
    try client.notify("textDocument/didSave", ["textDocument": ["uri": Self.uri(root, Self.earlier)]])
    #expect(try client.diagnostics(for: uri).isEmpty)
    // A burst of changes in one write: the diagnostics that come last are the last text's.
    var burst: [UInt8] = []
    for (version, body) in [(10, "create index bad on public.users (email);\n"), (11, text)] {
      let message: [String: Any] = [
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": [
          "textDocument": ["uri": uri, "version": version], "contentChanges": [["text": body]],
        ] as [String: Any],
      ]
      let data = try JSONSerialization.data(withJSONObject: message)
      burst += Array("Content-Length: \(data.count)\r\n\r\n".utf8) + Array(data)
    }
    try client.sendRaw(burst)
    var published = try client.publication(for: uri)
    while published.version != 11 { published = try client.publication(for: uri) }
    #expect(published.diagnostics.isEmpty)
    try client.notify("textDocument/didClose", ["textDocument": ["uri": uri]])
    #expect(try client.diagnostics(for: uri).isEmpty)
    _ = try client.request("shutdown")
    try client.notify("exit", [:])
    #expect(client.waitForExit() == 0)
  }

  @Test("a finding about other migrations links them as related information")
  func crossFileFindingHasRelatedInformation() throws {
    let root = TestPaths.scratchURL("lsp-related")
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("supabase/migrations")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    func write(_ name: String, _ text: String) throws {
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    try write("20240101000000_customers.sql", "create table if not exists public.customers (id bigint, name text);\n")
    // The first migration is applied (in the ledger); the next two ship together.
    let ledger = try CLIRunner.cslint(["ledger", "update", "supabase/migrations"], in: root)
    #expect(ledger.status == 0, "\(ledger.stderr)")
    let copy = "20240102000000_full_name.sql"
    try write(
      copy,
      """
      alter table public.customers add column if not exists full_name text;
      update public.customers set full_name = name where full_name is null;

      """)
    let dropping = "20240103000000_drop_name.sql"
    try write(dropping, "select 1;\n")
    let client = try Self.start(in: root)
    try Self.initialize(client)
    let uri = Self.uri(root, "supabase/migrations/" + dropping)
    let text = "set lock_timeout = '5s';\nalter table public.customers drop column if exists name;\n"
    try client.notify(
      "textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "sql", "version": 1, "text": text]])
    let diagnostics = try client.diagnostics(for: uri)
    let contract = try #require(diagnostics.first { $0["code"] as? String == "contract-in-same-migration" })
    let related = try #require(contract["relatedInformation"] as? [[String: Any]])
    let locations = related.compactMap { ($0["location"] as? [String: Any])?["uri"] as? String }
    #expect(locations == [Self.uri(root, "supabase/migrations/" + copy)])
    // A finding about this file alone names no other file.
    let local = diagnostics.filter { $0["code"] as? String == "drop-column" }
    #expect(local.count == 1 && local.allSatisfy { $0["relatedInformation"] == nil })
    _ = try client.request("shutdown")
    try client.notify("exit", [:])
    #expect(client.waitForExit() == 0)
  }

  @Test("malformed JSON-RPC gets an error reply and the server keeps running")
  func malformedMessages() throws {
    let root = try Self.makeProject()
    defer { try? FileManager.default.removeItem(at: root) }
    let client = try Self.start(in: root)
    func errorCode(_ message: [String: Any]) -> Int? { (message["error"] as? [String: Any])?["code"] as? Int }

    // Before initialize: requests are refused, not answered.
    #expect(errorCode(try client.request("textDocument/hover", ["position": ["line": 0, "character": 0]])) == -32002)
    try Self.initialize(client)
    let frames: [(bytes: [UInt8], code: Int)] = [
      (Array("Content-Length: 10\r\n\r\n{\"method\":".utf8), -32700),  // invalid JSON (cut short)
      (Array("Content-Length: 7\r\n\r\n{\"a\": }".utf8), -32700),
      ([UInt8]("Content-Length: 3\r\n\r\n\"".utf8) + [0xC3, 0x22], -32700),  // invalid UTF-8
      (Array("Content-Length: 2\r\n\r\n[]".utf8), -32600),  // not an object (batch)
      (Array("Content-Type: text\r\n\r\n".utf8), -32700),  // no Content-Length
      (Array("Content-Length: x\r\n\r\n".utf8), -32700),
      (Array("garbage without colon\r\n\r\n".utf8), -32700),
      (Array("Content-Length: 30\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":[1,2]}  ".utf8), -32600),
    ]
    for frame in frames {
      try client.sendRaw(frame.bytes)
      let reply = try client.errorReply()
      #expect(errorCode(reply) == frame.code, "\(String(decoding: frame.bytes, as: UTF8.self))")
      // Still serving: an unknown method is answered as such.
      #expect(errorCode(try client.request("cslint/noSuchMethod", [:])) == -32601)
    }
    // Bad params and unknown documents: errors or empty answers, no crash.
    #expect(errorCode(try client.request("textDocument/hover", ["textDocument": 3])) == -32602)
    let unknown = try client.request(
      "textDocument/codeAction",
      [
        "textDocument": ["uri": "file:///no/such/dir/x.sql"],
        "range": ["start": ["line": 0, "character": 0], "end": ["line": 99, "character": 0]],
      ])
    #expect((unknown["result"] as? [Any])?.isEmpty == true)
    // A document with a URI that is not a file, and text that is no SQL.
    try client.notify(
      "textDocument/didOpen",
      ["textDocument": ["uri": "untitled:Untitled-1", "languageId": "sql", "version": 1, "text": "\u{0}\u{FFFD}😀'"]])
    _ = try client.diagnostics(for: "untitled:Untitled-1")
    // A body too large to read is refused; the server reads on past it.
    try client.sendRaw(Array("Content-Length: 99999999999\r\n\r\n".utf8))
    #expect(errorCode(try client.errorReply()) == -32700)
    try client.closeInput()
    // End of input without shutdown: exit status 1, not a signal.
    #expect(client.waitForExit() == 1)
  }
}
