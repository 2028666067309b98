import Foundation

/// A scripted LSP client: runs `cslint lsp` as a subprocess and speaks
/// framed JSON-RPC to it over pipes, the way an editor does.
final class LSPClient {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private var buffer: [UInt8] = []
  private var nextID = 1
  /// Notifications received while waiting for a reply, oldest first.
  private(set) var pending: [[String: Any]] = []
  /// How long one read may wait: a hang guard, not a timing assertion.
  static let timeoutSeconds: Int32 = 120

  init(binary: URL, directory: URL) throws {
    // A server that died must fail the test, not kill it with SIGPIPE.
    signal(SIGPIPE, SIG_IGN)
    process.executableURL = binary
    process.arguments = ["lsp"]
    process.currentDirectoryURL = directory
    process.standardInput = input
    process.standardOutput = output
    try process.run()
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  // MARK: Sending

  func sendRaw(_ bytes: [UInt8]) throws {
    try input.fileHandleForWriting.write(contentsOf: Data(bytes))
  }

  func send(_ message: [String: Any]) throws {
    let body = try JSONSerialization.data(withJSONObject: message)
    try sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body))
  }

  func notify(_ method: String, _ params: [String: Any]) throws {
    try send(["jsonrpc": "2.0", "method": method, "params": params])
  }

  /// Sends a request and returns its reply (notifications before it are kept in `pending`).
  func request(_ method: String, _ params: Any = NSNull()) throws -> [String: Any] {
    let id = nextID
    nextID += 1
    try send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
    return try reply(to: id)
  }

  /// Closes the server's input (end of stream).
  func closeInput() throws {
    try input.fileHandleForWriting.close()
  }

  // MARK: Receiving

  /// The reply whose id is `id`.
  func reply(to id: Int) throws -> [String: Any] {
    while true {
      let message = try read()
      if message["method"] == nil, (message["id"] as? Int) == id { return message }
      pending.append(message)
    }
  }

  /// The next message with no method and a null id: an error reply to a
  /// message the server could not read.
  func errorReply() throws -> [String: Any] {
    while true {
      let message = try read()
      if message["method"] == nil { return message }
      pending.append(message)
    }
  }

  /// The next `publishDiagnostics` for `uri` (earlier ones for other documents are skipped).
  func diagnostics(for uri: String) throws -> [[String: Any]] {
    if let index = pending.firstIndex(where: { Self.isDiagnostics($0, uri) }) {
      let message = pending.remove(at: index)
      return Self.list(message)
    }
    while true {
      let message = try read()
      if Self.isDiagnostics(message, uri) { return Self.list(message) }
      pending.append(message)
    }
  }

  /// The next `publishDiagnostics` for `uri`, with its version.
  func publication(for uri: String) throws -> (version: Int?, diagnostics: [[String: Any]]) {
    while true {
      let message: [String: Any]
      if let index = pending.firstIndex(where: { Self.isDiagnostics($0, uri) }) {
        message = pending.remove(at: index)
      } else {
        message = try read()
        guard Self.isDiagnostics(message, uri) else {
          pending.append(message)
          continue
        }
      }
      return ((message["params"] as? [String: Any])?["version"] as? Int, Self.list(message))
    }
  }

  private static func isDiagnostics(_ message: [String: Any], _ uri: String) -> Bool {
    (message["method"] as? String) == "textDocument/publishDiagnostics"
      && ((message["params"] as? [String: Any])?["uri"] as? String) == uri
  }

  private static func list(_ message: [String: Any]) -> [[String: Any]] {
    ((message["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]]) ?? []
  }

  /// One framed message from the server.
  func read() throws -> [String: Any] {
    while true {
      if let separator = find([0x0D, 0x0A, 0x0D, 0x0A]) {
        let header = String(decoding: buffer[..<separator], as: UTF8.self)
        guard
          let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
          let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { throw Failure(description: "reply without Content-Length: \(header)") }
        let start = separator + 4
        if buffer.count - start >= length {
          let body = Data(buffer[start..<start + length])
          buffer.removeFirst(start + length)
          guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw Failure(description: "reply is not a JSON object")
          }
          return object
        }
      }
      try fill()
    }
  }

  private func find(_ pattern: [UInt8]) -> Int? {
    guard buffer.count >= pattern.count else { return nil }
    return (0...(buffer.count - pattern.count)).first { index in
      pattern.indices.allSatisfy { buffer[index + $0] == pattern[$0] }
    }
  }

  private func fill() throws {
    let descriptor = output.fileHandleForReading.fileDescriptor
    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    guard poll(&poller, 1, Self.timeoutSeconds * 1000) > 0 else {
      throw Failure(description: "no reply from cslint lsp within \(Self.timeoutSeconds) s")
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
    guard count > 0 else { throw Failure(description: "cslint lsp closed its output") }
    buffer += chunk[..<count]
  }

  /// Waits for the server to exit (hang guard) and returns its status.
  func waitForExit() -> Int32? {
    let deadline = Date().addingTimeInterval(Double(Self.timeoutSeconds))
    while process.isRunning && Date() < deadline { usleep(10_000) }
    guard !process.isRunning else { return nil }
    return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
  }
}
