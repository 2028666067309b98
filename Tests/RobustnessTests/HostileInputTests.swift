import Foundation
import Testing

/// Issue 21: the hostile inputs of the robustness probe, generated here
/// (mutants of the sample migrations from `Mutation`, plus the shapes that
/// were once slow or produced unbounded output), linted by the binary as one
/// folder and file by file. Every run ends within a fixed budget (generous,
/// for a debug build on a loaded machine: a quadratic path at these sizes
/// takes minutes), reports every file, and keeps its output bounded.
@Suite("Hostile inputs: bounded time and output, every file reported", .serialized)
struct HostileInputTests {
  /// Seconds for one run of the whole folder, and for all single-file runs together.
  static let budget = 120.0

  static func files() -> [(name: String, bytes: [UInt8])] {
    var generator = SplitMix64(seed: 2_100)
    var files: [(String, [UInt8])] = []
    func add(_ label: String, _ bytes: [UInt8]) {
      let index = files.count
      let time = String(format: "%02d%02d%02d", index / 3600, index / 60 % 60, index % 60)
      files.append(("20240102\(time)_\(label).sql", bytes))
    }
    add("nul_bytes", [UInt8](repeating: 0, count: 100_000))
    add("random_bytes", (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
    add(
      "latin1_text", Array(String(repeating: "comment on table t is 'caf", count: 1).utf8) + [0xE9] + Array("';\n".utf8)
    )
    add("unterminated_quote", Array("select 'never closed;\nselect 2;\n".utf8))
    add("unterminated_dollar", Array("do $$ begin perform 1;\n".utf8))
    add(
      "deep_select",
      Array(
        ("select " + String(repeating: "(", count: 50_000) + "1" + String(repeating: ")", count: 50_000) + ";\n").utf8))
    add(
      "deep_check",
      Array(
        ("create table d (c int check (" + String(repeating: "(", count: 50_000) + "c > 0"
          + String(repeating: ")", count: 50_000) + "));\n").utf8))
    add(
      "wide_alter",
      Array(
        ("create table w (id int);\nalter table w "
          + (0..<3_000).map { "add column c\($0) int not null" }.joined(separator: ", ") + ";\n").utf8))
    add(
      "unnamed_indexes",
      Array(("create table u (id int);\n" + String(repeating: "create index on u (id);\n", count: 10_000)).utf8))
    add(
      "tables_then_do",
      Array(
        ((0..<3_000).map { "create table t\($0) (id int primary key);\n" }.joined()
          + String(repeating: "do $$ begin perform 1; end $$;\n", count: 3_000)).utf8))
    add(
      "long_name_do",
      Array(
        ("create table \"" + String(repeating: "n", count: 200_000) + "\" (id int);\n"
          + String(repeating: "do $$ begin perform 1; end $$;\n", count: 20_000)).utf8))
    add("many_bad_statements", Array(String(repeating: "select 1\u{0};\n", count: 5_000).utf8))
    for (index, sample) in SampleMigrations.all.prefix(4).enumerated() {
      for mutant in Mutation.mutants(of: Array(sample.utf8), seed: UInt64(index) &+ 77, count: 3) {
        add("mutant", mutant.bytes)
      }
    }
    return files
  }

  @Test("the whole folder, then each file alone")
  func folderAndSingleFiles() throws {
    try #require(CLIRunner.binary != nil)
    let project = try FaultProject()
    defer { project.remove() }
    let files = Self.files()
    for file in files { try project.write(file.name, file.bytes) }
    let names = files.map(\.name) + [FaultProject.before, FaultProject.after]

    var start = Date()
    let folder = try project.lint()
    let folderSeconds = Date().timeIntervalSince(start)
    #expect(folder.status == 1, "\(folder.stderr)")
    #expect(folderSeconds < Self.budget, "the folder took \(folderSeconds) s")
    #expect(Set(folder.reported.keys).isSuperset(of: names), "missing: \(Set(names).subtracting(folder.reported.keys))")
    #expect(folder.stdout.utf8.count < 40_000_000, "the JSON report is \(folder.stdout.utf8.count) bytes")
    #expect(folder.reported["\(files[0].name)"] == ["syntax-error"], "NUL bytes: one finding")
    #expect(folder.reported["\(files[1].name)"] == ["syntax-error"], "random bytes: one finding")

    start = Date()
    for file in files {
      let result = try CLIRunner.cslint(
        ["lint", "--format", "json", "supabase/migrations/\(file.name)"], in: project.root)
      #expect(result.status <= 1, "\(file.name): \(result.stderr)")
      #expect(result.reported[file.name] != nil, "\(file.name) not reported")
    }
    let singleSeconds = Date().timeIntervalSince(start)
    #expect(singleSeconds < Self.budget, "the single-file runs took \(singleSeconds) s")
  }
}
