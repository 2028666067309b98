import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one recursive walk for `.sql` files under a directory, shared by
/// linting (`FileDiscovery`) and the ledger commands (`MigrationFile.discover`).
/// Where they differ is a `Policy`; symlinked directories are never
/// followed, so a symlink loop cannot hang the walk.
public enum SQLFileWalk {
  /// What the walk keeps and reports.
  public struct Policy: Sendable {
    /// Keep hidden names (a leading `.`) that end in `.sql`; false skips
    /// every hidden name.
    public var keepsHiddenSQL: Bool
    /// Report what cannot be listed or accessed (too deep, unlistable, a name
    /// that is not UTF-8); false skips it silently.
    public var reportsProblems: Bool
    /// Count `X.SQL` (the extension in another case) as a `.sql` file; false
    /// lists it apart (`Result.otherCase`, visible names only).
    public var acceptsAnyCaseExtension: Bool
    /// Skip a symlink whose target is a directory.
    public var skipsLinkedDirectories: Bool

    public init(
      keepsHiddenSQL: Bool, reportsProblems: Bool, acceptsAnyCaseExtension: Bool, skipsLinkedDirectories: Bool
    ) {
      self.keepsHiddenSQL = keepsHiddenSQL
      self.reportsProblems = reportsProblems
      self.acceptsAnyCaseExtension = acceptsAnyCaseExtension
      self.skipsLinkedDirectories = skipsLinkedDirectories
    }

    /// `cslint lint`: a hidden `.sql` file is still a file the user may run,
    /// nothing is dropped silently, `X.SQL` is reported by name only.
    public static let linting = Policy(
      keepsHiddenSQL: true, reportsProblems: true, acceptsAnyCaseExtension: false, skipsLinkedDirectories: false)
    /// The ledger: every visible migration, whatever the extension's case,
    /// so `invalid-migration-filename` reports `X.SQL`.
    public static let ledger = Policy(
      keepsHiddenSQL: false, reportsProblems: false, acceptsAnyCaseExtension: true, skipsLinkedDirectories: true)
  }

  public struct Result: Sendable {
    /// Paths (`path(root, relative)`), each directory's entries in byte
    /// order (callers sort the whole list as they need).
    public var files: [String] = []
    /// `X.SQL` files when the policy lists them apart, paths like `files`.
    public var otherCase: [String] = []
    /// Paths that cannot be listed or accessed, as messages.
    public var problems: [String] = []
    /// Every directory the walk listed, spelled like the files' parents.
    public var listedDirectories: [String] = []
    /// Hidden entries named like `AtomicFile`'s temporary files
    /// (`.NAME.tmp-PID-N`): candidates for `FixTarget.removeStaleTemporaryFiles`,
    /// so a run need not list every directory again to find them.
    public var temporaryFiles: [String] = []
  }

  /// Walks `root` (a directory) with `policy`.
  public static func walk(_ root: String, policy: Policy) -> Result {
    var result = Result()
    walk(root, policy: policy, into: &result, depth: 0)
    return result
  }

  /// A path the walk of `root` returned, relative to `root`.
  public static func relativeName(of path: String, root: String) -> String {
    let prefix = root.utf8.last == UInt8(ascii: "/") ? root.utf8.count : root.utf8.count + 1
    return String(decoding: path.utf8.dropFirst(prefix), as: UTF8.self)
  }

  /// `root/relative`, spelled as the lint walk always has (`./x` under `.`).
  public static func path(_ root: String, _ relative: String) -> String {
    root.utf8.last == UInt8(ascii: "/") ? root + relative : root + "/" + relative
  }

  /// `entries` in byte order of their names (stable), like sorting by
  /// `utf8Precedes`, but comparing the names' bytes gathered in one buffer:
  /// a folder of thousands of migrations is sorted on every run (twice when
  /// one file is linted: its siblings, then the history checks), and
  /// comparing `String`s costs a retain, a release and a closure each.
  static func byName(_ entries: [DirectoryListing.Entry]) -> [DirectoryListing.Entry] {
    var bytes: [UInt8] = []
    var spans: [(start: Int, count: Int)] = []
    spans.reserveCapacity(entries.count)
    for entry in entries {
      var name = entry.name
      name.withUTF8 { utf8 in
        spans.append((bytes.count, utf8.count))
        bytes.append(contentsOf: utf8)
      }
    }
    var order = Array(entries.indices)
    bytes.withUnsafeBufferPointer { buffer in
      order.sort { left, right in
        let a = spans[left]
        let b = spans[right]
        let common = min(a.count, b.count)
        if common > 0, let base = buffer.baseAddress {
          let result = memcmp(base + a.start, base + b.start, common)
          if result != 0 { return result < 0 }
        }
        return a.count != b.count ? a.count < b.count : left < right
      }
    }
    return order.map { entries[$0] }
  }

