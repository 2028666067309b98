import CSLintTestSupport
import Foundation
import PostgresSyntax
import Testing

/// The example Supabase project under Examples/ is what the README runs
/// cslint on; later rules lint it, so it must at least scan cleanly.
@Suite("Example project")
struct ExampleProjectTests {
  static let directory = TestPaths.packageRoot.appendingPathComponent("Examples/supabase/migrations")

  static var files: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".sql") }.sorted()
  }

  @Test("migration files are named <14-digit version>_<name>.sql, 5 to 8 of them")
  func names() {
    let files = Self.files
    #expect((5...8).contains(files.count), "\(files)")
    for name in files {
      let version = name.prefix(while: \.isNumber)
      #expect(version.count == 14 && name.dropFirst(14).hasPrefix("_"), "\(name)")
    }
  }

  @Test("every example migration lexes without errors and has statements")
  func scansCleanly() throws {
    for name in Self.files {
      let data = try #require(FileManager.default.contents(atPath: Self.directory.appendingPathComponent(name).path))
      let scanned = ScannedFile(source: SourceFile(path: name, bytes: [UInt8](data)))
      #expect(scanned.errors == [], "\(name)")
      #expect(!scanned.statements.isEmpty, "\(name)")
      #expect(scanned.statements.allSatisfy { !$0.isMetaCommand }, "\(name)")
    }
  }
}
