/// The settle step of one folder: keeps the diagnostics of the reports that
/// carry findings of settling rules (`Rule.settlesAtFolderEnd`) and, once
/// the folder is replayed, asks each such rule which of its findings stand.
struct FolderSettlement {
  private let rules: [any Rule]
  /// The settling rules' ids, looked up for every finding of every file.
  private let ids: RuleIDSet
  /// Each rule's id as its index in `ids`.
  private let ruleSlots: [Int]
  private let selection: RuleSelection

  private struct Held {
    var position: Int
    var path: String
    /// The file's own (sorted) diagnostics, then the history findings.
    var diagnostics: [Diagnostic]
    var history: [Diagnostic]
    /// Where in `diagnostics` the settling rules' findings are (found once:
    /// each test hashes the rule id).
    var settling: [Int]
    /// The `ids` index of each of those findings' rule id.
    var slots: [Int]
  }
  /// In replay (migration) order.
  private var held: [Held] = []

  init(rules: [any Rule], selection: RuleSelection) {
    // A closure, not the key path `\.settlesAtFolderEnd`: no key path
    // application per rule and folder.
    self.rules = rules.filter { $0.settlesAtFolderEnd }
    let ids = RuleIDSet(self.rules.map(\.description.id))
    self.ids = ids
    self.ruleSlots = self.rules.map { ids.index(of: $0.description.id) ?? 0 }
    self.selection = selection
  }

  /// Whether the report waits for `settle`: it carries a settling rule's
  /// finding. Keeps what settling needs.
  mutating func hold(position: Int, path: String, diagnostics: [Diagnostic], history: [Diagnostic]) -> Bool {
    guard !ids.isEmpty else { return false }
    var settling: [Int] = []
    var slots: [Int] = []
    for index in diagnostics.indices {
      guard let slot = ids.index(of: diagnostics[index].ruleID) else { continue }
      settling.append(index)
      slots.append(slot)
    }
    guard !settling.isEmpty else { return false }
    held.append(
      Held(position: position, path: path, diagnostics: diagnostics, history: history, settling: settling, slots: slots)
    )
    return true
  }

