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
  /// What the store knows of each file without reading it: its size and,
  /// when the store remembers the file unchanged since it was hashed (by
  /// file stamp: size, times, inode), its `ReplayHash`. nil: nothing known (the
  /// file is read when its hash is needed).
  func knownFiles(folder: String, paths: [String]) -> [KnownFile?]
  /// The `ReplayHash` of the files (in order) after this run read some,
  /// for `knownFiles` to return next time; `stamp`: what `knownFiles` saw
  /// before the file was read.
  func remember(folder: String, files: [(path: String, hash: [UInt8], stamp: FileStamp?)])
}

/// A file as a store knows it before reading it (see `ReplayCacheStore.knownFiles`).
public struct KnownFile: Sendable {
  public var size: Int
  public var hash: [UInt8]?
  /// The file's stamp when the store has one.
  public var stamp: FileStamp?
  public init(size: Int, hash: [UInt8]?, stamp: FileStamp? = nil) {
    self.size = size
    self.hash = hash
    self.stamp = stamp
  }
}

/// A file's stamp: what changes whenever its content may have (the change
/// time even when the size and modification time are put back).
public struct FileStamp: Equatable, Sendable {
  public var inode: Int64
  public var size: Int64
  public var modified: Int
  public var modifiedNanoseconds: Int
  public var changed: Int
  public var changedNanoseconds: Int

  public init(
    inode: Int64, size: Int64, modified: Int, modifiedNanoseconds: Int, changed: Int, changedNanoseconds: Int
  ) {
    self.inode = inode
    self.size = size
    self.modified = modified
    self.modifiedNanoseconds = modifiedNanoseconds
    self.changed = changed
    self.changedNanoseconds = changedNanoseconds
  }
}

extension ReplayCacheStore {
  /// Knows nothing: every file whose hash is needed is read.
  public func knownFiles(folder: String, paths: [String]) -> [KnownFile?] {
    Array(repeating: nil, count: paths.count)
  }
  public func remember(folder: String, files: [(path: String, hash: [UInt8], stamp: FileStamp?)]) {}
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
  /// A snapshot is stored after the last replayed file and, within the
  /// last quarter of the context's bytes, after every `max(checkpointBytes,
  /// context bytes / 8)` bytes of replayed files, so that an edit of a
  /// recent migration replays from the checkpoint before it while a run
  /// encodes at most three snapshots.
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
    return Array(hasher.finalize().prefix(ReplayHash.digestCount))
  }

  /// The key of the prefix that ends with a file, from the key before it.
  static func link(_ previous: [UInt8], name: String, contentHash: [UInt8], unapplied: Bool) -> [UInt8] {
    var input = previous
    input.reserveCapacity(previous.count + name.utf8.count + contentHash.count + 10)
    var length = UInt32(truncatingIfNeeded: name.utf8.count)
    for _ in 0..<4 {
      input.append(UInt8(truncatingIfNeeded: length))
      length >>= 8
    }
    input += name.utf8
    input.append(unapplied ? 1 : 0)
    input += contentHash
    return ReplayHash.digest(input)
  }

  static func name(_ chain: [UInt8]) -> String { SHA256.hexString(chain) }
}

/// One folder's use of the cache during the context replay of `LintPipeline.lint`.
///
/// Each context file is hashed at most once per run: by its stamp (the
/// store remembers it), by the first pass (only when the store holds
/// entries a key could match) or by the replay, which hashes the bytes it
/// replays unless they equal the first pass's. A run stores the snapshot
/// after the last file and at most two checkpoints, in the last quarter of
/// the bytes it replays (where pre-commit edits land: a migration not yet
/// applied), so a cold run costs about one snapshot encode more than no cache.
struct ReplayCacheRun {
  let cache: ReplayCache
  let folder: String
  /// The context files' chain keys as first known (key i: files 0...i);
  /// stops before the first file neither known nor read.
  private var keys: [[UInt8]] = []
  /// Each context file's `ReplayHash` when known (stamp, first pass or replay).
  private var hashes: [[UInt8]?]
  /// Whether a hash came from reading a file (then the store remembers them).
  private var learned = false
  /// The bytes the first pass read, by context index (until replayed or loaded).
  private var firstRead: [Int: [UInt8]] = [:]
  /// Each context file's stamp as the store first saw it (before any read).
  private let stamps: [FileStamp?]
  /// Bytes of the context files from each index to the end (nil: a size is unknown).
  private var bytesFrom: [Int]?
  private let present: Set<String>
  private let seed: [UInt8]
  private let threshold: Int
  private var bytesSinceCheckpoint = 0
  /// The chain over the files actually replayed (their bytes, not the first read's).
  private var chain: [UInt8]
  private var replayedCount = 0
  private var stored: Set<String> = []
  /// Whether this run stored an entry.
  private var wrote = false
  private var broken = false
  private let context: [String]
  private let unapplied: (String) -> Bool
  private let relativeName: (String) -> String

