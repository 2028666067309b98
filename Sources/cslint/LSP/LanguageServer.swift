import FoundationEssentials
import MigrationLint
import PostgresSyntax

/// `cslint lsp`: the Language Server Protocol over a byte stream. Takes
/// framed JSON-RPC messages, answers requests and publishes diagnostics
/// through `send`. Never traps on what a client sends: a malformed message
/// gets a JSON-RPC error reply and the server goes on.
final class LanguageServer {
  enum ErrorCode {
    static let parseError = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let invalidParams = -32602
    static let serverNotInitialized = -32002
  }

  private enum State { case waiting, running, shutDown }
  private var state = State.waiting
  private var documents: [String: OpenDocument] = [:]
  private let cache = FolderContextCache()
  /// Prefix of each rule's page link (`codeDescription.href`).
  private var ruleDocsBase: String
  private let send: ([UInt8]) -> Void
  /// Set by `exit`: the process's exit status.
  private(set) var exitStatus: Int32?
  /// Documents to publish at the next `flush`, in order.
  private var scheduled: [String] = []
  /// The last `.cslint.yml` error logged to the client.
  private var lastConfigurationProblem: String?
  /// Whether `shutdown` came before the input ended.
  var receivedShutdown: Bool { state == .shutDown }

  init(ruleDocsBase: String, send: @escaping ([UInt8]) -> Void) {
    self.ruleDocsBase = ruleDocsBase
    self.send = send
  }

  // MARK: Messages

  func handle(_ item: MessageFraming.Item) {
    switch item {
    case .malformed(let reason): replyError(id: .null, ErrorCode.parseError, "Parse error: \(reason)")
    case .message(let body): handle(body)
    }
  }

  private func handle(_ body: [UInt8]) {
    guard let message = JSONInput.parse(body) else {
      replyError(id: .null, ErrorCode.parseError, "Parse error: the body is not valid JSON (UTF-8)")
      return
    }
    guard case .object = message else {
      replyError(id: .null, ErrorCode.invalidRequest, "Invalid Request: a message is a JSON object (no batches)")
      return
    }
    let id = message["id"]
    guard let method = message["method"]?.string else {
      // A reply to a request of ours (none are sent): nothing to do.
      if id != nil && (message["result"] != nil || message["error"] != nil) { return }
      replyError(id: id?.output ?? .null, ErrorCode.invalidRequest, "Invalid Request: no method")
      return
    }
    if let id {
      guard id.int != nil || id.string != nil else {
        replyError(id: .null, ErrorCode.invalidRequest, "Invalid Request: id must be a number or a string")
        return
      }
      request(method, id: id.output, params: message["params"])
    } else {
      notification(method, params: message["params"])
    }
  }

  private func request(_ method: String, id: JSONValue, params: JSONInput?) {
    switch (state, method) {
    case (.waiting, "initialize"):
      if let base = params?["initializationOptions"]?["ruleDocsUrl"]?.string, !base.isEmpty { ruleDocsBase = base }
      state = .running
      reply(id: id, result: Self.capabilities)
    case (.waiting, _):
      replyError(id: id, ErrorCode.serverNotInitialized, "Server not initialized: send initialize first")
    case (.shutDown, _):
      replyError(id: id, ErrorCode.invalidRequest, "Invalid Request: the server is shutting down")
    case (.running, "initialize"):
      replyError(id: id, ErrorCode.invalidRequest, "Invalid Request: initialize was already sent")
    case (.running, "shutdown"):
      state = .shutDown
      reply(id: id, result: .null)
    case (.running, "textDocument/codeAction"):
      guard let (document, start, end) = documentRange(params) else {
        return replyError(id: id, ErrorCode.invalidParams, "Invalid params: textDocument.uri and range expected")
      }
      // Only quick fixes are offered: none when the client asks for other kinds only.
      if let only = params?["context"]?["only"]?.array?.compactMap(\.string),
        !only.contains(where: { $0 == "quickfix" || $0.isEmpty })
      {
        return reply(id: id, result: .array([]))
      }
      reply(id: id, result: .array(codeActions(document, start..<end)))
    case (.running, "textDocument/hover"):
      guard let uri = params?["textDocument"]?["uri"]?.string, let position = Self.position(params?["position"])
      else {
        return replyError(id: id, ErrorCode.invalidParams, "Invalid params: textDocument.uri and position expected")
      }
      guard let document = lintedDocument(uri) else { return reply(id: id, result: .null) }
      let offset = document.lines.offset(line: position.0, character: position.1)
      reply(id: id, result: hover(document, at: offset) ?? .null)
    default:
      replyError(id: id, ErrorCode.methodNotFound, "Method not found: \(method)")
    }
  }

