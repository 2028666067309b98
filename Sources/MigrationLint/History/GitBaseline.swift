import Dispatch
import FoundationEssentials
import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The migration files present at a git revision: git mode (`--base REF`)
/// treats them as applied, so a pull request that edits or deletes an
/// existing migration fails CI without any ledger.
///
/// Read with the `git` executable (`rev-parse`, `ls-tree`, `cat-file --batch`):
/// bytes exactly as committed. With `core.autocrlf` or clean/smudge filters
/// the working copy can differ from the blob; such a file is reported as
/// edited (as whitespace-only when only line endings differ).
public struct GitBaseline: Sendable {
  public let ref: String
  /// The files under the migrations directory at `ref`; `path` is joined to
  /// the migrations directory as the user gave it.
  public let files: [MigrationFile]

  /// The files at `ref` as applied migrations.
  public var appliedSet: AppliedSet { AppliedSet(ref: ref, files: files) }

  /// Reads the `.sql` files under `migrationsDirectory` as they are at `ref`.
  /// - Throws: `HistoryError.notAGitRepository`, `.unknownRef`, `.gitNotFound`
  ///   or `.gitFailed`.
  public static func load(migrationsDirectory: String, ref: String) throws -> GitBaseline {
    let git = try Git(directory: migrationsDirectory)
    let commit = try git.resolve(ref)
    let prefix = try git.prefix()
    // -z: names verbatim (no quoting of unusual characters).
    let listing = try git.run(["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix.isEmpty ? "." : prefix])
    var names: [String] = []
    var objects: [String] = []
    for record in listing.split(separator: 0) {
      // "<mode> SP <type> SP <object> TAB <path>"
      guard let tab = record.firstIndex(of: 0x09) else { continue }
      let header = record[record.startIndex..<tab].split(separator: 0x20)
      let fullPath = String(decoding: record[(tab + 1)...], as: UTF8.self)
      guard header.count == 3, header[1].elementsEqual("blob".utf8), !header[0].elementsEqual("120000".utf8),
        fullPath.hasPrefix(prefix)
      else { continue }
      let name = String(fullPath.dropFirst(prefix.count))
      let components = name.split(separator: "/")
      guard let last = components.last, MigrationFile.isMigrationName(String(last)),
        !components.contains(where: { $0.hasPrefix(".") })
      else { continue }
      names.append(name)
      objects.append(String(decoding: header[2], as: UTF8.self))
    }
    let contents = try git.blobs(objects)
    var files = zip(names, contents).map { name, bytes in
      MigrationFile(path: join(migrationsDirectory, name), relativeName: name, bytes: bytes)
    }
    files.sort { $0.relativeName.utf8Precedes($1.relativeName) }
    return GitBaseline(ref: ref, files: files)
  }

  /// Files under `directory` that are new or modified in the working tree
  /// compared with `ref` (tracked changes, staged or not, plus untracked files
  /// that are not ignored), as paths joined to `directory`. For `--changed-only`.
  public static func changedFiles(in directory: String, comparedTo ref: String) throws -> [String] {
    let git = try Git(directory: directory)
    let commit = try git.resolve(ref)
    let changed = try git.run([
      "diff", "--name-only", "-z", "--no-renames", "--diff-filter=AMT", "--relative", commit, "--", ".",
    ])
    let untracked = try git.run(["ls-files", "-z", "--others", "--exclude-standard", "--", "."])
    var names = Set<String>()
    for output in [changed, untracked] {
      for name in output.split(separator: 0) where !name.isEmpty {
        names.insert(String(decoding: name, as: UTF8.self))
      }
    }
    return names.sorted { $0.utf8Precedes($1) }.map { join(directory, $0) }
  }
}

/// A git work tree, driven through the `git` executable.
private struct Git {
  let executable: String
  let directory: String

  init(directory: String) throws {
    guard let executable = ProcessRunner.executable(named: "git") else { throw HistoryError.gitNotFound }
    guard DirectoryListing.isDirectory(directory) else {
      throw HistoryError.io(path: directory, message: "no such directory")
    }
    self.executable = executable
    self.directory = directory
    let inside = try ProcessRunner.run(executable, ["-C", directory, "rev-parse", "--is-inside-work-tree"])
    guard inside.status == 0, inside.stdout.starts(with: "true".utf8) else {
      throw HistoryError.notAGitRepository(
        path: directory, detail: inside.stderr.isEmpty ? "not a work tree" : firstLine(inside.stderr))
    }
  }

  /// The commit id `ref` names.
  func resolve(_ ref: String) throws -> String {
    guard !ref.hasPrefix("-") else { throw HistoryError.unknownRef(ref: ref, detail: "a revision cannot start with -") }
    let result = try ProcessRunner.run(
      executable, ["-C", directory, "rev-parse", "--verify", "--quiet", ref + "^{commit}"])
    guard result.status == 0 else {
      throw HistoryError.unknownRef(
        ref: ref, detail: result.stderr.isEmpty ? "no such commit" : firstLine(result.stderr))
    }
    return String(decoding: result.stdout, as: UTF8.self).trimmingWhitespace
  }

  /// The directory's path relative to the top of the work tree, ending in `/` (or empty).
  func prefix() throws -> String {
    var bytes = try run(["rev-parse", "--show-prefix"])
    while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
  }

  func run(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
    // `git -C`, not a working directory for the child: no chdir in the
    // spawn, which a statically linked binary cannot look up.
    let result = try ProcessRunner.run(executable, ["-C", directory] + arguments, input: input)
    guard result.status == 0 else {
      throw HistoryError.gitFailed(
        command: "git " + arguments.joined(separator: " "), detail: firstLine(result.stderr))
    }
    return result.stdout
  }

  /// The contents of blobs, in order, read by one `git cat-file --batch`.
  func blobs(_ objects: [String]) throws -> [[UInt8]] {
    guard !objects.isEmpty else { return [] }
    let output = try run(["cat-file", "--batch"], input: Array((objects.joined(separator: "\n") + "\n").utf8))
    var result: [[UInt8]] = []
    var index = 0
    for object in objects {
      // "<object> blob <size>\n<contents>\n"
      guard index < output.count, let newline = output[index...].firstIndex(of: 0x0A) else { break }
      let header = output[index..<newline].split(separator: 0x20)
      guard header.count == 3, let size = Int(String(decoding: header[2], as: UTF8.self)),
        newline + 1 + size <= output.count
      else {
        throw HistoryError.gitFailed(command: "git cat-file --batch", detail: "unexpected output for \(object)")
      }
      result.append(Array(output[(newline + 1)..<(newline + 1 + size)]))
      index = newline + 1 + size + 1
    }
    guard result.count == objects.count else {
      throw HistoryError.gitFailed(command: "git cat-file --batch", detail: "output ended early")
    }
    return result
  }
}

private func firstLine(_ text: String) -> String {
  String(text.split(separator: "\n").first ?? "")
}
