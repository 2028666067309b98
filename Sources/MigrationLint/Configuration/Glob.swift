/// A path glob: `*` (any run of characters within one path segment), `**`
/// (any number of whole segments, including none), `?` (one character, not
/// `/`), and classes `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`.
///
/// A pattern without `/` matches the file name in any directory (as in
/// `.gitignore`), so `*_seed.sql` excludes seed files wherever they are.
/// Otherwise the pattern matches the whole path, relative to the
/// configuration file's directory, with `/` separators.
public struct Glob: Sendable, Equatable, CustomStringConvertible {
  /// The pattern as written.
  public let pattern: String
  private let segments: [[Unicode.Scalar]]
  /// `segments` as bytes, when the pattern is ASCII.
  private let asciiSegments: [[UInt8]]?
  private let matchesBaseName: Bool
  /// The one segment to match against a path's last segment, when that is
  /// all the pattern looks at (`*.sql`, `**/*.sql`), as scalars and as bytes
  /// (nil when not ASCII).
  private let lastSegmentOnly: (scalars: [Unicode.Scalar], bytes: [UInt8]?)?
  /// Whether only a path's last segment (the file name) decides a match.
  public var matchesFileNameOnly: Bool { lastSegmentOnly != nil }

  /// Fails with a message when the pattern is malformed (an unclosed `[`).
  public init(_ pattern: String) throws(GlobError) {
    self.pattern = pattern
    var text = pattern
    while text.hasPrefix("./") { text.removeFirst(2) }
    let segments = text.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    let asciiSegments =
      text.utf8.allSatisfy { $0 < 0x80 }
      ? text.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) } : nil
    let matchesBaseName = !text.contains("/")
    var only: Int?
    if matchesBaseName && segments.count == 1 {
      only = 0
    } else if segments.count == 2, Glob.isDoubleStar(segments[0]), !Glob.isDoubleStar(segments[1]) {
      only = 1
    }
    self.segments = segments
    self.asciiSegments = asciiSegments
    self.matchesBaseName = matchesBaseName
    self.lastSegmentOnly = only.map { (segments[$0], asciiSegments?[$0]) }
    // Validate every class once, at construction, so matching never fails.
    let scalars = Array(pattern.unicodeScalars)
    var index = 0
    while index < scalars.count {
      guard scalars[index] == "[" else {
        index += 1
        continue
      }
      guard let (_, length) = Glob.parseClass(scalars[...], index) else {
        throw GlobError(column: index + 1, message: "unclosed '[' in glob")
      }
      index += length
    }
    if segments.isEmpty { throw GlobError(column: 1, message: "empty glob") }
  }

  public var description: String { pattern }

  /// Globs are equal when written alike (everything else follows from the pattern).
  public static func == (left: Glob, right: Glob) -> Bool { left.pattern == right.pattern }

  /// Whether `path` (relative, `/`-separated; a leading `./` is ignored) matches.
  ///
  /// Runs once per discovered file, so no array per segment: segments are
  /// ranges into one array of the path's units, UTF-8 bytes when both the
  /// path and the pattern are ASCII (then bytes are characters), else scalars.
  public func matches(_ path: String) -> Bool {
    // Only the file name matters (the default include, `**/*.sql`, runs for
    // every discovered file): no copy of the whole path, no segment list
    // (14 M instructions on the corpus run, before any file is linted).
    if let lastSegmentOnly, let name = Glob.lastSegment(of: path) {
      if let bytes = lastSegmentOnly.bytes, name.allSatisfy({ $0 < 0x80 }) {
        return Glob.matchSegment(bytes[...], name[...])
      }
      return Glob.matchSegment(
        lastSegmentOnly.scalars[...], Array(String(decoding: name, as: UTF8.self).unicodeScalars)[...])
    }
    let bytes = Array(path.utf8)
    if let asciiSegments, bytes.allSatisfy({ $0 < 0x80 }) {
      return Glob.matches(bytes, segments: asciiSegments, baseName: matchesBaseName)
    }
    return Glob.matches(Array(path.unicodeScalars), segments: segments, baseName: matchesBaseName)
  }

  private static func matches<Unit: GlobUnit>(_ units: [Unit], segments: [[Unit]], baseName: Bool) -> Bool {
    var start = 0
    while start + 1 < units.count && units[start].unit == 0x2E && units[start + 1].unit == 0x2F { start += 2 }
    var parts: [Range<Int>] = []
    var segmentStart = start
    for index in start...units.count where index == units.count || units[index].unit == 0x2F {
      if index > segmentStart { parts.append(segmentStart..<index) }
      segmentStart = index + 1
    }
    if baseName, let last = parts.last {
      return matchSegment(segments[0][...], units[last])
    }
    // `**/X` (the default include, `**/*.sql`): `**` takes every segment but
    // the last, so only the file name is matched. Same answer as the general
    // search below without trying each split point (it runs for every
    // discovered file).
    if segments.count == 2, isDoubleStar(segments[0]), !isDoubleStar(segments[1]) {
      guard let last = parts.last else { return false }
      return matchSegment(segments[1][...], units[last])
    }
    return matchSegments(segments[...], units, parts[...])
  }

  private static func matchSegments<Unit: GlobUnit>(
    _ pattern: ArraySlice<[Unit]>, _ units: [Unit], _ path: ArraySlice<Range<Int>>
  ) -> Bool {
    guard let first = pattern.first else { return path.isEmpty }
    if isDoubleStar(first) {
      // `**` takes zero or more whole segments; try each split point.
      var rest = path
      while true {
        if matchSegments(pattern.dropFirst(), units, rest) { return true }
        guard !rest.isEmpty else { return false }
        rest = rest.dropFirst()
      }
    }
    guard let segment = path.first, matchSegment(first[...], units[segment]) else { return false }
    return matchSegments(pattern.dropFirst(), units, path.dropFirst())
  }

  /// The bytes of the last non-empty segment of `path` after any leading
  /// `./`, as `matches` splits it; nil when there is none.
  static func lastSegment(of path: String) -> [UInt8]? {
    var path = path
    return path.withUTF8 { bytes -> [UInt8]? in
      var start = 0
      while start + 1 < bytes.count && bytes[start] == 0x2E && bytes[start + 1] == 0x2F { start += 2 }
      var end = bytes.count
      while end > start && bytes[end - 1] == 0x2F { end -= 1 }
      guard end > start else { return nil }
      var first = end
      while first > start && bytes[first - 1] != 0x2F { first -= 1 }
      return Array(bytes[first..<end])
    }
  }

  private static func isDoubleStar<Unit: GlobUnit>(_ segment: [Unit]) -> Bool {
    segment.count == 2 && segment[0].unit == 0x2A && segment[1].unit == 0x2A
  }

  /// Matches one segment with `*`, `?` and classes, using the classic
  /// single-backtrack-point algorithm (linear in practice, no recursion).
  static func matchSegment<Unit: GlobUnit>(_ pattern: ArraySlice<Unit>, _ text: ArraySlice<Unit>) -> Bool {
    var p = pattern.startIndex
    var t = text.startIndex
    var starP = -1
    var starT = 0
    while t < text.endIndex {
      if p < pattern.endIndex {
        let token = pattern[p].unit
        if token == 0x2A {  // *
          while p < pattern.endIndex && pattern[p].unit == 0x2A { p += 1 }
          starP = p
          starT = t
          continue
        }
        if token == 0x3F {  // ?
          p += 1
          t += 1
          continue
        }
        if token == 0x5B, let (matched, length) = parseClass(pattern, p, matching: text[t].unit) {  // [
          if matched {
            p += length
            t += 1
            continue
          }
        } else if token == text[t].unit {
          p += 1
          t += 1
          continue
        }
      }
      guard starP >= 0 else { return false }
      starT += 1
      t = starT
      p = starP
    }
    while p < pattern.endIndex && pattern[p].unit == 0x2A { p += 1 }
    return p == pattern.endIndex
  }

  /// Parses the class at `start` (a `[`); returns whether `character` is in
  /// it and the class's length, or nil when the class is not closed.
  static func parseClass<Unit: GlobUnit>(_ pattern: ArraySlice<Unit>, _ start: Int, matching character: UInt32 = 0)
    -> (matched: Bool, length: Int)?
  {
    var index = start + 1
    var negated = false
    if index < pattern.endIndex && (pattern[index].unit == 0x21 || pattern[index].unit == 0x5E) {  // ! ^
      negated = true
      index += 1
    }
    var matched = false
    var first = true
    while index < pattern.endIndex {
      let current = pattern[index].unit
      if current == 0x5D && !first {  // ]
        return (matched != negated, index - start + 1)
      }
      first = false
      if index + 2 < pattern.endIndex && pattern[index + 1].unit == 0x2D && pattern[index + 2].unit != 0x5D {  // a-z
        if current <= character && character <= pattern[index + 2].unit { matched = true }
        index += 3
      } else {
        if current == character { matched = true }
        index += 1
      }
    }
    return nil
  }
}

/// What a glob is matched on: a Unicode scalar, or a byte of ASCII text.
protocol GlobUnit {
  var unit: UInt32 { get }
}

extension Unicode.Scalar: GlobUnit {
  var unit: UInt32 { value }
}

extension UInt8: GlobUnit {
  var unit: UInt32 { UInt32(self) }
}

/// A malformed glob; `column` is 1-based within the pattern.
public struct GlobError: Error, Sendable, Equatable {
  public var column: Int
  public var message: String
}
