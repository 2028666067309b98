import CSLintTestSupport
import Foundation
import Testing

@Suite("Live-test harness")
struct HarnessTests {
  @Test("the throwaway server is private and fast", arguments: await PostgresInstalls.targetMajors())
  func serverSettings(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let rows = try await server.client.rows(
      "SELECT current_setting('listen_addresses'), current_setting('fsync'), current_setting('server_version_num');")
    #expect(rows.first?[0] == "")
    #expect(rows.first?[1] == "off")
    #expect(rows.first.flatMap { Int($0[2]) }.map { $0 / 10_000 } == major)
    let attributes = try FileManager.default.attributesOfItem(atPath: server.directory)
    #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
  }

  @Test(
    "the Supabase stub provides roles, auth, storage and default privileges",
    arguments: await PostgresInstalls.targetMajors())
  func supabaseStub(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let roles = try await server.client.rows(
      """
      SELECT rolname FROM pg_roles
      WHERE rolname IN ('anon', 'authenticated', 'service_role', 'supabase_admin', 'authenticator')
      ORDER BY rolname;
      """)
    #expect(roles.map { $0[0] } == ["anon", "authenticated", "authenticator", "service_role", "supabase_admin"])

    let claims = #"{"sub": "6f1c2a8e-0b1d-4c55-9a7e-3d2f0c9b8a71", "role": "authenticated", "email": "a@example.com"}"#
    let auth = try await server.client.rows(
      """
      SET request.jwt.claims = \(claims.sqlLiteral);
      SELECT auth.uid()::text, auth.role(), auth.jwt() ->> 'email', auth.email();
      """)
    #expect(auth.first == ["6f1c2a8e-0b1d-4c55-9a7e-3d2f0c9b8a71", "authenticated", "a@example.com", "a@example.com"])

    // A migration's typical first steps: a profile table referencing auth.users,
    // RLS, a policy using auth.uid(), a storage bucket. Rolled back afterwards.
    let migration = try await server.client.rows(
      """
      BEGIN;
      CREATE TABLE public.profiles (
        id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
        name text DEFAULT (auth.jwt() -> 'user_metadata' ->> 'name'),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
      CREATE POLICY own_profile ON public.profiles FOR ALL TO authenticated USING ((SELECT auth.uid()) = id);
      INSERT INTO storage.buckets (id, name, public) VALUES ('avatars', 'avatars', true);
      INSERT INTO storage.objects (bucket_id, name) VALUES ('avatars', 'u1/me.png');
      SELECT has_table_privilege('anon', 'public.profiles', 'SELECT'),
             has_table_privilege('service_role', 'public.profiles', 'DELETE'),
             (SELECT path_tokens::text FROM storage.objects WHERE name = 'u1/me.png'),
             (storage.foldername('u1/me.png'))[1],
             extensions.uuid_generate_v4() IS NOT NULL;
      ROLLBACK;
      """)
    #expect(migration.first == ["t", "t", "{u1,me.png}", "u1", "t"])
  }

  @Test("observations: locks, rewrites, failures", arguments: await PostgresInstalls.targetMajors())
  func observerBasics(major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let observer = LiveObserver(server: server)
    let setup = "CREATE TABLE t (id int PRIMARY KEY, a int); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;"
    #expect(try await observer.strongestLock(during: "SELECT count(*) FROM t", setup: setup) == .accessShare)
    #expect(try await observer.strongestLock(during: "UPDATE t SET a = a + 1", setup: setup) == .rowExclusive)
    #expect(try await observer.strongestLock(during: "SELECT 1", setup: setup) == nil)
    #expect(try await observer.rewrites("VACUUM FULL t", setup: setup))
    #expect(try await !observer.rewrites("UPDATE t SET a = 0", setup: setup))
    #expect(try await observer.fails("SELECT 1", setup: setup) == nil)
    let failure = try await observer.fails("INSERT INTO t VALUES (1, 1)", setup: setup)
    #expect(failure?.contains("duplicate key value violates unique constraint") == true)
    // A statement that never waits cannot be observed "while blocked": that is
    // an error, never a silent "no lock".
    await #expect(throws: HarnessError.self) {
      try await observer.strongestLock(during: "SELECT count(*) FROM t", setup: setup, concurrently: true)
    }
  }

  @Test("cleanup.sh --stale removes servers whose test process is gone, and only those")
  func cleanupStale() async throws {
    let base = TestPaths.scratchURL("cleanup")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    // A pid that certainly exited: a finished child of ours.
    let finished = Process()
    finished.executableURL = URL(fileURLWithPath: "/bin/true")
    try finished.run()
    finished.waitUntilExit()
    let stale = base.appendingPathComponent("cslint-pg.15.dead")
    let live = base.appendingPathComponent("cslint-pg.15.live")
    let foreign = base.appendingPathComponent("cslint-pg.15.foreign")  // no owner.pid: not ours
    for directory in [stale, live, foreign] {
      try FileManager.default.createDirectory(
        at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
    }
    try "\(finished.processIdentifier)\n".write(
      to: stale.appendingPathComponent("owner.pid"), atomically: true, encoding: .utf8)
    try "\(getpid())\n".write(to: live.appendingPathComponent("owner.pid"), atomically: true, encoding: .utf8)
    var environment = ProcessInfo.processInfo.environment
    environment["CSLINT_PG_TMP"] = base.path
    let result = try await Subprocess.run(
      "/bin/bash", [ThrowawayServer.cleanupScript, "--stale"], environment: environment)
    #expect(result.succeeded)
    #expect(!FileManager.default.fileExists(atPath: stale.path))
    #expect(FileManager.default.fileExists(atPath: live.path))
    #expect(FileManager.default.fileExists(atPath: foreign.path))
  }

  #if os(Linux)
    @Test("running subprocesses does not leak file descriptors")
    func noDescriptorLeak() async throws {
      func openDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
      }
      _ = try await Subprocess.run("/bin/true", [])
      let before = try openDescriptors()
      // 400 runs: a leak of even one descriptor per run shows as +400, far
      // above what concurrently running tests (CLI subprocesses, servers)
      // hold at any moment.
      for _ in 0..<400 { _ = try await Subprocess.run("/bin/echo", ["x"], stdin: "input") }
      let session = try InteractiveProcess("/bin/cat", [], environment: [:])
      session.send("hello\n")
      #expect(try await session.waitForLine(startingWith: "hello", timeout: .seconds(10)) == "hello")
      #expect(try await session.finish().succeeded)
      // Other tests run concurrently and hold descriptors of their own.
      #expect(try openDescriptors() < before + 100)
    }
  #endif

  @Test(
    "server versions parse",
    arguments: [
      ("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n", "15.18", 15),
      ("postgres (PostgreSQL) 18.6\n", "18.6", 18),
      ("postgres (PostgreSQL) 19beta1\n", "19beta1", 19),
    ])
  func versionParsing(output: String, text: String, major: Int) {
    let parsed = PostgresInstall.parseVersion(output)
    #expect(parsed?.text == text)
    #expect(parsed?.major == major)
  }
}
