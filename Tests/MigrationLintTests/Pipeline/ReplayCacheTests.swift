import CSLintTestSupport
import Foundation
import PostgresSyntax
import Testing

@testable import MigrationLint

/// A replay cache in memory that records what the pipeline asked of it.
final class MemoryReplayStore: ReplayCacheStore, @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: [UInt8]] = [:]
  private(set) var notes: [String] = []
  private(set) var writes = 0

  func keys(folder: String) -> Set<String> { lock.withLock { Set(entries.keys) } }
  func load(folder: String, key: String) -> [UInt8]? { lock.withLock { entries[key] } }
  func store(folder: String, key: String, bytes: [UInt8]) {
    lock.withLock {
      entries[key] = bytes
      writes += 1
    }
  }
  func prune(folder: String, keeping: Set<String>) {}
  func note(_ message: String) { lock.withLock { notes.append(message) } }
  /// Changes every stored entry with `damage`.
  func damageAll(_ damage: ([UInt8]) -> [UInt8]) { lock.withLock { entries = entries.mapValues(damage) } }
  var entryCount: Int { lock.withLock { entries.count } }
  func clearNotes() { lock.withLock { notes.removeAll() } }
}

/// Issue 21, item 5: the context replay of a file linted alone is cached
/// between runs; the cache must never change a finding.
@Suite("Replay cache")
struct ReplayCacheTests {
  /// Lints `file` alone (its earlier siblings replayed for context), the
  /// way `cslint lint FILE` plans it; returns the JSON report and the files
  /// the pipeline read and parsed.
  static func lint(
    _ file: String, cache: ReplayCache?, ledger: String? = nil
  ) -> (report: String, prepared: [String]) {
    let plan = LintPlan(paths: [file], configuration: Configuration(), runner: .supabase, replaysSiblings: true)
    var options = LintPipeline.Options(runnerIsExplicit: false, ledgerPath: ledger)
    options.replayCache = cache
    let pipeline = LintPipeline(linter: Linter(), options: options)
    var prepared: [String] = []
    let reports = pipeline.collect(
      plan.jobs,
      prepare: { paths in
        prepared += paths
        return LintPipeline.prepareSerially(paths)
      })
    let report = LintReport(files: reports, rules: RuleRegistry.descriptions, toolVersion: "test")
    return (report.rendered(as: .json), prepared)
  }

  static func sqlFiles(_ directory: URL) -> [String] {
    let found = FileDiscovery.sqlFiles(in: [directory.path]).files
    return found.filter { !$0.hasSuffix("cslint.lock") }
  }

  static func write(_ files: [String: String], in directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
  }

  /// Migrations that leave state in every part of `SchemaState` rules read:
  /// tables, constraints, indexes, policies, privileges, functions with
  /// trigger row references, views, enums, extensions, schemas.
  static let generated: [String: String] = {
    var files: [String: String] = [:]
    for index in 0..<12 {
      let name = String(format: "202401010000%02d_step.sql", index)
      files[name] = """
        create schema if not exists s\(index % 3);
        create extension if not exists pgcrypto;
        create type mood\(index) as enum ('a', 'b');
        alter type mood\(index) add value 'c';
        create table t\(index) (id bigint primary key, owner uuid, v text, m mood\(index), parent bigint references t\(max(0, index - 1))(id));
        alter table t\(index) add constraint t\(index)_v_check check (v is not null) not valid;
        create index t\(index)_v_idx on t\(index) (v);
        create index on t\(index) (owner);
        alter table t\(index) enable row level security;
        create policy p\(index) on t\(index) for select to authenticated using (owner = auth.uid());
        grant select on t\(index) to anon;
        revoke all on t\(index) from public;
        create view v\(index) as select id, v from t\(index);
        create function f\(index)() returns trigger language plpgsql security definer as $$
        begin NEW.missing_\(index) := 1; NEW.v := lower(NEW.v); return NEW; end $$;
        revoke execute on function f\(index)() from public;
        \(index % 4 == 3 ? "drop table t\(index - 2) cascade;" : "alter table t\(index) rename column v to v2;")
        \(index % 5 == 4 ? "do $$ begin execute 'alter table t\(index) add column z int'; end $$;" : "")
        """
    }
    files["20250101000000_new.sql"] = """
      create trigger tr before insert on t11 for each row execute function f3();
      alter table t10 add column w int not null;
      create unique index t5_v_idx2 on t5 (v2);
      alter table t9 validate constraint t9_v_check;
      alter type mood2 add value 'd';
      insert into t4 select * from t3;
      """
    return files
  }()

