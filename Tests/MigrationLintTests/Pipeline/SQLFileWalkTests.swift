import Foundation
import Testing

@testable import MigrationLint

/// The one directory walk under its two policies: what `cslint lint` and the
/// ledger commands each find in the same tree.
@Suite("SQLFileWalk policies")
struct SQLFileWalkTests {
  /// Files of the tree (relative path → contents); `linked.sql` is added as
  /// a symlink to the `nested` directory.
  static let files = [
    "1_a.sql", "nested/2_b.sql", ".hidden.sql", ".dir/3_c.sql", "4_UPPER.SQL", ".5_hidden.SQL", "notes.txt",
  ]

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let policy: SQLFileWalk.Policy
    let files: [String]
    let otherCase: [String]
    var testDescription: String { name }
  }

  static let cases = [
    Case(
      name: "linting: hidden .sql kept, X.SQL apart, a .sql link to a directory listed",
      policy: .linting, files: [".hidden.sql", "1_a.sql", "linked.sql", "nested/2_b.sql"],
      otherCase: ["4_UPPER.SQL"]),
    Case(
      name: "ledger: hidden skipped, X.SQL a migration, links to directories skipped", policy: .ledger,
      files: ["1_a.sql", "4_UPPER.SQL", "nested/2_b.sql"], otherCase: []),
  ]

  @Test(arguments: cases)
  func walk(_ testCase: Case) throws {
    try withTemporaryDirectory { root in
      for name in Self.files {
        let path = root + "/" + name
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("select 1;\n".utf8).write(to: URL(fileURLWithPath: path))
      }
      try FileManager.default.createSymbolicLink(atPath: root + "/linked.sql", withDestinationPath: root + "/nested")
      let result = SQLFileWalk.walk(root, policy: testCase.policy)
      let relative = { (paths: [String]) in paths.map { SQLFileWalk.relativeName(of: $0, root: root) } }
      #expect(relative(result.files).sorted { $0.utf8Precedes($1) } == testCase.files)
      #expect(relative(result.otherCase) == testCase.otherCase)
      #expect(result.problems.isEmpty)
    }
  }

  @Test("linting reports an unlistable root; the ledger policy stays silent")
  func problems() {
    let missing = "/nonexistent-cslint-walk-\(UUID().uuidString)"
    #expect(SQLFileWalk.walk(missing, policy: .linting).problems == ["cannot list directory '\(missing)'"])
    #expect(SQLFileWalk.walk(missing, policy: .ledger).problems.isEmpty)
  }

  @Test("MigrationFile.discover and FileDiscovery agree with the walk")
  func callers() throws {
    try withTemporaryDirectory { root in
      for name in ["b.sql", "a/c.sql", "D.SQL"] {
        let path = root + "/" + name
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: path))
      }
      let ledger = try MigrationFile.discover(in: root, readContents: false).map(\.relativeName)
      #expect(ledger == ["D.SQL", "a/c.sql", "b.sql"])
      let lint = FileDiscovery.sqlFiles(in: [root])
      #expect(lint.files == [root + "/a/c.sql", root + "/b.sql"])
      #expect(lint.otherCaseSQL == [root + "/D.SQL"])
    }
  }

  @Test("subdirectories walked at once near the root give the one-at-a-time order")
  func orderWithParallelSubdirectories() throws {
    // Three levels of several subdirectories: the first two are walked on
    // all cores (`SQLFileWalk.parallelDepth`), the third one at a time.
    try withTemporaryDirectory { root in
      let names = [
        "a.sql", "a/1.sql", "a/x/2.sql", "a/y/3.sql", "a/y/p/4.sql", "a/y/q/5.sql", "b/.6.sql.tmp-42-1", "b/7.SQL",
        "b/8.sql", "c/z/w/9.sql", "c/z/v/10.sql", ".d/11.sql",
      ]
      for name in names {
        let path = root + "/" + name
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: path))
      }
      let result = SQLFileWalk.walk(root, policy: .linting)
      let relative = { (paths: [String]) in paths.map { SQLFileWalk.relativeName(of: $0, root: root) } }
      // Depth first, each directory's entries in byte order ("a" before "a.sql").
      #expect(
        relative(result.files) == [
          "a/1.sql", "a/x/2.sql", "a/y/3.sql", "a/y/p/4.sql", "a/y/q/5.sql", "a.sql", "b/8.sql", "c/z/v/10.sql",
          "c/z/w/9.sql",
        ])
      #expect(relative(result.otherCase) == ["b/7.SQL"])
      #expect(relative(result.temporaryFiles) == ["b/.6.sql.tmp-42-1"])
      #expect(
        result.listedDirectories.map { $0 == root ? "" : SQLFileWalk.relativeName(of: $0, root: root) } == [
          "", "a", "a/x", "a/y", "a/y/p", "a/y/q", "b", "c", "c/z", "c/z/v", "c/z/w",
        ])
    }
  }
}
