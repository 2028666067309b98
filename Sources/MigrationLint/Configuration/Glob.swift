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
  private let matchesBaseName: Bool

  /// Fails with a message when the pattern is malformed (an unclosed `[`).
  public init(_ pattern: String) throws(GlobError) {
    self.pattern = pattern
    var text = pattern
    while text.hasPrefix("./") { text.removeFirst(2) }
    self.segments = text.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    self.matchesBaseName = !text.contains("/")
    // Validate every class once, at construction, so matching never fails.
    let scalars = Array(pattern.unicodeScalars)
    var index = 0
    while index < scalars.count {
      guard scalars[index] == "[" else {
        index += 1
        continue
      }
      guard let (_, length) = Glob.parseClass(scalars, index) else {
        throw GlobError(column: index + 1, message: "unclosed '[' in glob")
      }
      index += length
    }
    if segments.isEmpty { throw GlobError(column: 1, message: "empty glob") }
  }

  public var description: String { pattern }

  /// Whether `path` (relative, `/`-separated; a leading `./` is ignored) matches.
  public func matches(_ path: String) -> Bool {
    var path = path
    while path.hasPrefix("./") { path.removeFirst(2) }
    let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    if matchesBaseName, let last = parts.last {
      return Glob.matchSegment(segments[0], last)
    }
    return Glob.matchSegments(segments[...], parts[...])
  }

  private static func matchSegments(_ pattern: ArraySlice<[Unicode.Scalar]>, _ path: ArraySlice<[Unicode.Scalar]>)
    -> Bool
  {
    guard let first = pattern.first else { return path.isEmpty }
    if first == ["*", "*"] {
      // `**` takes zero or more whole segments; try each split point.
      var rest = path
      while true {
        if matchSegments(pattern.dropFirst(), rest) { return true }
        guard !rest.isEmpty else { return false }
        rest = rest.dropFirst()
      }
    }
    guard let segment = path.first, matchSegment(first, segment) else { return false }
    return matchSegments(pattern.dropFirst(), path.dropFirst())
  }

  /// Matches one segment with `*`, `?` and classes, using the classic
  /// single-backtrack-point algorithm (linear in practice, no recursion).
  static func matchSegment(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
    var p = 0
    var t = 0
    var starP = -1
    var starT = 0
    while t < text.count {
      if p < pattern.count {
        let token = pattern[p]
        if token == "*" {
          while p < pattern.count && pattern[p] == "*" { p += 1 }
          starP = p
          starT = t
          continue
        }
        if token == "?" {
          p += 1
          t += 1
          continue
        }
        if token == "[", let (matched, length) = parseClass(pattern, p, matching: text[t]) {
          if matched {
            p += length
            t += 1
            continue
          }
        } else if token == text[t] {
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
    while p < pattern.count && pattern[p] == "*" { p += 1 }
    return p == pattern.count
  }

  /// Parses the class at `start` (a `[`); returns whether `character` is in
  /// it and the class's length, or nil when the class is not closed.
  static func parseClass(_ pattern: [Unicode.Scalar], _ start: Int, matching character: Unicode.Scalar = "\0")
    -> (matched: Bool, length: Int)?
  {
    var index = start + 1
    var negated = false
    if index < pattern.count && (pattern[index] == "!" || pattern[index] == "^") {
      negated = true
      index += 1
    }
    var matched = false
    var first = true
    while index < pattern.count {
      let current = pattern[index]
      if current == "]" && !first {
        return (matched != negated, index - start + 1)
      }
      first = false
      if index + 2 < pattern.count && pattern[index + 1] == "-" && pattern[index + 2] != "]" {
        if current.value <= character.value && character.value <= pattern[index + 2].value { matched = true }
        index += 3
      } else {
        if current == character { matched = true }
        index += 1
      }
    }
    return nil
  }
}

/// A malformed glob; `column` is 1-based within the pattern.
public struct GlobError: Error, Sendable, Equatable {
  public var column: Int
  public var message: String
}