  /// Builds the keys the store may hold (reading a file only when the store
  /// does not know its hash and holds entries for the folder).
  init(
    cache: ReplayCache, folder: String, context: [String], settings: LintSettings, read: (String) -> [UInt8]?,
    unapplied: @escaping (String) -> Bool
  ) {
    self.cache = cache
    self.folder = folder
    self.context = context
    self.unapplied = unapplied
    relativeName = { MigrationFile.relativeName(of: $0, in: folder) }
    seed = cache.seed(settings: settings)
    chain = seed
    present = cache.store.keys(folder: folder)
    hashes = Array(repeating: nil, count: context.count)
    let known = cache.store.knownFiles(folder: folder, paths: context)
    stamps = known.map { $0?.stamp }
    var sizes = known.map { $0?.size }
    var previous = seed
    for (index, path) in context.enumerated() {
      var hash = index < known.count ? known[index]?.hash : nil
      if hash == nil {
        // Nothing stored: no key can match, the replay hashes the file.
        guard !present.isEmpty, let bytes = read(path) else { break }
        hash = ReplayHash.digest(bytes)
        firstRead[index] = bytes
        sizes[index] = bytes.count
        learned = true
      }
      guard let hash else { break }
      hashes[index] = hash
      previous = ReplayCache.link(previous, name: relativeName(path), contentHash: hash, unapplied: unapplied(path))
      keys.append(previous)
    }
    var total = 0
    if sizes.count == context.count, !sizes.contains(where: { $0 == nil }) {
      var from = Array(repeating: 0, count: context.count + 1)
      for index in context.indices.reversed() { from[index] = from[index + 1] + (sizes[index] ?? 0) }
      bytesFrom = from
      total = from[0]
    }
    threshold = max(cache.checkpointBytes, total / 8, 1)
  }

  /// The longest stored prefix that decodes: how many context files it
  /// covers and the schema after them (nil: none).
  mutating func load() -> (count: Int, schema: SchemaState)? {
    defer { firstRead = firstRead.filter { $0.key >= replayedCount } }
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
        "replay cache: loaded \(index + 1) of \(context.count) earlier files of '\(folder)' from the cache")
      return (index + 1, schema)
    }
    if !context.isEmpty { cache.store.note("replay cache: no entry for the earlier files of '\(folder)'") }
    return nil
  }

  /// After the context file at `path` (bytes `bytes`) was replayed onto
  /// `schema`: extends the chain, stores a checkpoint when due. `isLast`:
  /// it is the last context file.
  mutating func replayed(path: String, bytes: [UInt8], schema: SchemaState, isLast: Bool) {
    guard !broken else { return }
    let index = replayedCount
    let hash: [UInt8]
    if index < hashes.count, let first = firstRead.removeValue(forKey: index), let known = hashes[index],
      first == bytes
    {
      hash = known
    } else {
      hash = ReplayHash.digest(bytes)
      if index < hashes.count {
        if hashes[index] != hash { learned = true }
        hashes[index] = hash
      }
    }
    chain = ReplayCache.link(chain, name: relativeName(path), contentHash: hash, unapplied: unapplied(path))
    replayedCount += 1
    bytesSinceCheckpoint += bytes.count
    // Checkpoints only in the last quarter of the folder's bytes (all of
    // them when sizes are unknown).
    let late = bytesFrom.map { index + 1 < $0.count && $0[index + 1] * 4 <= $0[0] } ?? true
    if isLast || (late && bytesSinceCheckpoint >= threshold) {
      bytesSinceCheckpoint = 0
      let name = ReplayCache.name(chain)
      cache.store.store(folder: folder, key: name, bytes: SchemaSnapshot.encode(schema, key: name))
      stored.insert(name)
      wrote = true
    }
  }

  /// A context file could not be read: nothing after it is stored.
  mutating func skipped() { broken = true }

  /// Bounds the folder's entries, keeping this chain's; remembers the
  /// hashes of files read.
  func finish() {
    if learned {
      var files: [(path: String, hash: [UInt8], stamp: FileStamp?)] = []
      for (index, (path, hash)) in zip(context, hashes).enumerated() {
        guard let hash else { break }
        files.append((path, hash, index < stamps.count ? stamps[index] : nil))
      }
      cache.store.remember(folder: folder, files: files)
    }
    // Only a run that stored entries can have pushed the folder over its bound.
    guard wrote else { return }
    var keeping = stored
    if !present.isEmpty {
      for key in keys {
        let name = ReplayCache.name(key)
        if present.contains(name) { keeping.insert(name) }
      }
    }
    cache.store.prune(folder: folder, keeping: keeping)
  }
}