  /// The final diagnostics of every held report, by position.
  func settle(finalSchema: SchemaState) -> [Int: [Diagnostic]] {
    guard !held.isEmpty else { return [:] }
    // What stands, per path: findings each settling rule kept or added.
    var standing: [String: [Diagnostic]] = [:]
    // Each rule id's held findings in replay order, gathered in one pass
    // (not one pass over every held finding per settling rule), by the
    // id's index found in `hold` (not a hash of the id per finding).
    var findingsBySlot = [[Diagnostic]](repeating: [], count: ids.count)
    for file in held {
      for (index, slot) in zip(file.settling, file.slots) { findingsBySlot[slot].append(file.diagnostics[index]) }
    }
    for (rule, slot) in zip(rules, ruleSlots) {
      let findings = findingsBySlot[slot]
      guard !findings.isEmpty else { continue }
      // A rule returns a file's findings together: the path hashed once
      // per run of them (String `==` is a pointer test for a shared path).
      var runPath: String?
      var run: [Diagnostic] = []
      for diagnostic in rule.settle(findings, finalSchema: finalSchema) {
        if let path = runPath, path != diagnostic.path {
          standing[path, default: []].append(contentsOf: run)
          run.removeAll(keepingCapacity: true)
        }
        runPath = diagnostic.path
        run.append(diagnostic)
      }
      if let path = runPath { standing[path, default: []].append(contentsOf: run) }
    }
    var result: [Int: [Diagnostic]] = [:]
    var cursors = [Int](repeating: 0, count: ids.count)
    for file in held {
      let pool = standing[file.path] ?? []
      // Usually every settling finding stands as it was: then the general
      // matching below keeps the file's findings as they are (each finds
      // an equal one; none is dropped or added), without its hashing.
      if standsAsItWas(file, pool: pool, cursors: &cursors) {
        result[file.position] = file.history.isEmpty ? file.diagnostics : file.diagnostics + file.history
        continue
      }
      // Pool findings by rule and range, each taken once: a file with
      // 20,000 findings of a settling rule must not search the pool for
      // each (issue 21).
      var unmatched: [MatchKey: [Int]] = [:]
      unmatched.reserveCapacity(pool.count)
      for index in pool.indices {
        let diagnostic = pool[index]
        unmatched[MatchKey(diagnostic, slot: ids.index(of: diagnostic.ruleID) ?? -1), default: []].append(index)
      }
      var taken = [Bool](repeating: false, count: pool.count)
      // A kept finding stays where it was; a dropped one goes. Usually all
      // are kept: then the file's array is used as it is, not rebuilt (and
      // without added findings there is nothing to place either).
      var dropped: [Int] = []
      for (index, slot) in zip(file.settling, file.slots) {
        let diagnostic = file.diagnostics[index]
        let key = MatchKey(diagnostic, slot: slot)
        if let candidates = unmatched[key], let position = candidates.firstIndex(where: { pool[$0] == diagnostic }) {
          taken[candidates[position]] = true
          unmatched[key]?.remove(at: position)
        } else {
          dropped.append(index)
        }
      }
      var diagnostics = file.diagnostics
      if !dropped.isEmpty {
        var next = 0
        diagnostics = []
        diagnostics.reserveCapacity(file.diagnostics.count - dropped.count)
        for (index, diagnostic) in file.diagnostics.enumerated() {
          if next < dropped.count && dropped[next] == index {
            next += 1
          } else {
            diagnostics.append(diagnostic)
          }
        }
      }
      guard taken.contains(false) else {
        result[file.position] = file.history.isEmpty ? diagnostics : diagnostics + file.history
        continue
      }
      // Changed or added findings join in source order (as `Linter.lintFile`
      // sorts): each before the first kept finding that sorts after it, by
      // start and rule id, the way inserting them one by one would place
      // them, but by binary search over the running maximum of those keys.
      var runningMaximum: [(Int, String)] = []
      for diagnostic in diagnostics {
        let key = (diagnostic.range.lowerBound, diagnostic.ruleID)
        runningMaximum.append(runningMaximum.last.map { $0 > key ? $0 : key } ?? key)
      }
      func slot(_ key: (Int, String)) -> Int {
        var lower = 0
        var upper = runningMaximum.count
        while lower < upper {
          let middle = (lower + upper) / 2
          if runningMaximum[middle] > key { upper = middle } else { lower = middle + 1 }
        }
        return lower
      }
      var added: [(slot: Int, key: (Int, String), order: Int, diagnostic: Diagnostic)] = []
      for (index, var diagnostic) in pool.enumerated() where !taken[index] {
        diagnostic.severity = selection.severity(for: diagnostic.ruleID, default: diagnostic.severity)
        let key = (diagnostic.range.lowerBound, diagnostic.ruleID)
        added.append((slot(key), key, index, diagnostic))
      }
      added.sort { ($0.slot, $0.key.0, $0.key.1, $0.order) < ($1.slot, $1.key.0, $1.key.1, $1.order) }
      var merged: [Diagnostic] = []
      merged.reserveCapacity(diagnostics.count + added.count + file.history.count)
      var next = 0
      for item in added {
        while next < item.slot {
          merged.append(diagnostics[next])
          next += 1
        }
        merged.append(item.diagnostic)
      }
      merged += diagnostics[next...]
      result[file.position] = merged + file.history
    }
    return result
  }
}

extension FolderSettlement {
  /// Whether `pool` (what stands of `file`'s settling findings) holds an
  /// equal finding for each of them and nothing else: then matching them
  /// one by one (as `settle` does) takes every pool finding and drops none.
  /// Checked in one pass when each rule returned the file's findings in
  /// their order (a rule's findings of one file come in one run, rules
  /// after one another); false otherwise (`settle` then matches by key).
  /// 1.4 M instructions less than the general matching on the corpus run.
  private func standsAsItWas(_ file: Held, pool: [Diagnostic], cursors: inout [Int]) -> Bool {
    guard pool.count == file.settling.count else { return false }
    // The next pool finding each rule id's findings may take.
    for slot in cursors.indices { cursors[slot] = 0 }
    for (index, slot) in zip(file.settling, file.slots) {
      let diagnostic = file.diagnostics[index]
      var cursor = cursors[slot]
      while cursor < pool.count && pool[cursor].ruleID != diagnostic.ruleID { cursor += 1 }
      guard cursor < pool.count, pool[cursor] == diagnostic else { return false }
      cursors[slot] = cursor + 1
    }
    return true
  }
}

