import CSLintTestSupport
import Foundation
import Testing

@testable import MigrationLint

/// A fresh directory under the system temporary directory, removed afterwards.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
  try TestPaths.withTemporaryDirectory("history", body)
}

/// A project with `supabase/migrations/` (or another folder) on disk.
struct Project {
  let root: String
  let migrations: String
  var naming: NamingScheme = .supabase

  init(root: String, migrationsFolder: String = "supabase/migrations", naming: NamingScheme = .supabase) throws {
    self.root = root
    self.migrations = root + "/" + migrationsFolder
    self.naming = naming
    try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
  }

  var ledgerPath: String { migrations + "/cslint.lock" }

  func path(_ name: String) -> String { migrations + "/" + name }

  func write(_ name: String, _ text: String) throws {
    try write(name, bytes: Array(text.utf8))
  }

  func write(_ name: String, bytes: [UInt8]) throws {
    let full = path(name)
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: full))
  }

  func read(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
  }

  func remove(_ name: String) throws {
    try FileManager.default.removeItem(atPath: path(name))
  }

  func rename(_ name: String, to newName: String) throws {
    try FileManager.default.moveItem(atPath: path(name), toPath: path(newName))
  }

  @discardableResult
  func update(only: [String]? = nil) throws -> LedgerUpdateResult {
    try Ledger.update(migrationsDirectory: migrations, naming: naming, only: only)
  }

  func check(baseRef: String? = nil) throws -> [Diagnostic] {
    try HistoryChecker.run(migrationsDirectory: migrations, baseRef: baseRef, naming: naming)
  }
}

extension Array where Element == Diagnostic {
  func with(rule: String) -> [Diagnostic] { filter { $0.ruleID == rule } }
}

/// Runs git for test setup, isolated from the user's and system configuration.
@discardableResult
func git(_ arguments: [String], in directory: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["git"] + arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  var environment = ProcessInfo.processInfo.environment
  environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
  environment["GIT_CONFIG_NOSYSTEM"] = "1"
  environment["GIT_AUTHOR_NAME"] = "Test"
  environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
  environment["GIT_COMMITTER_NAME"] = "Test"
  environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
  process.environment = environment
  let output = Pipe()
  process.standardOutput = output
  process.standardError = output
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let text = String(decoding: data, as: UTF8.self)
  guard process.terminationStatus == 0 else {
    throw GitSetupError(description: "git \(arguments.joined(separator: " ")) failed: \(text)")
  }
  return text
}

struct GitSetupError: Error, CustomStringConvertible {
  var description: String
}

/// Makes `root` a git repository with one commit of everything in it, on branch `main`.
func initRepository(_ root: String) throws {
  try git(["init", "-q", "-b", "main"], in: root)
  try git(["add", "-A"], in: root)
  try git(["commit", "-q", "-m", "initial"], in: root)
}

/// The package root (for `../shared`).
let packageRoot = TestPaths.packageRoot

/// `../shared/corpus` when present. When absent, says so and returns nil, or
/// records a failure when `CI=true` (CI must not silently skip).
func sharedCorpus() throws -> URL? { try TestPaths.corpusFolder() }
