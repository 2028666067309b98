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