  @Test("findings are byte-identical with a cold cache, a warm cache and no cache, on every file of the examples")
  func examplesIdentical() throws {
    let roots = ["Examples/supabase/migrations", "Examples/supabase-security/unsafe/supabase/migrations"]
    for root in roots {
      let files = Self.sqlFiles(TestPaths.packageRoot.appendingPathComponent(root))
      #expect(files.count >= 8)
      let store = MemoryReplayStore()
      let cache = ReplayCache(store: store, buildIdentity: "test", checkpointBytes: 0)
      for file in files {
        let fresh = Self.lint(file, cache: nil).report
        let cold = Self.lint(file, cache: cache)
        let warm = Self.lint(file, cache: cache)
        #expect(cold.report == fresh, "\(file)")
        #expect(warm.report == fresh, "\(file)")
        // Warm: only the linted file is read and parsed.
        #expect(warm.prepared.count == 1, "\(file): \(warm.prepared)")
      }
      #expect(store.entryCount > 0)
    }
  }

  @Test("a generated folder: identical findings, cross-file ones included, from every prefix")
  func generatedIdentical() throws {
    let directory = TestPaths.scratchURL("replay-cache")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.write(Self.generated, in: directory)
    let files = Self.sqlFiles(directory)
    let store = MemoryReplayStore()
    let cache = ReplayCache(store: store, buildIdentity: "test", checkpointBytes: 0)
    let newFile = directory.appendingPathComponent("20250101000000_new.sql").path
    let fresh = Self.lint(newFile, cache: nil).report
    // The new file's findings depend on the earlier files' state.
    for rule in ["trigger-references-unknown-column", "adding-required-column"] {
      #expect(fresh.contains("\"\(rule)\""), "\(rule) missing from \(fresh)")
    }
    #expect(Self.lint(newFile, cache: cache).report == fresh)
    let warm = Self.lint(newFile, cache: cache)
    #expect(warm.report == fresh)
    #expect(warm.prepared == [newFile])
    // Every earlier file alone, cold then warm, against a fresh replay.
    for file in files {
      let expected = Self.lint(file, cache: nil).report
      #expect(Self.lint(file, cache: cache).report == expected, "\(file)")
      #expect(Self.lint(file, cache: cache).report == expected, "\(file)")
    }
  }

  @Test("editing file k of n: the files before k come from the cache, the rest are replayed")
  func partialPrefix() throws {
    let directory = TestPaths.scratchURL("replay-cache-edit")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.write(Self.generated, in: directory)
    let files = Self.sqlFiles(directory).filter { !$0.hasSuffix("_new.sql") }
    let newFile = directory.appendingPathComponent("20250101000000_new.sql").path
    let store = MemoryReplayStore()
    let cache = ReplayCache(store: store, buildIdentity: "test", checkpointBytes: 0)
    _ = Self.lint(newFile, cache: cache)
    let k = 7
    let edited = files[k]
    try (String(contentsOfFile: edited, encoding: .utf8) + "\nalter table t3 add column late int;\n").write(
      toFile: edited, atomically: true, encoding: .utf8)
    store.clearNotes()
    let after = Self.lint(newFile, cache: cache)
    #expect(after.report == Self.lint(newFile, cache: nil).report)
    // Checkpoints lie every eighth of the folder's bytes: the last one at or
    // before the edited file is loaded, the files after it replayed.
    let loaded = store.notes.compactMap { note -> Int? in
      guard let range = note.range(of: "loaded ") else { return nil }
      return Int(note[range.upperBound...].prefix { $0.isNumber })
    }
    #expect(loaded.count == 1, "\(store.notes)")
    let count = loaded.first ?? 0
    #expect(count > 0 && count <= k && count >= k - 2, "\(store.notes)")
    #expect(after.prepared == Array(files[count...]) + [newFile])
    // And the next run loads everything again.
    #expect(Self.lint(newFile, cache: cache).prepared == [newFile])
  }

