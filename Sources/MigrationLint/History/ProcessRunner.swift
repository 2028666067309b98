import Dispatch
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs an executable and collects its output without deadlocking on full
/// pipes (`posix_spawn` and pipes, so the tool needs no full Foundation).
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
      if access(candidate, X_OK) == 0 && !DirectoryListing.isDirectory(candidate) { return candidate }
    }
    return nil
  }

  /// Runs `executable` with `arguments`, feeding `input` to its
  /// standard input. stdout is read on this thread while stdin is written and
  /// stderr read on others, so no pipe can fill up and block both sides.
  static func run(_ executable: String, _ arguments: [String], input: [UInt8] = []) throws -> Output {
    var stdinPipe: [Int32] = [-1, -1]
    var stdoutPipe: [Int32] = [-1, -1]
    var stderrPipe: [Int32] = [-1, -1]
    // Close-on-exec, and no other spawn from this process in between: a
    // child spawned by another thread must not inherit these ends (it would
    // keep our pipes open, and a child waiting for its stdin to close would
    // wait forever).
    pthread_mutex_lock(spawnLock)
    var locked = true
    defer { if locked { pthread_mutex_unlock(spawnLock) } }
    guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
      for fd in stdinPipe + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
      throw HistoryError.io(path: executable, message: "cannot run: no pipes (\(String(cString: strerror(errno))))")
    }
    for fd in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    close(stdinPipe[0])
    close(stdoutPipe[1])
    close(stderrPipe[1])
    pthread_mutex_unlock(spawnLock)
    locked = false
    guard spawned == 0 else {
      close(stdinPipe[1])
      close(stdoutPipe[0])
      close(stderrPipe[0])
      throw HistoryError.io(path: executable, message: "cannot run: \(String(cString: strerror(spawned)))")
    }
    let group = DispatchGroup()
    let errorBox = BytesBox()
    let errorFD = stderrPipe[0]
    DispatchQueue.global().async(group: group) {
      errorBox.bytes = readAll(errorFD)
      close(errorFD)
    }
    let inputFD = stdinPipe[1]
    DispatchQueue.global().async(group: group) {
      // A failed write means the reader is gone (e.g. git exited early).
      FileBytes.writeAll(input, to: inputFD)
      close(inputFD)
    }
    let output = readAll(stdoutPipe[0])
    close(stdoutPipe[0])
    group.wait()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Output(
      status: exitStatus, stdout: output, stderr: String(decoding: errorBox.bytes, as: UTF8.self).trimmingWhitespace)
  }

  /// Held from creating a child's pipes until they are closed in the parent.
  // nonisolated(unsafe): the pointer is set once and never changes; the
  // pthread mutex it points to is what synchronizes the threads using it.
  nonisolated(unsafe) private static let spawnLock: UnsafeMutablePointer<pthread_mutex_t> = {
    let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(lock, nil)
    return lock
  }()

  private static func readAll(_ fd: Int32) -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      result.append(contentsOf: chunk[0..<count])
    }
    return result
  }

  /// Written by one thread before `DispatchGroup.wait` returns on another.
  private final class BytesBox: @unchecked Sendable {
    var bytes: [UInt8] = []
  }
}
