#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A migration file's bytes plus a lazily built line-start table.
///
/// Source is read once as UTF-8 bytes; every position in cslint is a byte
/// offset into `bytes`. Line and column are derived on demand.
public struct SourceFile: Sendable {
  /// The path as given by the user (used in diagnostics).
  public let path: String
  /// The raw bytes of the file. Never decoded as a whole.
  public let bytes: [UInt8]
  /// Offsets of the first byte of every line; `lineStarts[0] == 0`.
  public let lineStarts: [Int]
  /// Column checkpoints inside long lines, sorted by offset: every
  /// `checkpointStride` bytes of a line longer than that, the offset and the
  /// number of characters from its line's start. `location(of:)` counts from
  /// the nearest one, so a column costs at most one stride of counting however
  /// long the line (2,000 findings on one 200 KB line stay linear).
  private let checkpoints: [(offset: Int, characters: Int)]
  static let checkpointStride = 4096

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    let (starts, longLines) = bytes.withUnsafeBufferPointer(Self.lineStarts)
    self.lineStarts = starts
    // Most files have no line that long: no pass over their lines (3 M
    // instructions on the corpus run).
    self.checkpoints = longLines ? Self.checkpoints(bytes, lineStarts: starts) : []
  }

  /// The offset of every line's first byte, and whether a line may be
  /// longer than a checkpoint stride (then the lines are searched for
  /// checkpoints).
  private static func lineStarts(_ buffer: UnsafeBufferPointer<UInt8>) -> (starts: [Int], longLines: Bool) {
    var starts: [Int] = []
    // Room for lines of 16 bytes on average: migrations' lines are short
    // (at 32, growing the array cost 2 M instructions on the corpus run).
    starts.reserveCapacity(buffer.count / 16 + 1)
    starts.append(0)
    var index = 0
    let count = buffer.count
    // No CR at all (most files): jump from LF to LF with memchr.
    if let base = buffer.baseAddress, memchr(base, 0x0D, count) == nil {
      var longest = 0
      while index < count, let found = memchr(base + index, 0x0A, count - index) {
        let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        longest = max(longest, start - index)
        index = start
        starts.append(index)
      }
      return (starts, max(longest, count - index) > checkpointStride)
    }
    while index < count {
      let byte = buffer[index]
      if byte == 0x0A {
        starts.append(index + 1)
      } else if byte == 0x0D {
        // A lone CR ends a line too; CRLF counts once.
        if index + 1 < count && buffer[index + 1] == 0x0A { index += 1 }
        starts.append(index + 1)
      }
      index += 1
    }
    return (starts, true)
  }

  private static func checkpoints(_ bytes: [UInt8], lineStarts: [Int]) -> [(offset: Int, characters: Int)] {
    var result: [(offset: Int, characters: Int)] = []
    let stride = checkpointStride
    bytes.withUnsafeBufferPointer { buffer in
      for (index, start) in lineStarts.enumerated() {
        let end = index + 1 < lineStarts.count ? lineStarts[index + 1] : buffer.count
        guard end - start > stride else { continue }
        var offset = start + stride
        var characters = characterCount(buffer, from: start, to: offset)
        while offset < end {
          result.append((offset, characters))
          let next = min(offset + stride, end)
          characters += characterCount(buffer, from: offset, to: next)
          offset = next
        }
      }
    }
    return result
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// A 1-based line and column for a byte offset. The column counts Unicode
  /// scalar values (invalid UTF-8 bytes count one each), as editors do.
  public func location(of offset: Int) -> SourceLocation {
    let clamped = max(0, min(offset, bytes.count))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
    }
    var from = lineStarts[low]
    var column = 0
    if !checkpoints.isEmpty && clamped - from > Self.checkpointStride {
      // The last checkpoint at or before `clamped` (it is on this line: one
      // every stride from the line's start).
      var lower = 0
      var upper = checkpoints.count
      while lower < upper {
        let middle = (lower + upper) / 2
        if checkpoints[middle].offset <= clamped { lower = middle + 1 } else { upper = middle }
      }
      if lower > 0, checkpoints[lower - 1].offset >= from {
        from = checkpoints[lower - 1].offset
        column = checkpoints[lower - 1].characters
      }
    }
    let start = from
    column += bytes.withUnsafeBufferPointer { Self.characterCount($0, from: start, to: clamped) }
    return SourceLocation(offset: clamped, line: low + 1, column: column + 1)
  }

  /// `location(of: offset)` found from `hint`, a location of this file at
  /// or before `offset` (reports write findings in source order: a start
  /// is near the start before it, an end near its start). The lines in
  /// between are stepped over instead of searched for, and on the hint's
  /// own line only the characters after it are counted (about half the
  /// cost of `location(of:)` on the corpus JSON report). Far from the hint
  /// (or before it), `location(of:)` itself.
  public func location(of offset: Int, after hint: SourceLocation) -> SourceLocation {
    let clamped = max(0, min(offset, bytes.count))
    let hintLine = hint.line - 1
    guard hint.offset <= clamped, clamped - hint.offset <= Self.checkpointStride, hintLine >= 0,
      hintLine < lineStarts.count, lineStarts[hintLine] <= hint.offset
    else { return location(of: offset) }
    var line = hintLine
    while line + 1 < lineStarts.count && lineStarts[line + 1] <= clamped {
      line += 1
      if line - hintLine > 16 { return location(of: offset) }
    }
    let start = line == hintLine ? hint.offset : lineStarts[line]
    let before = line == hintLine ? hint.column - 1 : 0
    let column = before + bytes.withUnsafeBufferPointer { Self.characterCount($0, from: start, to: clamped) }
    return SourceLocation(offset: clamped, line: line + 1, column: column + 1)
  }

  /// The characters (bytes other than UTF-8 continuation bytes `10xxxxxx`)
  /// in `buffer[start..<end]`. Eight bytes at a time: an all-ASCII word
  /// (the common case) counts eight without looking at each byte. Inlined:
  /// a report counts a few bytes per position, and the call cost as much
  /// (1 M instructions on the corpus JSON report).
  @inline(__always)
  static func characterCount(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
    guard let base = buffer.baseAddress, start < end else { return 0 }
    let raw = UnsafeRawPointer(base)
    var count = 0
    var index = start
    while index + 8 <= end {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      if word & 0x8080_8080_8080_8080 == 0 {
        count += 8
      } else {
        // Continuation bytes have bit 7 set and bit 6 clear.
        let continuation = word & ~(word << 1) & 0x8080_8080_8080_8080
        count += 8 - continuation.nonzeroBitCount
      }
      index += 8
    }
    while index < end {
      if buffer[index] & 0xC0 != 0x80 { count += 1 }
      index += 1
    }
    return count
  }

  /// The text of a byte range, decoded leniently (invalid UTF-8 becomes U+FFFD).
  public func text(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }

  /// The byte range of the 1-based line `line`, without its line terminator.
  public func lineRange(_ line: Int) -> Range<Int> {
    guard line >= 1 && line <= lineStarts.count else { return bytes.count..<bytes.count }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] : bytes.count
    while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
    return start..<end
  }
}

/// A resolved position in a source file.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  public let offset: Int
  /// 1-based line number.
  public let line: Int
  /// 1-based column, in characters.
  public let column: Int

  public init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}