  @Test("the applied set is part of the key: a ledger change is a miss, never a stale state")
  func ledgerChangesKey() throws {
    let directory = TestPaths.scratchURL("replay-cache-ledger")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.write(Self.generated, in: directory)
    let newFile = directory.appendingPathComponent("20250101000000_new.sql").path
    let store = MemoryReplayStore()
    let cache = ReplayCache(store: store, buildIdentity: "test")
    _ = Self.lint(newFile, cache: cache)
    let files = Self.sqlFiles(directory).filter { !$0.hasSuffix("_new.sql") }
    // A ledger that lists only the first half as applied.
    let ledger = directory.appendingPathComponent("cslint.lock").path
    let entries = try files.prefix(6).map { path in
      let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
      return LedgerEntry(
        recording: MigrationFile(path: path, relativeName: (path as NSString).lastPathComponent, bytes: bytes),
        naming: .supabase)
    }
    try Data(Ledger(entries: entries).serialized(naming: .supabase)).write(to: URL(fileURLWithPath: ledger))
    let expected = Self.lint(newFile, cache: nil, ledger: ledger)
    let cold = Self.lint(newFile, cache: cache, ledger: ledger)
    #expect(cold.report == expected.report)
    #expect(cold.prepared.count == files.count + 1)
    #expect(Self.lint(newFile, cache: cache, ledger: ledger).report == expected.report)
  }

  @Test("a corrupt, truncated or foreign-version entry is a miss, with the same findings")
  func damagedEntries() throws {
    let directory = TestPaths.scratchURL("replay-cache-damage")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.write(Self.generated, in: directory)
    let newFile = directory.appendingPathComponent("20250101000000_new.sql").path
    let expected = Self.lint(newFile, cache: nil).report
    let damages: [(String, ([UInt8]) -> [UInt8])] = [
      (
        "flipped byte",
        { bytes in
          var bytes = bytes
          bytes[bytes.count / 2] ^= 0x40
          return bytes
        }
      ),
      ("truncated", { Array($0.prefix($0.count - 3)) }),
      ("empty", { _ in [] }),
      (
        "other version",
        { bytes in
          var bytes = bytes
          bytes[8] &+= 1
          return bytes
        }
      ),
      ("trailing bytes", { $0 + [0] }),
    ]
    for (name, damage) in damages {
      let store = MemoryReplayStore()
      let cache = ReplayCache(store: store, buildIdentity: "test", checkpointBytes: 0)
      _ = Self.lint(newFile, cache: cache)
      store.damageAll(damage)
      store.clearNotes()
      let run = Self.lint(newFile, cache: cache)
      #expect(run.report == expected, "\(name)")
      #expect(run.prepared.count == Self.sqlFiles(directory).count, "\(name): replayed from scratch")
      #expect(store.notes.contains { $0.contains("ignored") }, "\(name): \(store.notes)")
    }
  }

  @Test("another build identity or PostgreSQL version never reads the entries")
  func identityChangesKey() throws {
    let directory = TestPaths.scratchURL("replay-cache-identity")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.write(Self.generated, in: directory)
    let newFile = directory.appendingPathComponent("20250101000000_new.sql").path
    let store = MemoryReplayStore()
    _ = Self.lint(newFile, cache: ReplayCache(store: store, buildIdentity: "one"))
    #expect(Self.lint(newFile, cache: ReplayCache(store: store, buildIdentity: "one")).prepared == [newFile])
    #expect(Self.lint(newFile, cache: ReplayCache(store: store, buildIdentity: "two")).prepared.count > 1)
    let seed15 = ReplayCache(store: store, buildIdentity: "one").seed(settings: LintSettings(postgresVersion: 15))
    let seed17 = ReplayCache(store: store, buildIdentity: "one").seed(settings: LintSettings(postgresVersion: 17))
    #expect(seed15 != seed17)
  }