  private func notification(_ method: String, params: JSONInput?) {
    if method == "exit" {
      exitStatus = state == .shutDown ? 0 : 1
      return
    }
    guard state == .running else { return }
    let uri = params?["textDocument"]?["uri"]?.string
    switch method {
    case "textDocument/didOpen":
      guard let uri, let text = params?["textDocument"]?["text"]?.string else { return }
      documents[uri] = OpenDocument(uri: uri, version: params?["textDocument"]?["version"]?.int, text: text)
      cache.invalidateContexts()
      schedule(uri)
    case "textDocument/didChange":
      guard let uri, var document = documents[uri], let changes = params?["contentChanges"]?.array else { return }
      for change in changes {
        guard let text = change["text"]?.string else { continue }
        var range: ((Int, Int), (Int, Int))?
        if let start = Self.position(change["range"]?["start"]), let end = Self.position(change["range"]?["end"]) {
          range = (start, end)
        }
        document.apply(text: text, range: range)
      }
      document.version = params?["textDocument"]?["version"]?.int ?? document.version
      documents[uri] = document
      schedule(uri)
    case "textDocument/didSave":
      // The saved file may be an earlier migration of other open files:
      // their context is checked (and rebuilt if stale) as they re-lint.
      relintAll()
    case "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration":
      // A migration or .cslint.yml changed on disk (if the client watches files).
      relintAll()
    case "textDocument/didClose":
      guard let uri else { return }
      if let path = documents[uri]?.path { cache.forget(path) }
      documents[uri] = nil
      scheduled.removeAll { $0 == uri }
      notify("textDocument/publishDiagnostics", .object([("uri", .string(uri)), ("diagnostics", .array([]))]))
    default:
      // `initialized`, `$/cancelRequest`, `workspace/didChangeConfiguration`, ...: nothing to do.
      break
    }
  }

  // MARK: Linting

  /// The document at `uri`, linted (again if its text changed).
  private func lintedDocument(_ uri: String) -> OpenDocument? {
    guard var document = documents[uri] else { return nil }
    if document.linted == nil {
      document.linted = lint(document)
      documents[uri] = document
    }
    return document
  }

  /// Lints the document's text as its folder's migration: the schema
  /// replayed from the files before it (kept between changes), the
  /// unsaved text in place of the file on disk.
  func lint(_ document: OpenDocument) -> LintedDocument {
    let source = SourceFile(path: document.lintPath, bytes: document.bytes)
    let prepared = PreparedFile(source: source)
    guard let path = document.path else {
      let replay = FolderReplay(settings: LintSettings())
      let result = replay.lint(prepared, linter: Linter())
      return LintedDocument(
        diagnostics: result.diagnostics, statements: prepared.statements, replay: replay, siblings: [], source: source)
    }
    let context = cache.context(of: path)
    // Said once per problem, not on every keystroke.
    if let problem = context.configurationProblem, problem != lastConfigurationProblem {
      notify("window/logMessage", .object([("type", .int(1)), ("message", .string("cslint: \(problem)"))]))
    }
    lastConfigurationProblem = context.configurationProblem
    let replay = cache.replay(for: path, context: context)
    var diagnostics: [Diagnostic] = []
    if !context.isExcluded && !context.scope.isQuiet(path, folder: context.directory, naming: context.naming) {
      diagnostics =
        replay.lint(prepared, linter: context.linter) { self.cache.later(for: path, context: context) }.diagnostics
    }
    return LintedDocument(
      diagnostics: diagnostics, statements: prepared.statements, replay: replay, siblings: context.siblings,
      source: source)
  }

  /// Every open document linted again (a file was saved: it may be an
  /// earlier migration of the others, whose context is then rebuilt).
  private func relintAll() {
    cache.invalidateContexts()
    for uri in documents.keys.sorted() {
      documents[uri]?.linted = nil
      schedule(uri)
    }
  }

  /// Lints and publishes `uri` once the messages already received are
  /// handled (`flush`): a burst of changes is linted once, at its end.
  private func schedule(_ uri: String) {
    if !scheduled.contains(uri) { scheduled.append(uri) }
  }

  /// Publishes the diagnostics of every scheduled document.
  func flush() {
    let uris = scheduled
    scheduled.removeAll()
    for uri in uris { publish(uri) }
  }

  private func publish(_ uri: String) {
    guard let document = lintedDocument(uri), let linted = document.linted else { return }
    var members: [(String, JSONValue)] = [("uri", .string(uri))]
    if let version = document.version { members.append(("version", .int(version))) }
    members.append(("diagnostics", .array(linted.diagnostics.map { lspDiagnostic($0, in: document) })))
    notify("textDocument/publishDiagnostics", .object(members))
  }

