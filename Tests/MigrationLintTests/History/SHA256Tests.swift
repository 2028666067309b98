import Foundation
import Testing

@testable import MigrationLint

@Suite("SHA256")
struct SHA256Tests {
  /// FIPS 180-4 example messages with their published digests (NIST CSRC
  /// "Cryptographic Standards and Guidelines: Examples with Intermediate Values").
  static let vectors: [(name: String, message: [UInt8], digest: String)] = [
    ("empty", [], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "448 bits", Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "896 bits",
      Array(
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
          + "mnopqrstnopqrstu").utf8),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
    (
      "one million a", [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    ),
  ]

  @Test("NIST vectors, in one call", arguments: 0..<vectors.count)
  func nistVector(_ index: Int) {
    let vector = Self.vectors[index]
    #expect(SHA256.hex(of: vector.message) == vector.digest, "\(vector.name)")
  }

  /// Feeding the same message in uneven pieces (crossing block boundaries at
  /// every offset class) must give the same digest.
  @Test("NIST vectors, streamed in uneven chunks", arguments: 0..<vectors.count)
  func nistVectorStreamed(_ index: Int) {
    let vector = Self.vectors[index]
    for chunkSize in [1, 3, 55, 56, 63, 64, 65, 1000] {
      var hasher = SHA256()
      var offset = 0
      while offset < vector.message.count {
        let end = min(offset + chunkSize, vector.message.count)
        hasher.update(vector.message[offset..<end])
        offset = end
      }
      #expect(SHA256.hexString(hasher.finalize()) == vector.digest, "\(vector.name), chunks of \(chunkSize)")
    }
  }

  @Test func finalizeDoesNotConsumeTheHasher() {
    var hasher = SHA256()
    hasher.update("ab")
    _ = hasher.finalize()
    hasher.update("c")
    #expect(SHA256.hexString(hasher.finalize()) == Self.vectors[1].digest)
  }

  /// Every length from 0 to 130 bytes (all padding cases) against `sha256sum`.
  @Test func paddingBoundariesMatchSha256sum() throws {
    try withTemporaryDirectory { directory in
      var paths: [String] = []
      var expected: [String] = []
      for length in 0...130 {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let path = directory + "/\(length).bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        paths.append(path)
        expected.append(SHA256.hex(of: bytes))
      }
      #expect(try sha256sum(paths) == expected)
    }
  }

  /// Every file of ../shared/corpus (all folders) against `sha256sum`.
  @Test func corpusMatchesSha256sum() throws {
    guard let corpus = try sharedCorpus() else { return }
    var paths: [String] = []
    let enumerator = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
      if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { paths.append(url.path) }
    }
    paths.sort()
    try #require(!paths.isEmpty)
    var compared = 0
    var mismatches: [String] = []
    for start in stride(from: 0, to: paths.count, by: 400) {
      let batch = Array(paths[start..<min(start + 400, paths.count)])
      let reference = try sha256sum(batch)
      try #require(reference.count == batch.count)
      for (path, digest) in zip(batch, reference) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        if SHA256.hex(of: bytes) != digest { mismatches.append(path) }
        compared += 1
      }
    }
    print("SHA256: compared \(compared) corpus files with sha256sum, \(mismatches.count) mismatches")
    #expect(mismatches.isEmpty, "differs from sha256sum: \(mismatches.prefix(10))")
    #expect(compared == paths.count)
  }

  /// Digests printed by `sha256sum --zero`, in argument order.
  private func sha256sum(_ paths: [String]) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", "--zero", "--"] + paths
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "sha256sum failed")
    // Each record: "<64 hex>  <path>\0"; --zero disables escaping of names.
    return data.split(separator: 0).map { String(decoding: $0.prefix(64), as: UTF8.self) }
  }
}
