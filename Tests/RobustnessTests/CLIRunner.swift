import CSLintTestSupport
import Foundation

/// Runs the built `cslint` binary as a subprocess, the way users and CI do.
enum CLIRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
    /// The report when `--format json` was used: path → rule ids, in order.
    var reported: [String: [String]] {
      guard let data = stdout.data(using: .utf8),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let files = object["files"] as? [[String: Any]]
      else { return [:] }
      var result: [String: [String]] = [:]
      for file in files {
        guard let path = file["path"] as? String else { continue }
        let diagnostics = file["diagnostics"] as? [[String: Any]] ?? []
        result[(path as NSString).lastPathComponent] = diagnostics.compactMap { $0["rule"] as? String }
      }
      return result
    }
  }

  /// Generous: the slowest fault test needs a few seconds in a debug build.
  static let hangGuardSeconds = 300.0

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// `cslint` beside the running test bundle (so a sanitizer or release
  /// build tests its own binary), else `<package root>/.build/debug/cslint`.
  /// `swift test` builds executable products too, so it is normally present.
  static var binary: URL? {
    var candidates: [URL] = []
    if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("cslint"))
    }
    candidates.append(RobustCorpus.packageRoot.appendingPathComponent(".build/debug/cslint"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// True when this process can read any file regardless of its mode (root).
  static var ignoresPermissions: Bool { geteuid() == 0 }

  /// `runuser`, for running the binary as an unprivileged user when we are
  /// root; nil when it is missing or does not work here.
  static let runuser: String? = {
    guard ignoresPermissions else { return nil }
    for path in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
    where FileManager.default.isExecutableFile(atPath: path) {
      let probe = try? run(executable: path, ["-u", "nobody", "--", "/bin/true"], in: URL(fileURLWithPath: "/"))
      if probe?.status == 0 { return path }
    }
    return nil
  }()

  /// Runs `cslint arguments` in `directory`, optionally as user `nobody`.
  static func cslint(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:], asNobody: Bool = false
  ) throws -> Result {
    guard let binary else {
      throw Failure(description: "cslint binary not found; run `swift build` (swift test builds it too)")
    }
    if asNobody {
      guard let runuser else { throw Failure(description: "runuser is not available") }
      return try run(
        executable: runuser, ["-u", "nobody", "--", binary.path] + arguments, in: directory, environment: environment)
    }
    return try run(executable: binary.path, arguments, in: directory, environment: environment)
  }

  /// The replay cache of this test process (see `run`).
  static let replayCacheDirectory = TestPaths.scratchURL("replay-cache").path

  /// Runs a process to completion. Output goes to temporary files rather
  /// than pipes, so a large report cannot fill a pipe and block the child;
  /// every handle is closed before returning.
  static func run(
    executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]
  ) throws -> Result {
    let scratch = TestPaths.scratchURL("cli")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let input = FileHandle(forReadingAtPath: "/dev/null")
    defer {
      try? out.close()
      try? err.close()
      try? input?.close()
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var variables = ProcessInfo.processInfo.environment
    variables["NO_COLOR"] = "1"
    variables.removeValue(forKey: "GITHUB_ACTIONS")
    // The replay cache of every test run lives in a temporary directory,
    // never in the tree a test runs in (a test passes "" for the default).
    variables["CSLINT_CACHE_DIR"] = replayCacheDirectory
    for (key, value) in environment { variables[key] = value }
    process.environment = variables
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // A hang guard, not a timing assertion: a run that never ends (e.g.
    // blocked opening a FIFO) is killed and reported instead of stalling
    // the whole test run.
    let deadline = Date().addingTimeInterval(hangGuardSeconds)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    let hung = process.isRunning
    if hung {
      kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    let stdout = (try? Data(contentsOf: outURL)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let stderr = (try? Data(contentsOf: errURL)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    if hung {
      return Result(
        status: -1, stdout: stdout, stderr: stderr + "\n[killed: still running after \(hangGuardSeconds) s]")
    }
    return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
  }
}