  @Test("a snapshot restores every stored property of the state")
  func roundTrip() throws {
    var state = SchemaState()
    var index = 0
    for (name, text) in Self.generated.sorted(by: { $0.key < $1.key }) {
      state.beginFile(index: index)
      index += 1
      state.unappliedFiles.insert(index - 1)
      state.replay(SourceFile(path: "m/" + name, text: text))
    }
    state.accessExclusiveHeld = HeldLock(
      relation: ObjectKey(schema: "public", name: "t1"), statementIndex: 3, transaction: 2)
    state.settingsBeforeSetLocal = (["a", "b"], "1s", nil)
    state.lockTimeout = "5s"
    let bytes = SchemaSnapshot.encode(state, key: "k")
    let decoded = try #require(SchemaSnapshot.decode(bytes, key: "k"))
    #expect(SchemaSnapshot.decode(bytes, key: "other") == nil)
    #expect(decoded.tables == state.tables && !state.tables.isEmpty)
    #expect(decoded.externalTables == state.externalTables)
    #expect(decoded.indexes == state.indexes && !state.indexes.isEmpty)
    #expect(decoded.indexKeysBySignature == state.indexKeysBySignature)
    #expect(decoded.generatedIndexSuffixes == state.generatedIndexSuffixes)
    #expect(decoded.tableNameIndex == state.tableNameIndex)
    #expect(state.tableNameIndex.keys.allSatisfy { decoded.tableNameFilter.contains($0) })
    #expect(decoded.functions == state.functions && state.functions.values.contains { $0.rowReferences != nil })
    #expect(decoded.views == state.views && !state.views.isEmpty)
    #expect(decoded.enums == state.enums && !state.enums.isEmpty)
    #expect(decoded.extensions == state.extensions)
    #expect(decoded.relationPrivileges == state.relationPrivileges && !state.relationPrivileges.isEmpty)
    #expect(decoded.functionPrivileges == state.functionPrivileges && !state.functionPrivileges.isEmpty)
    #expect(decoded.schemas == state.schemas)
    #expect(decoded.unappliedFiles == state.unappliedFiles)
    #expect(decoded.expandSteps == state.expandSteps)
    #expect(decoded.fileIndex == state.fileIndex)
    #expect(decoded.transactionNumber == state.transactionNumber)
    #expect(decoded.inExplicitTransaction == state.inExplicitTransaction)
    #expect(decoded.execution == state.execution)
    #expect(decoded.fileStatementCount == state.fileStatementCount)
    #expect(decoded.statementsInTransaction == state.statementsInTransaction)
    #expect(decoded.postgresVersion == state.postgresVersion)
    #expect(decoded.searchPath == state.searchPath)
    #expect(decoded.lockTimeout == state.lockTimeout)
    #expect(decoded.statementTimeout == state.statementTimeout)
    #expect(decoded.lockWaitWithoutTimeout == state.lockWaitWithoutTimeout)
    #expect(decoded.insideDoBlock == state.insideDoBlock)
    #expect(decoded.longRunWithoutTimeout == state.longRunWithoutTimeout)
    #expect(decoded.accessExclusiveHeld == state.accessExclusiveHeld)
    #expect(decoded.settingsBeforeSetLocal?.searchPath == ["a", "b"])
    #expect(decoded.settingsBeforeSetLocal?.lockTimeout == "1s")
    #expect(decoded.settingsBeforeSetLocal?.statementTimeout == nil)
  }

