import CSLintTestSupport
import Foundation
import PostgresSyntax
import Testing

@testable import MigrationLint

/// `LintPipeline.planSplits` on awkward files: it never crashes, and a split
/// only moves text: the pieces, in order, hold the original's SQL (with the
/// fixes' insertions), nothing lost, nothing duplicated, nothing reordered.
@Suite("SplitPlanner")
struct SplitPlannerTests {
  static let inputs: [String] = [
    // A block comment opened on the line a statement ends, spanning lines.
    "ALTER TABLE orders ADD COLUMN IF NOT EXISTS a int; /* about\nthe index */\nCREATE INDEX i ON orders (a);\n",
    // No final semicolon, no final newline.
    "ALTER TABLE orders ADD COLUMN IF NOT EXISTS a int;\nCREATE INDEX i ON orders (a)",
    // Dollar quotes and semicolons inside strings.
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\nCREATE INDEX i ON orders ((';'));\nSELECT ';';\n",
    // Three indexes in a row, each between other statements.
    "SELECT 1;\nCREATE INDEX a ON t (a);\nCREATE INDEX b ON t (b);\nSELECT 2;\nDROP INDEX c;\nSELECT 3;\n",
    // Multi-byte text and CRLF.
    "-- ünïcødé 🚀\r\nSELECT 'é';\r\n-- 🚀 index\r\nCREATE INDEX é_idx ON t (a);\r\nSELECT 'ü';\r\n",
    // An unterminated comment: a syntax error, never split.
    "SELECT 1;\nCREATE INDEX i ON t (a);\n/* never closed",
    // A constraint without a name (nothing to VALIDATE by name): only the index moves.
    "SELECT 'x';\nALTER TABLE t ADD CHECK (a > 0);\nCREATE INDEX i ON t (a);\n",
    // Everything at once.
    """
    ALTER TYPE s ADD VALUE 'x';
    UPDATE t SET s = 'x'::s;
    ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);
    CREATE INDEX CONCURRENTLY j ON t (b);
    ALTER TABLE t ADD CONSTRAINT d CHECK (b > 0) NOT VALID;
    ALTER TABLE t VALIDATE CONSTRAINT d;

    """,
    // A NUL byte: a syntax error, never split.
    "SELECT '\u{0}';\nCREATE INDEX i ON t (a);\nSELECT 2;\n",
  ]

  /// The inputs with a syntax error.
  static let broken: Set<Int> = [5, 8]

  /// The SQL without whitespace, comments kept (they move with statements).
  static func squeezed(_ bytes: [UInt8]) -> [UInt8] {
    bytes.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
  }

  @Test(arguments: inputs.indices)
  func onlyMovesText(_ index: Int) throws {
    let text = Self.inputs[index]
    try TestPaths.withTemporaryDirectory("split-planner") { root in
      let directory = root + "/supabase/migrations"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let path = directory + "/20240102000000_orders.sql"
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      let pipeline = LintPipeline(linter: Linter())
      let plan = pipeline.planSplits(
        FolderJob(folder: MigrationFolder(directory: directory, files: [path], isFullyDiscovered: true)))
      #expect(plan.refusals.isEmpty, "\(plan.refusals)")
      // Every input but the one with a syntax error has something to move.
      #expect(Self.broken.contains(index) || plan.changes.count >= 2, "\(plan.changes.map(\.path))")
      guard let edited = plan.changes.first else { return }
      #expect(edited.path == path && edited.original == Array(text.utf8))
      // The new files, minus the generated VALIDATE file, after the original.
      let moved = plan.changes.dropFirst().filter { !$0.path.hasSuffix("_validate_constraints.sql") }
      var joined = edited.bytes
      for change in moved { joined += change.bytes }
      // The original with only the words fixes insert: CONCURRENTLY and NOT VALID.
      var expected = Self.squeezed(Array(text.utf8))
      var got = Self.squeezed(joined)
      for word in ["CONCURRENTLY", "NOTVALID"] {
        got = Self.removing(Array(word.utf8), from: got)
        expected = Self.removing(Array(word.utf8), from: expected)
      }
      #expect(got == expected, "pieces: \(plan.changes.map { String(decoding: $0.bytes, as: UTF8.self) })")
      // Every new file is named after the original, with a later version.
      for change in plan.changes.dropFirst() {
        let name = String(change.path.split(separator: "/").last ?? "")
        #expect(name > "20240102000000_orders.sql" && name.hasPrefix("202401020000"), "\(name)")
      }
    }
  }

  static func removing(_ word: [UInt8], from bytes: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    var index = 0
    while index < bytes.count {
      if index + word.count <= bytes.count, bytes[index..<(index + word.count)].elementsEqual(word) {
        index += word.count
      } else {
        result.append(bytes[index])
        index += 1
      }
    }
    return result
  }

  @Test("a file with a syntax error (an unterminated comment, a NUL byte) is never split")
  func nothingToSplit() throws {
    for index in Self.broken.sorted() {
      let text = Self.inputs[index]
      try TestPaths.withTemporaryDirectory("split-planner") { root in
        let directory = root + "/supabase/migrations"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/20240102000000_orders.sql"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let plan = LintPipeline(linter: Linter()).planSplits(
          FolderJob(folder: MigrationFolder(directory: directory, files: [path], isFullyDiscovered: true)))
        #expect(plan.isEmpty)
      }
    }
  }
}