  /// Subdirectories this close to the root are listed on all cores: a run
  /// cannot start linting before the walk ends, and listing a tree of a
  /// thousand folders (one per diesel migration) took 10 ms on one core.
  static let parallelDepth = 2
  /// Deeper, a directory with this many subdirectories has them listed on
  /// all cores too: a diesel project keeps one folder per migration in one
  /// directory (`migrations/<version>_<name>/up.sql`), hundreds of them at
  /// depth 2 or 3, which one core listed alone (the corpus's three largest
  /// such trees made the walk wait for the last of them).
  static let parallelFanOut = 8

  /// What the walk does with one directory entry, decided before any
  /// subdirectory is walked (so subdirectories can be walked at once).
  private enum Step {
    case file(String)
    case otherCase(String)
    case directory(String)
    case problem(String)
    case temporaryFile(String)
  }

  private static func walk(_ directory: String, policy: Policy, into result: inout Result, depth: Int) {
    guard depth < 64 else {
      if policy.reportsProblems { result.problems.append("directory nesting too deep at '\(directory)'") }
      return
    }
    guard let entries = DirectoryListing.entries(of: directory) else {
      if policy.reportsProblems { result.problems.append("cannot list directory '\(directory)'") }
      return
    }
    result.listedDirectories.append(directory)
    var steps: [Step] = []
    var directories = 0
    for entry in byName(entries) {
      // Byte-wise: a file name is bytes to the file system (and String's
      // grapheme-aware hasPrefix/hasSuffix cost most of the walk).
      let hidden = entry.name.utf8.first == UInt8(ascii: ".")
      if hidden && FixTarget.temporaryFilePID(entry.name) != nil {
        steps.append(.temporaryFile(Self.path(directory, entry.name)))
      }
      guard !hidden || (policy.keepsHiddenSQL && entry.name.utf8HasSuffix(".sql")) else { continue }
      let path = Self.path(directory, entry.name)
      guard entry.isValidUTF8 else {
        // A name that is not valid UTF-8 cannot be opened through a String
        // path: never drop a possible migration silently.
        if policy.reportsProblems {
          steps.append(.problem("cannot access '\(path)' (its name is not valid UTF-8; rename it)"))
        }
        continue
      }
      var type = entry.type
      if type == nil {
        // The file system did not say (DT_UNKNOWN): ask.
        type = DirectoryListing.type(of: path)
        if type == nil {
          let reason = String(cString: strerror(errno))
          if policy.reportsProblems && entry.name.utf8HasSuffix(".sql") {
            steps.append(.problem("cannot access '\(path)' (\(reason))"))
          }
          continue
        }
      }
      switch type {
      case .directory:
        steps.append(.directory(path))
        directories += 1
      case .file, .symlink:
        if type == .symlink && policy.skipsLinkedDirectories && DirectoryListing.isDirectory(path) { continue }
        if entry.name.utf8HasSuffix(".sql") {
          steps.append(.file(path))
        } else if entry.name.lowercased().hasSuffix(".sql") {
          if policy.acceptsAnyCaseExtension {
            steps.append(.file(path))
          } else if !hidden {
            steps.append(.otherCase(path))
          }
        }
      default:
        break
      }
    }
    // Each subdirectory into its own result, merged below in entry order:
    // the same result as walking them one after the other.
    var walked: [Result] = []
    if directories > 1 && (depth < parallelDepth || directories >= parallelFanOut) {
      let paths = steps.compactMap { step -> String? in
        if case .directory(let path) = step { return path }
        return nil
      }
      walked = [Result](repeating: Result(), count: paths.count)
      walked.withUnsafeMutableBufferPointer { buffer in
        // nonisolated(unsafe): each iteration writes only its own index, and
        // concurrentPerform returns after every write.
        nonisolated(unsafe) let output = buffer
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
          var own = Result()
          walk(paths[index], policy: policy, into: &own, depth: depth + 1)
          output[index] = own
        }
      }
    }
    var nextWalked = 0
    for step in steps {
      switch step {
      case .file(let path): result.files.append(path)
      case .otherCase(let path): result.otherCase.append(path)
      case .problem(let message): result.problems.append(message)
      case .temporaryFile(let path): result.temporaryFiles.append(path)
      case .directory(let path):
        if nextWalked < walked.count {
          result.merge(walked[nextWalked])
          nextWalked += 1
        } else {
          walk(path, policy: policy, into: &result, depth: depth + 1)
        }
      }
    }
  }
}

