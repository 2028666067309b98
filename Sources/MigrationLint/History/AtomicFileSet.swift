import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes several files as one change (`cslint fix --split`): all of them or
/// none.
///
/// 1. Every target is checked first: an existing file goes through
///    `FixTarget` (no read-only file, no symbolic or hard link without
///    `--follow-symlinks`), a new file must not exist yet.
/// 2. Every new content is written to a temporary file beside its target
///    and flushed to disk. A failure here leaves every target untouched.
/// 3. The temporary files are moved in: new files first (`link`, which
///    refuses to replace a file that appeared meanwhile), edited files last
///    (`rename`). If a step fails, the steps already done are undone: new
///    files are unlinked, replaced files get their old bytes back.
///
/// The guarantee holds against errors (a full disk, a permission, a name
/// taken meanwhile), not against a crash or power loss in the middle of
/// step 3: then some new files may exist while the original is unchanged
/// (run `cslint lint` to see them; delete them and run the split again).
public enum AtomicFileSet {
  /// One file of the change.
  public struct Write: Sendable, Equatable {
    public var path: String
    public var bytes: [UInt8]
    /// The current bytes of an existing file (restored on rollback); nil for
    /// a file that must not exist yet.
    public var original: [UInt8]?

    public init(path: String, bytes: [UInt8], original: [UInt8]?) {
      self.path = path
      self.bytes = bytes
      self.original = original
    }
  }

  /// Writes `writes` all or nothing (see the type); throws `HistoryError`
  /// naming the file that failed, after undoing what was done.
  public static func write(_ writes: [Write], followSymlinks: Bool, projectRoot: String) throws {
    // 1. Decide every target before touching anything.
    var targets: [FixTarget.Decision] = []
    for write in writes {
      if write.original != nil {
        let decision = FixTarget.decide(write.path, followSymlinks: followSymlinks, projectRoot: projectRoot)
        if case .refused(let reason) = decision { throw HistoryError.io(path: write.path, message: reason) }
        targets.append(decision)
      } else {
        var info = stat()
        if lstat(write.path, &info) == 0 { throw HistoryError.io(path: write.path, message: "it already exists") }
        targets.append(.replace(write.path))
      }
    }
    // 2. Temporary files (in-place targets are written at commit time).
    var temporaries: [String?] = []
    defer {
      for case let temporary? in temporaries { unlink(temporary) }
    }
    for (write, target) in zip(writes, targets) {
      guard case .replace(let path) = target else {
        temporaries.append(nil)
        continue
      }
      temporaries.append(try temporaryCopy(write.bytes, for: path, keepModeOf: write.original != nil ? path : nil))
    }
    // 3. Move in: new files, then edited ones; undo on failure.
    var done: [(Write, FixTarget.Decision)] = []
    let order =
      writes.indices.filter { writes[$0].original == nil } + writes.indices.filter { writes[$0].original != nil }
    var step = 0
    for index in order {
      let write = writes[index]
      step += 1
      do {
        if injectedFailure(at: step) {
          throw HistoryError.io(path: write.path, message: "injected failure (CSLINT_TEST_FAIL_SPLIT_STEP=\(step))")
        }
        switch targets[index] {
        case .replace(let path):
          guard let temporary = temporaries[index] else { continue }
          if write.original == nil {
            guard link(temporary, path) == 0 else { throw posixError(path, "cannot create the file") }
            unlink(temporary)
          } else {
            guard rename(temporary, path) == 0 else { throw posixError(path, "cannot replace the file") }
          }
          temporaries[index] = nil
        case .inPlace(let path):
          try AtomicFile.writeInPlace(write.bytes, to: path, truncate: true)
        case .refused(let reason):
          throw HistoryError.io(path: write.path, message: reason)
        }
        done.append((write, targets[index]))
      } catch {
        rollback(done)
        throw error
      }
    }
    var directories = Set<String>()
    for write in writes { directories.insert(parentDirectory(of: write.path)) }
    for directory in directories {
      let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
      if descriptor >= 0 {
        _ = fsync(descriptor)
        close(descriptor)
      }
    }
  }

  /// Undoes committed steps, newest first: unlink new files, restore the
  /// old bytes of replaced ones.
  private static func rollback(_ done: [(Write, FixTarget.Decision)]) {
    for (write, target) in done.reversed() {
      switch (write.original, target) {
      case (nil, .replace(let path)): unlink(path)
      case (let original?, .replace(let path)): try? AtomicFile.write(original, to: path)
      case (let original?, .inPlace(let path)): try? AtomicFile.writeInPlace(original, to: path, truncate: true)
      default: break
      }
    }
  }

  /// `.NAME.tmp-PID-N` beside `path` (the pattern `FixTarget` cleans up
  /// after an interrupted run), written and flushed.
  private static func temporaryCopy(_ bytes: [UInt8], for path: String, keepModeOf existing: String?) throws -> String {
    let directory = parentDirectory(of: path)
    let base = path.split(separator: "/").last.map(String.init) ?? path
    let temporary = join(directory, ".\(base).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    var info = stat()
    let mode: mode_t? = existing.flatMap { stat($0, &info) == 0 ? info.st_mode & 0o7777 : nil }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw posixError(temporary, "cannot create a temporary file") }
    var succeeded = false
    defer {
      close(fd)
      if !succeeded { unlink(temporary) }
    }
    if let mode, fchmod(fd, mode) != 0 { throw posixError(temporary, "cannot set permissions") }
    guard FileBytes.writeAll(bytes, to: fd) else { throw posixError(temporary, "cannot write") }
    guard fsync(fd) == 0 else { throw posixError(temporary, "cannot flush to disk") }
    succeeded = true
    return temporary
  }

  /// Fault injection for the tests: `CSLINT_TEST_FAIL_SPLIT_STEP=N` fails
  /// the N-th move of step 3.
  private static func injectedFailure(at step: Int) -> Bool {
    ProcessInfo.processInfo.environment["CSLINT_TEST_FAIL_SPLIT_STEP"].flatMap { Int($0) } == step
  }

  private static func posixError(_ path: String, _ what: String) -> HistoryError {
    HistoryError.io(path: path, message: "\(what): \(String(cString: strerror(errno)))")
  }
}