/// A few rule ids, tested for every finding of every file (21,550 on the
/// corpus run): by length first (one bit test rules out most findings),
/// then by length and first and last eight bytes, then in full. Instead
/// of a `Set<String>`, which hashes every id it is asked about (12 M
/// instructions on the corpus run).
private struct RuleIDSet {
  private struct Entry {
    let id: String
    let count: Int
    let head: UInt64
    let tail: UInt64
  }
  private let entries: [Entry]
  /// Bit `n` set: an id is `n` bytes long (bit 63: 63 or more).
  private let lengths: UInt64

  init(_ ids: [String]) {
    var entries: [Entry] = []
    var lengths: UInt64 = 0
    for id in ids where !entries.contains(where: { $0.id == id }) {
      let (count, head, tail) = Self.summary(id)
      entries.append(Entry(id: id, count: count, head: head, tail: tail))
      lengths |= 1 << UInt64(min(count, 63))
    }
    self.entries = entries
    self.lengths = lengths
  }

  var isEmpty: Bool { entries.isEmpty }

  /// The number of (distinct) ids.
  var count: Int { entries.count }

  /// The index of `id` among the distinct ids (in first-given order), or nil.
  func index(of id: String) -> Int? {
    guard lengths & (1 << UInt64(min(id.utf8.count, 63))) != 0 else { return nil }
    let (count, head, tail) = Self.summary(id)
    return entries.firstIndex { $0.count == count && $0.head == head && $0.tail == tail && $0.id == id }
  }

  /// The id's length in bytes and its first and last eight bytes (zero
  /// padded when shorter).
  private static func summary(_ id: String) -> (count: Int, head: UInt64, tail: UInt64) {
    func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (count: Int, head: UInt64, tail: UInt64) {
      let count = bytes.count
      guard let base = bytes.baseAddress, count >= 8 else {
        var word: UInt64 = 0
        for (index, byte) in bytes.enumerated() { word |= UInt64(byte) << UInt64(index * 8) }
        return (count, word, word)
      }
      let raw = UnsafeRawPointer(base)
      return (count, raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
    }
    if let summary = id.utf8.withContiguousStorageIfAvailable(words) { return summary }
    var copy = id
    return copy.withUTF8(words)
  }
}

/// What pairs a settled finding with the one it came from: its rule id's
/// index in the settling ids (-1 for another id: a coarser group, still
/// searched for an equal finding) and its range. An index, not the id
/// itself: no hash of the id per finding.
private struct MatchKey: Hashable {
  let slot: Int
  let lower: Int
  let upper: Int

  init(_ diagnostic: Diagnostic, slot: Int) {
    self.slot = slot
    lower = diagnostic.range.lowerBound
    upper = diagnostic.range.upperBound
  }
}

extension String {
  /// The fields of a settling finding's `subject`, split at `separator`, a
  /// control byte (`\u{0}`, `\u{1F}`): on the UTF-8 bytes, which gives the
  /// same fields as splitting the characters (a control character is always
  /// a character of its own) at a fraction of the cost (about 25 M
  /// instructions on the corpus run over the settling rules).
  func subjectFields(separator: UInt8, omittingEmptySubsequences: Bool = true) -> [String] {
    var fields: [String] = []
    var text = self
    text.withUTF8 { bytes in
      var start = 0
      for index in 0...bytes.count where index == bytes.count || bytes[index] == separator {
        if index > start || !omittingEmptySubsequences {
          fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        }
        start = index + 1
      }
    }
    return fields
  }
}
