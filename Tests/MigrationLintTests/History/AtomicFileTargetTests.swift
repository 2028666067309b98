import Foundation
import MigrationLint
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `AtomicFile.write` (used by `--output` and `cslint fix`) on targets that
/// are not plain files: `-o /dev/null` once replaced the device with a file.
@Suite("AtomicFile targets")
struct AtomicFileTargetTests {
  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "cslint-atomic-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("a FIFO is written into, not replaced by a regular file")
  func fifoStaysAFIFO() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let fifo = directory + "/report.pipe"
    try #require(mkfifo(fifo, 0o600) == 0)
    // A reader first, so that opening the FIFO for writing does not block.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    try #require(reader >= 0)
    defer { close(reader) }
    try AtomicFile.write(Array("report\n".utf8), to: fifo)
    var status = stat()
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    var buffer = [UInt8](repeating: 0, count: 16)
    let count = read(reader, &buffer, buffer.count)
    #expect(count == 7 && Array(buffer.prefix(7)) == Array("report\n".utf8))
  }

  @Test("through a symlink the target file is replaced and the link kept")
  func symlinkIsKept() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let target = directory + "/real.sql"
    let link = directory + "/link.sql"
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    try #require(symlink(target, link) == 0)
    try AtomicFile.write(Array("new".utf8), to: link)
    var status = stat()
    #expect(lstat(link, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
  }
}