  // MARK: Replies

  private func reply(id: JSONValue, result: JSONValue) {
    write(.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)]))
  }

  private func replyError(id: JSONValue, _ code: Int, _ message: String) {
    write(
      .object([
        ("jsonrpc", .string("2.0")), ("id", id),
        ("error", .object([("code", .int(code)), ("message", .string(message))])),
      ]))
  }

  private func notify(_ method: String, _ params: JSONValue) {
    write(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
  }

  /// One protocol message: on one line, escaped like every JSON cslint prints.
  private func write(_ value: JSONValue) {
    var json = JSONWriter()
    json.value(value, layout: .inline)
    send(MessageFraming.frame(json.take()))
  }

  static let capabilities: JSONValue = .object([
    (
      "capabilities",
      .object([
        ("positionEncoding", .string("utf-16")),
        (
          "textDocumentSync",
          .object([
            ("openClose", .bool(true)),
            // Incremental: ranges in UTF-16 units, applied to the UTF-8 text.
            ("change", .int(2)),
            ("save", .object([("includeText", .bool(false))])),
          ])
        ),
        ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
        ("hoverProvider", .bool(true)),
      ])
    ),
    ("serverInfo", .object([("name", .string("cslint")), ("version", .string(CommandRouter.version))])),
  ])

  // MARK: Parameters

  /// `{line, character}` as two non-negative integers.
  static func position(_ value: JSONInput?) -> (Int, Int)? {
    guard let line = value?["line"]?.int, let character = value?["character"]?.int, line >= 0, character >= 0
    else { return nil }
    return (line, character)
  }

  private func documentRange(_ params: JSONInput?) -> (OpenDocument, Int, Int)? {
    guard let uri = params?["textDocument"]?["uri"]?.string, let start = Self.position(params?["range"]?["start"]),
      let end = Self.position(params?["range"]?["end"])
    else { return nil }
    // An unknown document has no findings: an empty answer, not an error.
    guard let document = lintedDocument(uri) else {
      return (OpenDocument(uri: uri, version: nil, text: ""), 0, 0)
    }
    let lower = document.lines.offset(line: start.0, character: start.1)
    let upper = document.lines.offset(line: end.0, character: end.1)
    return (document, min(lower, upper), max(lower, upper))
  }

  // MARK: Presentation

  func range(_ bytes: Range<Int>, in document: OpenDocument) -> JSONValue {
    let start = document.lines.position(of: bytes.lowerBound)
    let end = document.lines.position(of: bytes.upperBound)
    return .object([
      ("start", .object([("line", .int(start.line)), ("character", .int(start.character))])),
      ("end", .object([("line", .int(end.line)), ("character", .int(end.character))])),
    ])
  }

  func ruleURL(_ id: String) -> String {
    let page = "Rules/\(id).md"
    return ruleDocsBase.hasSuffix("/") ? ruleDocsBase + page : ruleDocsBase + "/" + page
  }

  func lspDiagnostic(_ diagnostic: Diagnostic, in document: OpenDocument) -> JSONValue {
    let severity: Int
    switch diagnostic.severity {
    case .error: severity = 1
    case .warning: severity = 2
    case .info: severity = 3
    }
    var members: [(String, JSONValue)] = [
      ("range", range(diagnostic.range, in: document)),
      ("severity", .int(severity)),
      ("code", .string(diagnostic.ruleID)),
      ("codeDescription", .object([("href", .string(ruleURL(diagnostic.ruleID)))])),
      ("source", .string("cslint")),
      ("message", .string(diagnostic.message)),
    ]
    let related = relatedFiles(diagnostic, siblings: document.linted?.siblings ?? [])
    if !related.isEmpty {
      let zero = JSONValue.object([("line", .int(0)), ("character", .int(0))])
      members.append(
        (
          "relatedInformation",
          .array(
            related.map { path in
              .object([
                (
                  "location",
                  .object([
                    ("uri", .string(FileURI.uri(of: path))),
                    ("range", .object([("start", zero), ("end", zero)])),
                  ])
                ),
                ("message", .string("\(path.lastPathComponent), named by this finding")),
              ])
            })
        ))
    }
    return .object(members)
  }

  /// The folder's other migrations a finding names (a cross-file finding:
  /// e.g. the earlier migration that added a column this one drops).
  func relatedFiles(_ diagnostic: Diagnostic, siblings: [String]) -> [String] {
    let text = diagnostic.message + "\n" + (diagnostic.help ?? "")
    return siblings.filter { path in
      let name = path.lastPathComponent
      return name.utf8.count > 4 && text.contains(name)
    }
  }
}
