import Foundation

/// Runs an executable and collects its output without deadlocking on full pipes.
enum ProcessRunner {
  struct Output: Sendable {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
  }

  /// Finds `name` on `PATH`.
  static func executable(named name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") where !directory.isEmpty {
      let candidate = join(String(directory), name)
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `executable` with `arguments` in `directory`, feeding `input` to its
  /// standard input. stdout is read on this thread while stdin is written and
  /// stderr read on others, so no pipe can fill up and block both sides.
  static func run(_ executable: String, _ arguments: [String], in directory: String?, input: [UInt8] = [])
    throws -> Output
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    do {
      try process.run()
    } catch {
      throw HistoryError.io(path: executable, message: "cannot run: \(error.localizedDescription)")
    }
    let group = DispatchGroup()
    let errorBox = DataBox()
    DispatchQueue.global().async(group: group) {
      errorBox.data = stderr.fileHandleForReading.readDataToEndOfFile()
    }
    let writer = stdin.fileHandleForWriting
    let inputData = Data(input)
    DispatchQueue.global().async(group: group) {
      if !inputData.isEmpty { try? writer.write(contentsOf: inputData) }
      try? writer.close()
    }
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: [UInt8](output),
      stderr: String(decoding: errorBox.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Written by one thread before `DispatchGroup.wait` returns on another.
  private final class DataBox: @unchecked Sendable {
    var data = Data()
  }
}