  /// The stored properties the snapshot writes, per type. A new property
  /// fails this test until `SchemaSnapshot+State.swift` writes it (and
  /// `SchemaSnapshot.formatVersion` is bumped).
  @Test("the snapshot covers every stored property")
  func everyStoredProperty() {
    func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
    let origin = Origin(fileIndex: 0, transaction: 0)
    let key = ObjectKey(schema: "s", name: "n")
    #expect(
      labels(SchemaState()) == [
        "catalog", "fileIndex", "transactionNumber",
        "inExplicitTransaction", "execution", "fileStatementCount", "statementsInTransaction", "postgresVersion",
        "searchPath", "lockTimeout", "statementTimeout", "lockWaitWithoutTimeout", "insideDoBlock",
        "longRunWithoutTimeout", "accessExclusiveHeld", "settingsBeforeSetLocal",
        // Transient, not written: set by a rule and taken by the replay of
        // the same statement, so nil between files.
        "pendingIndexSignature",
      ])
    #expect(
      labels(SchemaState.Catalog()) == [
        "tables", "externalTables", "indexes", "indexKeysBySignature", "generatedIndexSuffixes", "tableNameIndex",
        // Derived, not written: rebuilt from `tableNameIndex` when it is set.
        "tableNameFilter",
        "tableCount", "indexCount", "functions", "views", "enums", "extensions", "relationPrivileges",
        "functionPrivileges", "schemas", "unappliedFiles", "expandSteps",
      ])
    let table = TableInfo(
      key: key, columns: [], constraints: [], rlsEnabled: false, rlsForced: false, policies: [], origin: origin,
      isPartitioned: false, isUncertain: false)
    #expect(labels(table.storage).count == 13)
    #expect(
      labels(
        ColumnInfo(
          name: "", typeName: "", notNull: false, defaultExpression: nil, defaultIsVolatile: false, isIdentity: false,
          isGenerated: false)
      ).count == 8)
    #expect(
      labels(
        ConstraintInfo(
          name: "", kind: .check, columns: [], validated: false, referencedTable: nil, checkExpression: nil)
      )
      .count == 9)
    #expect(labels(PolicyInfo(name: "", command: "", roles: [], permissive: true)).count == 7)
    #expect(
      labels(IndexInfo(key: key, table: key, columns: [], unique: false, partial: false, origin: origin).storage).count
        == 7)
    #expect(
      labels(FunctionInfo(key: key, securityDefiner: false, setsSearchPath: false, language: nil, origin: origin))
        .count == 8)
    #expect(labels(ViewInfo(key: key, materialized: false, securityInvoker: false, origin: origin)).count == 5)
    #expect(labels(EnumInfo(key: key, values: [], origin: origin, addedValues: [:])).count == 4)
    #expect(labels(ObjectPrivileges()).count == 2)
    #expect(labels(ExpandSteps()).count == 3)
    #expect(labels(HeldLock(relation: key, statementIndex: 0, transaction: 0)).count == 4)
    #expect(labels(RowReference(record: "", column: "", range: 0..<0)).count == 3)
    #expect(
      labels(ExpandSteps.ColumnCopy(target: "", added: .init(index: 0, name: ""), filled: .init(index: 0, name: "")))
        .count == 3)
  }

  @Test("random payloads behind a valid envelope never trap the decoder")
  func hostilePayloads() {
    var generator = SystemRandomNumberGenerator()
    let valid = SchemaSnapshot.encode(SchemaState(), key: "k")
    #expect(SchemaSnapshot.decode(valid, key: "k") != nil)
    for round in 0..<300 {
      var payload = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
        UInt8.random(in: 0...255, using: &generator)
      }
      if round % 3 == 0 { payload = Array(valid.dropFirst(12).prefix(Int.random(in: 0..<40))) + payload }
      var entry = SnapshotWriter()
      entry.bytes = SchemaSnapshot.magic
      entry.fixed32(SchemaSnapshot.formatVersion)
      entry.string("k")
      entry.uint(UInt64(payload.count))
      entry.bytes += payload
      entry.fixed64(SchemaSnapshot.checksum(payload[...]))
      _ = SchemaSnapshot.decode(entry.bytes, key: "k")
    }
  }

  @Test("the content hash is XXH64 with seeds 0 and 1 (reference values of the xxhash library), on every tail length")
  func replayHashReference() {
    let cases: [([UInt8], UInt64, UInt64)] = [
      ([], 0xef46_db37_51d8_e999, 0xd5af_ba13_36a3_be4b),
      (Array("a".utf8), 0xd24e_c4f1_a98c_6e5b, 0xdec2_bc81_c3cd_46c6),
      (Array("abc".utf8), 0x44bc_2cf5_ad77_0999, 0xbea9_ca81_9932_8908),
      (Array(0..<40), 0xf5da_40f1_b117_41e9, 0x421d_36a2_ffe6_ca63),
      (Array(repeating: Array(0..<200), count: 3).flatMap { $0 }, 0x427a_ddc3_fc45_9a2b, 0x7c8b_8781_a860_8c4a),
    ]
    for (input, first, second) in cases {
      var expected: [UInt8] = []
      for word in [first, second] {
        for shift in stride(from: 0, to: 64, by: 8) {
          expected.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
        }
      }
      #expect(ReplayHash.digest(input) == expected, "\(input.count) bytes")
    }
    // One changed byte anywhere changes the digest.
    let base = Array(repeating: UInt8(ascii: "x"), count: 100)
    var digests: Set<[UInt8]> = [ReplayHash.digest(base)]
    for index in base.indices {
      var changed = base
      changed[index] = UInt8(ascii: "y")
      digests.insert(ReplayHash.digest(changed))
    }
    #expect(digests.count == base.count + 1)
  }
}
