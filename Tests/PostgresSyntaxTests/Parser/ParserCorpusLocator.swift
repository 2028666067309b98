import Foundation
import Testing

/// Finds `../shared/corpus` relative to the package root (located from this
/// file's path), so corpus tests run from any working directory.
enum ParserCorpusLocator {
  /// The package root: three levels above `Tests/PostgresSyntaxTests/Parser/`.
  static func packageRoot(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
  }

  /// `../shared/corpus`, or nil when it is missing. A missing corpus is a
  /// skip on a developer machine and a failure on CI (`CI=true`), where the
  /// figures are part of the acceptance.
  static func corpus() -> URL? {
    let url = packageRoot().deletingLastPathComponent().appendingPathComponent("shared/corpus")
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      return url
    }
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record("corpus missing at \(url.path); CI=true requires it")
    } else {
      print("skipped: corpus missing at \(url.path)")
    }
    return nil
  }
}
