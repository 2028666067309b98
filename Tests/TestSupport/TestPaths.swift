import Foundation
import Testing

/// Paths and rules shared by every test target: where the package and the
/// third-party corpus live, and what a missing corpus means.
public enum TestPaths {
  /// The package root, found from this file's path (`Tests/TestSupport/<file>`),
  /// so tests run from any working directory.
  public static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `../shared/corpus` beside the package root. It is read in place, never
  /// copied into the repository (licences).
  public static let sharedCorpus = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/corpus")

  /// True when `CI=true`: CI must run the corpus tests, so there a missing
  /// corpus is a failure rather than a skip.
  public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// `../shared/corpus/<subfolder>` (the corpus itself when `subfolder` is
  /// empty) if it is a directory. Otherwise a recorded failure and nil when
  /// `CI=true`, else the current test is cancelled: Swift Testing reports
  /// it as skipped, with the reason (never as passed).
  public static func corpusFolder(_ subfolder: String = "") throws -> URL? {
    let url = subfolder.isEmpty ? sharedCorpus : sharedCorpus.appendingPathComponent(subfolder)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      return url
    }
    if isCI {
      Issue.record("corpus missing at \(url.path); CI=true requires it")
      return nil
    }
    try Test.cancel("skipped: the corpus is missing at \(url.path) (../shared); CI=true makes this a failure")
  }

  /// A fresh, unique URL `cslint-<prefix>-<uuid>` under the system temporary
  /// directory (not created).
  public static func scratchURL(_ prefix: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("cslint-\(prefix)-\(UUID().uuidString)")
  }

  /// Runs `body` with a freshly created scratch directory's path and removes
  /// the directory afterwards.
  @discardableResult
  public static func withTemporaryDirectory<T>(_ prefix: String, _ body: (String) throws -> T) throws -> T {
    let path = scratchURL(prefix).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
  }
}
