/// Aligns the statements of an applied migration with its current version.
enum StatementDiff {
  /// One difference. Indices are 0-based positions in the old / new lists.
  struct Change: Equatable {
    enum Kind: Equatable {
      case added
      case removed
      case changed
    }

    var kind: Kind
    var oldIndex: Int?
    var newIndex: Int?
  }

  /// Above this many cells the middle of the two lists is not aligned
  /// statement by statement (it would cost too much memory); it is reported
  /// as one block of changes instead.
  static let alignmentLimit = 4_000_000

  static func diff(old: [StatementFingerprint], new: [StatementFingerprint]) -> [Change] {
    var prefix = 0
    while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix && suffix < new.count - prefix
      && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    let oldMiddle = Array(old[prefix..<(old.count - suffix)])
    let newMiddle = Array(new[prefix..<(new.count - suffix)])
    if oldMiddle.isEmpty && newMiddle.isEmpty { return [] }

    var changes: [Change] = []
    var hunkOld: [Int] = []
    var hunkNew: [Int] = []
    func flush(at newPosition: Int) {
      let paired = min(hunkOld.count, hunkNew.count)
      for index in 0..<paired {
        changes.append(Change(kind: .changed, oldIndex: hunkOld[index], newIndex: hunkNew[index]))
      }
      for index in hunkOld.dropFirst(paired) {
        changes.append(Change(kind: .removed, oldIndex: index, newIndex: newPosition))
      }
      for index in hunkNew.dropFirst(paired) { changes.append(Change(kind: .added, oldIndex: nil, newIndex: index)) }
      hunkOld = []
      hunkNew = []
    }

    let n = oldMiddle.count
    let m = newMiddle.count
    guard n > 0, m > 0, n * m <= alignmentLimit else {
      hunkOld = Array(prefix..<(prefix + n))
      hunkNew = Array(prefix..<(prefix + m))
      flush(at: prefix + m)
      return changes
    }
    // Longest common subsequence, suffix form: table[i][j] is the LCS length
    // of oldMiddle[i...] and newMiddle[j...].
    var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        table[i * (m + 1) + j] =
          oldMiddle[i] == newMiddle[j]
          ? table[(i + 1) * (m + 1) + j + 1] + 1
          : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
      }
    }
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n && j < m && oldMiddle[i] == newMiddle[j] {
        flush(at: prefix + j)
        i += 1
        j += 1
      } else if j < m && (i == n || table[i * (m + 1) + j + 1] >= table[(i + 1) * (m + 1) + j]) {
        hunkNew.append(prefix + j)
        j += 1
      } else {
        hunkOld.append(prefix + i)
        i += 1
      }
    }
    flush(at: prefix + m)
    return changes
  }
}
