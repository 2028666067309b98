import Foundation
import Testing

extension TestPaths {
  /// `../shared/seed` beside the package root: the users' migration guide
  /// (read in place at run time, never copied into the repository).
  public static let sharedSeed = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seed")

  /// The text of `../shared/seed/<name>` if it can be read. Otherwise nil: a
  /// skip on a developer machine (printed), a recorded failure when
  /// `CI=true`, like a missing corpus.
  public static func seedText(_ name: String) -> String? {
    let url = sharedSeed.appendingPathComponent(name)
    if let data = FileManager.default.contents(atPath: url.path) { return String(decoding: data, as: UTF8.self) }
    if isCI {
      Issue.record("seed file missing at \(url.path); CI=true requires it")
    } else {
      print("skipped: seed file missing at \(url.path)")
    }
    return nil
  }
}
