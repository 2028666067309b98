import Foundation

/// The outcome of a finished subprocess.
struct ProcessResult: Sendable {
  var status: Int32
  var stdout: String
  var stderr: String

  var succeeded: Bool { status == 0 }
}

/// A failure of the live-test harness itself (not of a claim).
struct HarnessError: Error, CustomStringConvertible {
  var description: String

  init(_ description: String) {
    self.description = description
  }
}

/// Runs programs with Foundation `Process`.
///
/// Output goes to temporary files rather than pipes: a pipe that nobody drains
/// blocks the child once its buffer is full, and a termination handler can run
/// before the last bytes of a pipe were read. Files have neither problem.
enum Subprocess {
  /// Runs `executable` to completion without blocking a thread while it runs.
  static func run(
    _ executable: String, _ arguments: [String], stdin: String = "", environment: [String: String]? = nil
  ) async throws -> ProcessResult {
    let files = try CaptureFiles()
    defer { files.remove() }
    try Data(stdin.utf8).write(to: files.stdin)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    // Closed explicitly: Foundation keeps a finished `Process` (and with it
    // these handles) alive, so relying on deinit leaks a descriptor per run,
    // and with enough of them `Process.run()` itself crashes.
    let handles = [
      try FileHandle(forReadingFrom: files.stdin), try FileHandle(forWritingTo: files.stdout),
      try FileHandle(forWritingTo: files.stderr),
    ]
    defer { for handle in handles { try? handle.close() } }
    process.standardInput = handles[0]
    process.standardOutput = handles[1]
    process.standardError = handles[2]
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: HarnessError("cannot run \(executable): \(error)"))
      }
    }
    return ProcessResult(status: status, stdout: files.read(files.stdout), stderr: files.read(files.stderr))
  }

  /// Starts a program that outlives this process's interest in it (the server
  /// watchdog). Its output is discarded.
  static func spawnDetached(_ executable: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
  }
}

/// An interactive child: we write to its stdin while it runs and poll its output.
///
/// Used for the psql session that holds a transaction open while a second
/// session inspects `pg_locks`.
final class InteractiveProcess: @unchecked Sendable {
  private let process = Process()
  private let input = Pipe()
  private let files: CaptureFiles
  private let outputs: [FileHandle]

  init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
    files = try CaptureFiles()
    do {
      outputs = [try FileHandle(forWritingTo: files.stdout), try FileHandle(forWritingTo: files.stderr)]
    } catch {
      files.remove()
      throw error
    }
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = input
    process.standardOutput = outputs[0]
    process.standardError = outputs[1]
    do {
      try process.run()
    } catch {
      closeHandles()
      files.remove()
      throw HarnessError("cannot run \(executable): \(error)")
    }
  }

  deinit {
    if process.isRunning { process.terminate() }
    closeHandles()
    files.remove()
  }

  /// See `Subprocess.run`: descriptors must be closed by hand.
  private func closeHandles() {
    try? input.fileHandleForWriting.close()
    for handle in outputs { try? handle.close() }
  }

  var isRunning: Bool { process.isRunning }
  var stdout: String { files.read(files.stdout) }
  var stderr: String { files.read(files.stderr) }

  /// Sends text to the child's stdin. A child that already exited makes the
  /// write fail (SIGPIPE is ignored by the harness); the caller sees the exit.
  func send(_ text: String) {
    guard process.isRunning else { return }
    try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
  }

  /// Ends the child's input: psql runs what it was sent, then exits.
  func closeInput() {
    try? input.fileHandleForWriting.close()
  }

  /// Polls stdout until a line starting with `marker` appears; returns that
  /// line, or nil when the child exits first or `timeout` passes.
  func waitForLine(startingWith marker: String, timeout: Duration) async throws -> String? {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
      let running = process.isRunning
      if let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) { return String(line) }
      if !running { return nil }
      try await Task.sleep(for: .milliseconds(5))
    }
    return nil
  }

  /// Closes stdin and waits (polling, without blocking a thread) for the exit.
  func finish(timeout: Duration = .seconds(30)) async throws -> ProcessResult {
    try? input.fileHandleForWriting.close()
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while process.isRunning {
      if clock.now >= deadline {
        process.terminate()
        throw HarnessError("psql session did not exit within \(timeout); stderr: \(stderr)")
      }
      try await Task.sleep(for: .milliseconds(5))
    }
    let result = ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    closeHandles()
    return result
  }
}

/// Three temporary files for one child's stdin, stdout and stderr.
private struct CaptureFiles {
  let directory: URL
  var stdin: URL { directory.appendingPathComponent("stdin") }
  var stdout: URL { directory.appendingPathComponent("stdout") }
  var stderr: URL { directory.appendingPathComponent("stderr") }

  init() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("cslint-live-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for file in [stdin, stdout, stderr] {
      guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
        throw HarnessError("cannot create \(file.path)")
      }
    }
  }

  func read(_ file: URL) -> String {
    guard let data = FileManager.default.contents(atPath: file.path) else { return "" }
    return String(decoding: data, as: UTF8.self)
  }

  func remove() {
    try? FileManager.default.removeItem(at: directory)
  }
}