extension SQLFileWalk.Result {
  /// Appends a subdirectory's walk (its lists after this one's).
  fileprivate mutating func merge(_ other: SQLFileWalk.Result) {
    files += other.files
    otherCase += other.otherCase
    problems += other.problems
    listedDirectories += other.listedDirectories
    temporaryFiles += other.temporaryFiles
  }
}

/// Finds `.sql` files under the paths a user passed, in a stable order.
public enum FileDiscovery {
  public struct Result: Sendable {
    public var files: [String]
    /// Paths that do not exist or cannot be listed, as messages.
    public var problems: [String]
    /// Files whose extension is `.sql` in another case (`X.SQL`): not
    /// linted, but the history checks report their names.
    public var otherCaseSQL: [String] = []
    /// The directories the walks listed, and the temporary files they saw
    /// there (see `SQLFileWalk.Result`).
    public var listedDirectories: Set<String> = []
    public var temporaryFiles: [String] = []
  }

  /// Files given directly are kept whatever their extension; directories are
  /// searched recursively for `*.sql` (`SQLFileWalk.Policy.linting`). Sorted
  /// by path, duplicates removed.
  public static func sqlFiles(in paths: [String]) -> Result {
    var files: [String] = []
    var problems: [String] = []
    var otherCase: [String] = []
    var listed = Set<String>()
    var temporaryFiles: [String] = []
    for path in paths {
      guard DirectoryListing.exists(path) else {
        problems.append("no such file or directory: '\(path)'")
        continue
      }
      guard DirectoryListing.isDirectory(path) else {
        files.append(path)
        continue
      }
      let walked = SQLFileWalk.walk(path, policy: .linting)
      problems += walked.problems
      files += migrationFiles(walked.files, root: path)
      otherCase += migrationFiles(walked.otherCase, root: path)
      listed.formUnion(walked.listedDirectories)
      temporaryFiles += walked.temporaryFiles
    }
    // One path cannot list a file twice (symlinked directories are not
    // followed): only several paths need the duplicates removed.
    var seen = Set<String>()
    let unique = paths.count > 1 ? files.filter { seen.insert($0).inserted } : files
    return Result(
      files: unique.sorted(by: pathOrder), problems: problems, otherCaseSQL: otherCase.sorted(by: pathOrder),
      listedDirectories: listed, temporaryFiles: temporaryFiles)
  }

  /// The files of a directory walk that are migrations: when the tree
  /// holds migrations folders (`supabase/migrations`, `db/migration`),
  /// only the files inside them. SQL beside them (`supabase/seed.sql`,
  /// tests, functions) is not migrations and is never linted as such; the
  /// pre-commit hooks' `files:` pattern says the same. A tree without any
  /// migrations folder is linted whole.
  static func migrationFiles(_ walked: [String], root: String) -> [String] {
    let base = MigrationFolder.trimmingSlash(root)
    // Files beside the one before share its answer (see `MigrationFolder.group`).
    var previous: (file: String, inside: Bool)?
    let inside = walked.filter { file in
      if let before = previous, MigrationFolder.sameParent(before.file, file) {
        previous = (file, before.inside)
        return before.inside
      }
      let isInside = MigrationFolder.folder(of: file, root: base) != base
      previous = (file, isInside)
      return isInside
    }
    return inside.isEmpty ? walked : inside
  }

  /// Byte-wise path order, so results do not depend on the locale.
  public static func pathOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8Precedes(rhs)
  }

  /// Reads a whole file with POSIX calls; nil when it cannot be read
  /// (missing, not a regular file, permission). Never throws, never blocks.
  public static func read(_ path: String) -> [UInt8]? { FileBytes.read(path) }
}
