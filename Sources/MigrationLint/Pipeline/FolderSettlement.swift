/// The settle step of one folder: keeps the diagnostics of the reports that
/// carry findings of settling rules (`Rule.settlesAtFolderEnd`) and, once
/// the folder is replayed, asks each such rule which of its findings stand.
struct FolderSettlement {
  private let rules: [any Rule]
  /// The settling rules' ids, looked up for every finding of every file.
  private let ids: RuleIDSet
  /// Each rule's id as its index in `ids`.
  private let ruleSlots: [Int]
  /// No two settling rules share an id (`keptInOrder` needs it).
  private let slotsAreDistinct: Bool
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
    self.slotsAreDistinct = Set(ruleSlots).count == ruleSlots.count
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
    // Each rule id's held findings in replay order, gathered in one pass
    // (not one pass over every held finding per settling rule), by the
    // id's index found in `hold` (not a hash of the id per finding).
    var findingsBySlot = [[Diagnostic]](repeating: [], count: ids.count)
    var counts = [Int](repeating: 0, count: ids.count)
    for file in held.indices {
      for slot in held[file].slots { counts[slot] += 1 }
    }
    for slot in counts.indices where counts[slot] > 0 { findingsBySlot[slot].reserveCapacity(counts[slot]) }
    held.withUnsafeBufferPointer { held in
      for file in held.indices {
        held[file].diagnostics.withUnsafeBufferPointer { diagnostics in
          for (index, slot) in zip(held[file].settling, held[file].slots) {
            findingsBySlot[slot].append(diagnostics[index])
          }
        }
      }
    }
    var settled: [[Diagnostic]] = []
    settled.reserveCapacity(rules.count)
    for (rule, slot) in zip(rules, ruleSlots) {
      let findings = findingsBySlot[slot]
      settled.append(findings.isEmpty ? [] : rule.settle(findings, finalSchema: finalSchema))
    }
    if let result = keptInOrder(findingsBySlot, settled: settled) { return result }
    return matched(settled)
  }

  /// The general merge of what stands (`settled`, each rule's settle result
  /// in `rules` order) with the held reports: every held finding is matched
  /// with an equal standing one of its file, or dropped; standing findings
  /// left over join their file in source order.
  private func matched(_ settled: [[Diagnostic]]) -> [Int: [Diagnostic]] {
    // What stands, per path: findings each settling rule kept or added.
    var standing: [String: [Diagnostic]] = [:]
    for output in settled {
      // A rule returns a file's findings together: the path hashed once
      // per run of them (String `==` is a pointer test for a shared path).
      var runPath: String?
      var run: [Diagnostic] = []
      for diagnostic in output {
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
  /// `settle`'s result when every rule returned some of its findings as
  /// they were, in their order, and nothing else (the usual outcome: later
  /// migrations fixed the others), the settling findings of each file are
  /// distinct (in strictly increasing source order), on their file's path,
  /// and no two held reports share a path. Then the general matching
  /// (`matched`) keeps exactly those findings and adds none: here each
  /// rule's result is walked once along its findings instead, with no
  /// dictionary of findings per path or per file and no copy of the
  /// findings that stand (12 M instructions less on the corpus run). Nil
  /// when the conditions do not hold.
  fileprivate func keptInOrder(_ findingsBySlot: [[Diagnostic]], settled: [[Diagnostic]]) -> [Int: [Diagnostic]]? {
    guard slotsAreDistinct else { return nil }
    // Every settling finding by its ordinal: file `f`'s `k`-th is
    // `starts[f] + k`; `ordinals` lists them per slot in replay order, as
    // `findingsBySlot` does.
    var starts: [Int] = []
    starts.reserveCapacity(held.count)
    var ordinals = [[Int]](repeating: [], count: ids.count)
    var total = 0
    var paths = Set<String>(minimumCapacity: held.count)
    let distinct = held.withUnsafeBufferPointer { held in
      for file in held.indices {
        starts.append(total)
        guard paths.insert(held[file].path).inserted else { return false }
        let valid = held[file].diagnostics.withUnsafeBufferPointer { diagnostics in
          var previous: Int?
          for index in held[file].settling {
            guard diagnostics[index].path == held[file].path else { return false }
            if let previous, let base = diagnostics.baseAddress, !FileReport.sourceOrder(base, previous, index) {
              return false
            }
            previous = index
          }
          return true
        }
        guard valid else { return false }
        for slot in held[file].slots {
          ordinals[slot].append(total)
          total += 1
        }
      }
      return true
    }
    guard distinct else { return nil }
    // Each standing finding is the one equal finding of its rule (distinct
    // within a file, and the path is part of equality) at or after the
    // cursor; the findings passed over are dropped.
    var kept = [Bool](repeating: false, count: total)
    for (rule, slot) in ruleSlots.enumerated() {
      let walked = findingsBySlot[slot].withUnsafeBufferPointer { findingsBuffer in
        settled[rule].withUnsafeBufferPointer { standingBuffer in
          // Through pointers: `UnsafeBufferPointer`'s subscript copies a
          // diagnostic to compare it (6 strings retained and released).
          guard let findings = findingsBuffer.baseAddress, let standing = standingBuffer.baseAddress else {
            return standingBuffer.isEmpty
          }
          var cursor = 0
          for index in standingBuffer.indices {
            while cursor < findingsBuffer.count && !Self.equal(findings + cursor, standing + index) { cursor += 1 }
            guard cursor < findingsBuffer.count else { return false }
            kept[ordinals[slot][cursor]] = true
            cursor += 1
          }
          return true
        }
      }
      guard walked else { return nil }
    }
    var result: [Int: [Diagnostic]] = [:]
    result.reserveCapacity(held.count)
    held.withUnsafeBufferPointer { held in
      for file in held.indices {
        let start = starts[file]
        let settling = held[file].settling
        let dropped = settling.indices.reduce(0) { $0 + (kept[start + $1] ? 0 : 1) }
        let history = held[file].history
        guard dropped > 0 else {
          result[held[file].position] = history.isEmpty ? held[file].diagnostics : held[file].diagnostics + history
          continue
        }
        var diagnostics: [Diagnostic] = []
        diagnostics.reserveCapacity(held[file].diagnostics.count - dropped + history.count)
        held[file].diagnostics.withUnsafeBufferPointer { all in
          var next = 0
          for index in all.indices {
            if next < settling.count && settling[next] == index {
              next += 1
              if !kept[start + next - 1] { continue }
            }
            diagnostics.append(all[index])
          }
        }
        diagnostics += history
        result[held[file].position] = diagnostics
      }
    }
    return result
  }

  /// `lhs.pointee == rhs.pointee`, field by field in place: the synthesized
  /// `==` copies both diagnostics here (a test checks that these are all
  /// of `Diagnostic`'s stored properties).
  private static func equal(_ lhs: UnsafePointer<Diagnostic>, _ rhs: UnsafePointer<Diagnostic>) -> Bool {
    lhs.pointee.range == rhs.pointee.range && lhs.pointee.ruleID == rhs.pointee.ruleID
      && lhs.pointee.severity == rhs.pointee.severity && lhs.pointee.path == rhs.pointee.path
      && lhs.pointee.message == rhs.pointee.message && lhs.pointee.help == rhs.pointee.help
      && lhs.pointee.fixes == rhs.pointee.fixes && lhs.pointee.subject == rhs.pointee.subject
  }

  /// The stored properties `equal` compares, for a test.
  static let comparedProperties = ["ruleID", "severity", "path", "range", "message", "help", "fixes", "subject"]

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
