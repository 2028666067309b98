extension Runner {
  /// The runner a migrations folder's file names unmistakably show, for
  /// folders linted without a configured runner (`runner:` in `.cslint.yml`
  /// or `--runner`); nil when they fit the default (Supabase, also dbmate's
  /// `<version>_<name>.sql`).
  ///
  /// Without this, a golang-migrate folder linted with the Supabase default
  /// reports every `.up.sql` / `.down.sql` pair as a duplicate version, and a
  /// diesel folder every file as misplaced.
  ///
  /// - Parameter names: paths relative to the migrations folder.
  public static func inferred(fromRelativeNames names: [String]) -> Runner? {
    guard !names.isEmpty else { return nil }
    var diesel = 0
    var golangMigrate = 0
    var flyway = 0
    for name in names {
      if let kind = asciiKind(name) {
        switch kind {
        case .diesel: diesel += 1
        case .golangMigrate: golangMigrate += 1
        case .flyway: flyway += 1
        default: break
        }
        continue
      }
      let components = name.utf8Split(separator: UInt8(ascii: "/"))
      guard let base = components.last.map({ $0.lowercased() }) else { continue }
      if components.count == 2 && (base == "up.sql" || base == "down.sql") {
        diesel += 1
      } else if base.utf8HasSuffix(".up.sql") || base.utf8HasSuffix(".down.sql") {
        golangMigrate += 1
      } else if isFlywayName(base) {
        flyway += 1
      }
    }
    // Most files must agree: one odd file does not change a folder's runner.
    let needed = names.count / 2 + 1
    if diesel >= needed { return .diesel }
    if golangMigrate >= needed { return .golangMigrate }
    if flyway >= needed { return .flyway }
    return nil
  }

  /// What the loop of `inferred` decides for an all-ASCII name (`.none`:
  /// nothing), on its bytes: ASCII lower-casing is a byte's, and bytes are
  /// characters. Nil for other names (the general path). Saves the split,
  /// the lower-cased copy and the character searches: about 10 M
  /// instructions on the corpus run.
  private static func asciiKind(_ name: String) -> Runner? {
    func kind(_ bytes: UnsafeBufferPointer<UInt8>) -> Runner? {
      // The non-empty components between `/`s: how many, and the last.
      var components = 0
      var last = 0..<0
      var start = 0
      for index in 0...bytes.count {
        if index < bytes.count {
          guard bytes[index] < 0x80 else { return nil }
          guard bytes[index] == UInt8(ascii: "/") else { continue }
        }
        if index > start {
          components += 1
          last = start..<index
        }
        start = index + 1
      }
      guard components > 0 else { return Runner.none }
      func lower(_ offset: Int) -> UInt8 {
        let byte = bytes[offset]
        return byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
      }
      func baseIs(_ text: StaticString, suffix: Bool) -> Bool {
        let count = text.utf8CodeUnitCount
        guard last.count >= count, suffix || last.count == count else { return false }
        let from = last.upperBound - count
        return (0..<count).allSatisfy { lower(from + $0) == text.utf8Start[$0] }
      }
      if components == 2 && (baseIs("up.sql", suffix: false) || baseIs("down.sql", suffix: false)) {
        return .diesel
      }
      if baseIs(".up.sql", suffix: true) || baseIs(".down.sql", suffix: true) { return .golangMigrate }
      // `isFlywayName`: `v`, `r` or `u`, the version, `__`.
      let first = lower(last.lowerBound)
      guard first == UInt8(ascii: "v") || first == UInt8(ascii: "r") || first == UInt8(ascii: "u"),
        let separator = (last.lowerBound..<max(last.lowerBound, last.upperBound - 1)).first(where: {
          bytes[$0] == UInt8(ascii: "_") && bytes[$0 + 1] == UInt8(ascii: "_")
        })
      else { return Runner.none }
      let version = (last.lowerBound + 1)..<max(last.lowerBound + 1, separator)
      if first == UInt8(ascii: "r") { return version.isEmpty ? .flyway : Runner.none }
      let isVersion =
        !version.isEmpty
        && version.allSatisfy {
          (bytes[$0] >= 0x30 && bytes[$0] <= 0x39) || bytes[$0] == UInt8(ascii: ".") || bytes[$0] == UInt8(ascii: "_")
        }
      return isVersion ? .flyway : Runner.none
    }
    if let result = name.utf8.withContiguousStorageIfAvailable(kind) { return result }
    var copy = name
    return copy.withUTF8(kind)
  }

  /// `v1__x.sql`, `v1.2__x.sql`, `r__x.sql`, `u3__x.sql` (lower-cased).
  private static func isFlywayName(_ base: String) -> Bool {
    let bytes = Array(base.utf8)
    guard let first = bytes.first,
      first == UInt8(ascii: "v") || first == UInt8(ascii: "r") || first == UInt8(ascii: "u"),
      let separator = base.firstRange(of: "__")
    else { return false }
    let version = base.utf8[base.utf8.index(after: base.utf8.startIndex)..<separator.lowerBound]
    if first == UInt8(ascii: "r") { return version.isEmpty }
    return !version.isEmpty
      && version.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }
  }
}
