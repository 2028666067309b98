/// "Did you mean" suggestions for misspelled keys and rule ids.
public enum Suggestion {
  /// The candidate closest to `input`, or nil when none is close enough to be
  /// a likely typo. Ties go to the alphabetically first candidate.
  public static func closest(to input: String, in candidates: some Sequence<String>) -> String? {
    let lowered = input.lowercased()
    var best: (distance: Int, candidate: String)?
    for candidate in candidates.sorted() {
      let other = candidate.lowercased()
      var distance = editDistance(lowered, other)
      // A truncated id ("require-concurrent-index") is a likely typo as well.
      if lowered.count >= 4 && (other.hasPrefix(lowered) || lowered.hasPrefix(other)) { distance = min(distance, 1) }
      let limit = max(2, lowered.count / 3)
      guard distance <= limit else { continue }
      if best == nil || distance < best?.distance ?? Int.max { best = (distance, candidate) }
    }
    return best?.candidate
  }

  /// Optimal-string-alignment distance: insertions, deletions, substitutions
  /// and transpositions of adjacent characters each cost 1.
  public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs.unicodeScalars)
    let b = Array(rhs.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
