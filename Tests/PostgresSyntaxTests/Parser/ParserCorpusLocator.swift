import CSLintTestSupport
import Foundation

/// Finds `../shared/corpus` through the shared test support.
enum ParserCorpusLocator {
  /// The package root.
  static func packageRoot() -> URL { TestPaths.packageRoot }

  /// `../shared/corpus`, or nil when it is missing. A missing corpus is a
  /// skip on a developer machine and a failure on CI (`CI=true`), where the
  /// figures are part of the acceptance.
  static func corpus() throws -> URL? { try TestPaths.corpusFolder() }
}
