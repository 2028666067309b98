#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension String.UTF8View {
  /// Byte-wise substring search (the standard library's generic `contains`
  /// builds a searcher per call, and Foundation's bridges to NSString).
  public func containsSubsequence(_ needle: String.UTF8View) -> Bool {
    // On both strings' own storage when they have it (native and small
    // strings): no copy of either (the copies cost about 1,000
    // instructions a call, 2.5 M on the corpus run's down-migration tests).
    // Candidates found with `memchr` on the pattern's rarest byte and checked
    // with `memcmp`: a loop over every byte cost 6 M instructions more on the
    // corpus run, `memchr` on the first byte 4 M more (paths are tested for
    // `/revert/`, and `/` is frequent in them). (`memmem` is a GNU extension
    // Glibc's module does not show.)
    func search(_ haystack: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
      guard let needle = pattern.baseAddress, !pattern.isEmpty else { return true }
      guard let text = haystack.baseAddress, haystack.count >= pattern.count else { return false }
      let commonness = String.UTF8View.commonness
      var pivot = 0
      var pivotCommonness = UInt8.max
      for index in pattern.indices where commonness[Int(pattern[index])] < pivotCommonness {
        pivot = index
        pivotCommonness = commonness[Int(pattern[index])]
      }
      let target = Int32(pattern[pivot])
      // Candidate starts are 0...last; the pivot byte sits `pivot` further.
      let last = haystack.count - pattern.count
      var start = 0
      while start <= last {
        guard let found = memchr(text + start + pivot, target, last - start + 1) else { return false }
        let candidate = (UnsafeRawPointer(found) - UnsafeRawPointer(text)) - pivot
        if memcmp(text + candidate, needle, pattern.count) == 0 { return true }
        start = candidate + 1
      }
      return false
    }
    if let found = withContiguousStorageIfAvailable({ haystack in
      needle.withContiguousStorageIfAvailable { search(haystack, $0) }
    }), let found {
      return found
    }
    let pattern = Array(needle)
    var text = String(self)
    return text.withUTF8 { haystack in pattern.withUnsafeBufferPointer { search(haystack, $0) } }
  }
}

extension String.UTF8View {
  /// How often each byte occurs in paths and SQL, roughly: higher is more
  /// frequent. Unlisted bytes (digits, capitals, most punctuation) count as
  /// rare. `containsSubsequence` looks for a pattern's rarest byte first.
  static let commonness: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 256)
    let groups: [(String, UInt8)] = [
      (" /", 30), ("_.-e", 25), ("taoin", 20), ("srhld", 15), ("cumfp", 10), ("gwyb(", 5),
    ]
    for (bytes, value) in groups {
      for byte in bytes.utf8 { table[Int(byte)] = value }
    }
    return table
  }()
}

/// Both strings' UTF-8 storage at once.
private func withUTF8Pair(
  of first: String, _ second: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool
) -> Bool {
  // In place when both have contiguous UTF-8 (native and small strings):
  // `withUTF8` needs a mutable copy of each, a retain and a release apiece
  // (2 M instructions on the corpus run, whose paths are compared by suffix).
  if let found = first.utf8.withContiguousStorageIfAvailable({ a in
    second.utf8.withContiguousStorageIfAvailable { b in body(a, b) }
  }), let found {
    return found
  }
  var first = first
  var second = second
  return first.withUTF8 { a in second.withUTF8 { b in body(a, b) } }
}

/// `memcmp` of `count` bytes at `a + offset` and `b` (true for none).
private func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, at offset: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
  guard b.count > 0, let x = a.baseAddress, let y = b.baseAddress else { return true }
  return memcmp(x + offset, y, b.count) == 0
}

extension String {
  /// Byte-wise (UTF-8, so code point) order, independent of locale and of
  /// Unicode normalization: the order paths and versions are sorted in.
  /// `memcmp` on the UTF-8 storage (the generic `lexicographicallyPrecedes`
  /// walks an iterator per byte).
  public func utf8Precedes(_ other: String) -> Bool {
    withUTF8Pair(of: self, other) { a, b in
      let common = min(a.count, b.count)
      if common > 0, let x = a.baseAddress, let y = b.baseAddress {
        let order = memcmp(x, y, common)
        if order != 0 { return order < 0 }
      }
      return a.count < b.count
    }
  }

  /// `hasPrefix` on UTF-8 bytes: no grapheme breaking or normalization, the
  /// comparison paths and file names need (and several times faster).
  public func utf8HasPrefix(_ prefix: String) -> Bool {
    withUTF8Pair(of: self, prefix) { a, b in a.count >= b.count && bytesEqual(a, at: 0, b) }
  }

  /// `hasSuffix` on UTF-8 bytes (see `utf8HasPrefix`).
  public func utf8HasSuffix(_ suffix: String) -> Bool {
    withUTF8Pair(of: self, suffix) { a, b in a.count >= b.count && bytesEqual(a, at: a.count - b.count, b) }
  }

  /// The pieces between occurrences of an ASCII `separator` byte. Unlike
  /// `split(separator: Character)` this compares bytes, not grapheme
  /// clusters: a path separator is a byte to the file system, and an ASCII
  /// byte never occurs inside a multi-byte scalar, so every piece is valid.
  public func utf8Split(separator: UInt8, omittingEmptySubsequences: Bool = true) -> [Substring] {
    var pieces: [Substring] = []
    let bytes = utf8
    var start = bytes.startIndex
    var index = start
    while index != bytes.endIndex {
      if bytes[index] == separator {
        if !omittingEmptySubsequences || start != index { pieces.append(self[start..<index]) }
        start = bytes.index(after: index)
      }
      index = bytes.index(after: index)
    }
    if !omittingEmptySubsequences || start != bytes.endIndex { pieces.append(self[start..<bytes.endIndex]) }
    return pieces
  }

  /// The text after the last `separator` byte (all of it when there is none).
  public func utf8LastComponent(separator: UInt8) -> Substring {
    guard let last = utf8.lastIndex(of: separator) else { return self[...] }
    return self[utf8.index(after: last)...]
  }

  /// Every `separator` byte replaced by `replacement` (see `utf8Split`).
  public func utf8Replacing(_ separator: UInt8, with replacement: String) -> String {
    guard utf8.contains(separator) else { return self }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count + replacement.utf8.count)
    for byte in utf8 {
      if byte == separator { bytes.append(contentsOf: replacement.utf8) } else { bytes.append(byte) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
