/// Where snapshots of replayed schemas are kept between runs (the CLI's
/// `.cslint_cache/`). The pipeline does no cache I/O itself: it hands the
/// store keys and bytes. A store must treat every failure as a miss (load)
/// or as nothing done (store, prune); it never throws.
public protocol ReplayCacheStore: Sendable {
  /// The keys stored for `folder` (a migrations folder as the run names it).
  func keys(folder: String) -> Set<String>
  /// The entry stored under `key`, nil when absent or unreadable.
  func load(folder: String, key: String) -> [UInt8]?
  /// Stores an entry (atomically: readers see the old entry, the new one or none).
  func store(folder: String, key: String, bytes: [UInt8])
  /// Bounds the folder's entries; never removes one of `keeping`.
  func prune(folder: String, keeping: Set<String>)
  /// What the cache did, for `--verbose`.
  func note(_ message: String)
  /// The SHA-256 and size of each file, in order, stopping before the first
  /// that cannot be read. A store may remember them by file stamp (size,
  /// times, inode) so that unchanged files are not read again.
  func contentHashes(folder: String, paths: [String], read: (String) -> [UInt8]?) -> [(hash: [UInt8], size: Int)]
}

extension ReplayCacheStore {
  /// Reads and hashes every file.
  public func contentHashes(
    folder: String, paths: [String], read: (String) -> [UInt8]?
  ) -> [(hash: [UInt8], size: Int)] {
    var result: [(hash: [UInt8], size: Int)] = []
    for path in paths {
      guard let bytes = read(path) else { break }
      result.append((SHA256.hash(bytes), bytes.count))
    }
    return result
  }
}

/// The replay cache of a run: when a file is linted alone, the earlier
/// migrations of its folder are replayed for context (issue 21); their
/// replayed `SchemaState` is stored, keyed by a chain hash over the files
/// (relative name, content hash and whether the file is applied, in replay
/// order) and everything else the replay's result depends on, so that the
/// next run loads the longest stored prefix and replays only the rest.
public struct ReplayCache: Sendable {
  public var store: any ReplayCacheStore
  /// Identifies the build of cslint (version, executable): a rebuilt
  /// linter may replay differently, so it never reads another's entries.
  public var buildIdentity: String
  /// A snapshot is stored after every `max(checkpointBytes, context bytes
  /// / 8)` bytes of replayed files (and after the last one), so that an
  /// edit of an earlier file replays from the checkpoint before it, while
  /// a folder keeps at most about nine entries.
  public var checkpointBytes: Int

  public init(store: any ReplayCacheStore, buildIdentity: String, checkpointBytes: Int = 1 << 20) {
    self.store = store
    self.buildIdentity = buildIdentity
    self.checkpointBytes = checkpointBytes
  }

  /// The first link of every chain: what the replay depends on besides the files.
  func seed(settings: LintSettings) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(
      "cslint replay cache\u{1F}format \(SchemaSnapshot.formatVersion)\u{1F}build \(buildIdentity)"
        + "\u{1F}postgres \(settings.postgresVersion)\u{1F}runner \(settings.runner.rawValue)")
    return hasher.finalize()
  }

  /// The key of the prefix that ends with a file, from the key before it.
  static func link(_ previous: [UInt8], name: String, contentHash: [UInt8], unapplied: Bool) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(previous)
    hasher.update("\(name.utf8.count):\(name)\u{1F}\(unapplied ? "unapplied" : "applied")\u{1F}")
    hasher.update(contentHash)
    return hasher.finalize()
  }

  static func name(_ chain: [UInt8]) -> String { SHA256.hexString(Array(chain.prefix(16))) }
}

/// One folder's use of the cache during the context replay of `LintPipeline.lint`.
struct ReplayCacheRun {
  let cache: ReplayCache
  let folder: String
  /// The context files' chain keys as first read (key i: files 0...i);
  /// stops before the first file that cannot be read.
  private var keys: [[UInt8]] = []
  private let seed: [UInt8]
  private let threshold: Int
  private var bytesSinceCheckpoint = 0
  /// The chain over the files actually replayed (their bytes, not the first read's).
  private var chain: [UInt8]
  private var replayedCount = 0
  private var stored: Set<String> = []
  private var broken = false
  private let unapplied: (String) -> Bool
  private let relativeName: (String) -> String

  /// Hashes the context files (reading each with `read`).
  init(
    cache: ReplayCache, folder: String, context: [String], settings: LintSettings, read: (String) -> [UInt8]?,
    unapplied: @escaping (String) -> Bool
  ) {
    self.cache = cache
    self.folder = folder
    self.unapplied = unapplied
    relativeName = { MigrationFile.relativeName(of: $0, in: folder) }
    seed = cache.seed(settings: settings)
    chain = seed
    var previous = seed
    var total = 0
    for (path, file) in zip(context, cache.store.contentHashes(folder: folder, paths: context, read: read)) {
      total += file.size
      previous = ReplayCache.link(
        previous, name: relativeName(path), contentHash: file.hash, unapplied: unapplied(path))
      keys.append(previous)
    }
    threshold = max(cache.checkpointBytes, total / 8, 1)
  }

  /// The longest stored prefix that decodes: how many context files it
  /// covers and the schema after them (nil: none).
  mutating func load() -> (count: Int, schema: SchemaState)? {
    let present = cache.store.keys(folder: folder)
    for index in keys.indices.reversed() {
      let name = ReplayCache.name(keys[index])
      guard present.contains(name) else { continue }
      guard let bytes = cache.store.load(folder: folder, key: name),
        let schema = SchemaSnapshot.decode(bytes, key: name), schema.fileIndex == index
      else {
        cache.store.note("replay cache: ignored an unreadable or invalid entry for \(index + 1) files of '\(folder)'")
        continue
      }
      chain = keys[index]
      replayedCount = index + 1
      stored.insert(name)
      cache.store.note(
        "replay cache: loaded \(index + 1) of \(keys.count) earlier files of '\(folder)' from the cache")
      return (index + 1, schema)
    }
    if !keys.isEmpty { cache.store.note("replay cache: no entry for the earlier files of '\(folder)'") }
    return nil
  }

  /// After the context file at `path` (bytes `bytes`) was replayed onto
  /// `schema`: extends the chain, stores a checkpoint when due. `isLast`:
  /// it is the last context file.
  mutating func replayed(path: String, bytes: [UInt8], schema: SchemaState, isLast: Bool) {
    guard !broken else { return }
    chain = ReplayCache.link(
      chain, name: relativeName(path), contentHash: SHA256.hash(bytes), unapplied: unapplied(path))
    replayedCount += 1
    bytesSinceCheckpoint += bytes.count
    if isLast || bytesSinceCheckpoint >= threshold {
      bytesSinceCheckpoint = 0
      let name = ReplayCache.name(chain)
      cache.store.store(folder: folder, key: name, bytes: SchemaSnapshot.encode(schema, key: name))
      stored.insert(name)
    }
  }

  /// A context file could not be read: nothing after it is stored.
  mutating func skipped() { broken = true }

  /// Bounds the folder's entries, keeping this chain's.
  func finish() {
    guard !stored.isEmpty else { return }
    var keeping = stored
    for key in keys { keeping.insert(ReplayCache.name(key)) }
    cache.store.prune(folder: folder, keeping: keeping)
  }
}
