/// How a migration runner names its files, and so how cslint reads a version
/// out of a file name.
public enum NamingScheme: String, Sendable, CaseIterable, Codable {
  /// `supabase/migrations/<YYYYMMDDHHMMSS>_<name>.sql` (the default).
  case supabase
  /// `V<version>__<description>.sql` (dotted or underscored version), plus
  /// `R__<description>.sql` repeatable migrations, which may change, and
  /// `U<version>__...` undo migrations. Subfolders are allowed.
  case flyway
  /// `<version>_<title>.up.sql` and `<version>_<title>.down.sql`.
  case golangMigrate = "golang-migrate"
  /// `<version>_<name>.sql`.
  case dbmate
  /// Folders `<version>_<name>/up.sql` and `down.sql`.
  case diesel
  /// No file-name checks; the file name is the version.
  case none

  /// The parsed name of `relativeName` (a path relative to the migrations
  /// directory, `/`-separated), or why it does not follow this scheme.
  public func parse(_ relativeName: String) -> MigrationNameParse {
    // A name without `/` is its own base name: no split and no copy of it
    // (the default Supabase scheme parses every file of every folder).
    let shape = NameShape(relativeName)
    let isDirect = shape.slashes == 0
    switch self {
    case .none:
      return .valid(MigrationName(version: .text(relativeName), direction: .up))
    case .supabase:
      guard isDirect else {
        return .invalid(
          "the Supabase CLI only reads files directly in the migrations folder, so it skips this one and it never runs")
      }
      return Self.parseSupabase(relativeName)
    case .flyway:
      return Self.parseFlyway(String(relativeName.utf8LastComponent(separator: UInt8(ascii: "/"))))
    case .golangMigrate:
      guard isDirect else {
        return .invalid("golang-migrate only reads files directly in the migrations folder, not in subfolders")
      }
      return Self.parseGolangMigrate(relativeName)
    case .dbmate:
      guard isDirect else {
        return .invalid("dbmate only reads files directly in the migrations folder, not in subfolders")
      }
      guard relativeName.utf8HasSuffix(".sql"), let (digits, rest) = Self.leadingDigits(relativeName),
        rest.hasPrefix("_")
      else {
        return .invalid("expected `<version>_<name>.sql` with a numeric version")
      }
      // dbmate stores and compares versions as strings.
      return .valid(MigrationName(version: .text(String(digits)), direction: .up))
    case .diesel:
      if let name = Self.validDiesel(relativeName, shape) { return .valid(name) }
      return Self.parseDiesel(
        relativeName.utf8Split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(String.init))
    }
  }

  /// What `parse` looks at first: the `/` count and where the first is,
  /// and whether every byte is ASCII, in one pass over the bytes (the
  /// generic `utf8.contains` costs about 1,200 instructions a name).
  private struct NameShape {
    var slashes = 0
    var firstSlash = 0
    var isASCII = true

    init(_ name: String) {
      func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> NameShape {
        var shape = NameShape()
        for index in bytes.indices {
          let byte = bytes[index]
          if byte == UInt8(ascii: "/") {
            if shape.slashes == 0 { shape.firstSlash = index }
            shape.slashes += 1
          } else if byte >= 0x80 {
            shape.isASCII = false
          }
        }
        return shape
      }
      if let shape = name.utf8.withContiguousStorageIfAvailable(scan) {
        self = shape
      } else {
        var copy = name
        self = copy.withUTF8(scan)
      }
    }

    private init() {}
  }

  /// The format shown in `invalid-migration-filename` messages.
  public var expectedFormat: String {
    switch self {
    case .supabase: return "<YYYYMMDDHHMMSS>_<name>.sql"
    case .flyway: return "V<version>__<description>.sql or R__<description>.sql"
    case .golangMigrate: return "<version>_<title>.up.sql or <version>_<title>.down.sql"
    case .dbmate: return "<version>_<name>.sql"
    case .diesel: return "<version>_<name>/up.sql or <version>_<name>/down.sql"
    case .none: return "any name"
    }
  }

  // MARK: - Schemes

  /// The Supabase CLI applies any top-level `^([0-9]+)_(.*)\.sql$` file,
  /// ordered by file name, and skips everything else. The convention (and
  /// `supabase migration new`) is a 14-digit UTC timestamp and a name.
  private static func parseSupabase(_ base: String) -> MigrationNameParse {
    // On the UTF-8 bytes, with the timestamp's fields read in place: no
    // copies of the name (with the scan in `parse`, 2 M instructions on
    // the corpus run).
    let bytes = base.utf8
    let digitCount = bytes.prefix(while: { $0 >= 0x30 && $0 <= 0x39 }).count
    guard digitCount > 0, digitCount < bytes.count,
      bytes[bytes.index(bytes.startIndex, offsetBy: digitCount)] == UInt8(ascii: "_"), base.utf8HasSuffix(".sql"),
      bytes.count >= digitCount + 1 + 4
    else {
      return .invalid("expected `<YYYYMMDDHHMMSS>_<name>.sql`; the Supabase CLI skips this file, so it never runs")
    }
    // File-name order is the CLI's order, so versions compare as text. The
    // digits are ASCII: as many characters as bytes.
    let version = String(decoding: bytes.prefix(digitCount), as: UTF8.self)
    let name = MigrationName(version: .text(version), direction: .up)
    let stillRuns = "(the Supabase CLI still runs it, ordered by file name)"
    guard digitCount == 14 else {
      return .nonstandard(
        name, "the version has \(digitCount) digits, not a 14-digit timestamp YYYYMMDDHHMMSS \(stillRuns)")
    }
    var fields = (0, 0, 0, 0, 0, 0)
    for (index, byte) in bytes.prefix(14).enumerated() {
      let digit = Int(byte) - 0x30
      switch index {
      case 0..<4: fields.0 = fields.0 * 10 + digit
      case 4..<6: fields.1 = fields.1 * 10 + digit
      case 6..<8: fields.2 = fields.2 * 10 + digit
      case 8..<10: fields.3 = fields.3 * 10 + digit
      case 10..<12: fields.4 = fields.4 * 10 + digit
      default: fields.5 = fields.5 * 10 + digit
      }
    }
    if let problem = timestampProblem(
      year: fields.0, month: fields.1, day: fields.2, hour: fields.3, minute: fields.4, second: fields.5)
    {
      return .nonstandard(
        name, "\(version) is not a valid date and time (YYYYMMDDHHMMSS): \(problem) \(stillRuns)")
    }
    guard bytes.count > 14 + 1 + 4 else {
      return .nonstandard(name, "the name after the timestamp is empty \(stillRuns)")
    }
    return .valid(name)
  }

  /// Why 14 digits are not a valid `YYYYMMDDHHMMSS`, or nil when they are.
  static func timestampProblem(_ d: [Int]) -> String? {
    func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + d[$1] } }
    return timestampProblem(
      year: value(0..<4), month: value(4..<6), day: value(6..<8), hour: value(8..<10), minute: value(10..<12),
      second: value(12..<14))
  }

  /// Why a timestamp's fields are not a valid date and time, or nil.
  static func timestampProblem(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> String? {
    if year == 0 { return "year 0000" }
    guard (1...12).contains(month) else { return "month \(two(month))" }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let monthDays: Int
    switch month {
    case 2: monthDays = leap ? 29 : 28
    case 4, 6, 9, 11: monthDays = 30
    default: monthDays = 31
    }
    guard (1...monthDays).contains(day) else { return "day \(two(day)) of month \(two(month))" }
    guard hour < 24 else { return "hour \(two(hour))" }
    guard minute < 60 else { return "minute \(two(minute))" }
    guard second < 60 else { return "second \(two(second))" }
    return nil
  }

  private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  private static func parseFlyway(_ base: String) -> MigrationNameParse {
    guard base.utf8HasSuffix(".sql"), let prefix = base.first else {
      return .invalid("expected `V<version>__<description>.sql`")
    }
    let stem = base.dropLast(4)
    if prefix == "R" {
      guard stem.hasPrefix("R__") else { return .invalid("a repeatable migration is named `R__<description>.sql`") }
      return .valid(MigrationName(version: nil, direction: .repeatable))
    }
    guard prefix == "V" || prefix == "U" || prefix == "B", let separator = stem.firstRange(of: "__") else {
      return .invalid("expected `V<version>__<description>.sql`")
    }
    let versionText = stem[stem.index(after: stem.startIndex)..<separator.lowerBound]
    var parts: [MigrationVersion.Part] = []
    for part in versionText.split(separator: ".", omittingEmptySubsequences: false)
      .flatMap({ $0.split(separator: "_", omittingEmptySubsequences: false) })
    {
      guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
        return .invalid("the version `\(versionText)` must be digits separated by single `.` or `_`")
      }
      parts.append(.number(MigrationVersion.stripZeros(part)))
    }
    let version = MigrationVersion(parts: parts, text: String(versionText))
    return .valid(MigrationName(version: version, direction: prefix == "U" ? .down : .up))
  }

  private static func parseGolangMigrate(_ base: String) -> MigrationNameParse {
    let direction: MigrationName.Direction
    let stem: Substring
    if base.utf8HasSuffix(".up.sql") {
      direction = .up
      stem = base.dropLast(7)
    } else if base.utf8HasSuffix(".down.sql") {
      direction = .down
      stem = base.dropLast(9)
    } else {
      return .invalid("expected `<version>_<title>.up.sql` or `<version>_<title>.down.sql`")
    }
    guard let (digits, rest) = leadingDigits(String(stem)), rest.hasPrefix("_") else {
      return .invalid("expected `<version>_<title>.up.sql` with a numeric version")
    }
    return .valid(MigrationName(version: .number(digits), direction: direction))
  }

  /// A valid diesel name (`<version>_<name>/up.sql` or `down.sql`) read on
  /// the bytes of an all-ASCII name, where bytes are characters; nil for
  /// anything else, which `parseDiesel` then explains (its character
  /// searches cost about 8,000 instructions a file, 10 M on the corpus run).
  private static func validDiesel(_ relativeName: String, _ shape: NameShape) -> MigrationName? {
    guard shape.isASCII, shape.slashes == 1 else { return nil }
    func valid(_ bytes: UnsafeBufferPointer<UInt8>) -> MigrationName? {
      let slash = shape.firstSlash
      let file = UnsafeBufferPointer(rebasing: bytes[(slash + 1)...])
      let direction: MigrationName.Direction
      if file.elementsEqual("up.sql".utf8) {
        direction = .up
      } else if file.elementsEqual("down.sql".utf8) {
        direction = .down
      } else {
        return nil
      }
      guard let underscore = bytes[..<slash].firstIndex(of: UInt8(ascii: "_")) else { return nil }
      let version = UnsafeBufferPointer(rebasing: bytes[..<underscore])
      guard !version.isEmpty, version.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }),
        version.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
      else { return nil }
      return MigrationName(version: .text(String(decoding: version, as: UTF8.self)), direction: direction)
    }
    if let name = relativeName.utf8.withContiguousStorageIfAvailable(valid) { return name }
    var copy = relativeName
    return copy.withUTF8(valid)
  }

  private static func parseDiesel(_ components: [String]) -> MigrationNameParse {
    guard components.count == 2 else {
      return .invalid("diesel migrations are folders `<version>_<name>/` holding `up.sql` and `down.sql`")
    }
    let folder = components[0]
    let direction: MigrationName.Direction
    switch components[1] {
    case "up.sql": direction = .up
    case "down.sql": direction = .down
    default: return .invalid("a diesel migration folder holds only `up.sql` and `down.sql`")
    }
    guard let underscore = folder.firstIndex(of: "_") else {
      return .invalid("the folder must be named `<version>_<name>`")
    }
    let version = folder[..<underscore]
    guard !version.isEmpty, version.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }),
      version.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
    else {
      return .invalid("the folder's version `\(version)` must be digits (and `-`), e.g. 2024-01-31-120000")
    }
    return .valid(MigrationName(version: .text(String(version)), direction: direction))
  }

  /// The leading ASCII digits of `text` (non-empty) and the rest.
  private static func leadingDigits(_ text: String) -> (Substring, Substring)? {
    let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
    guard !digits.isEmpty else { return nil }
    return (digits, text[digits.endIndex...])
  }
}

/// What a file name says about a migration.
public struct MigrationName: Sendable, Equatable {
  /// Which way a migration goes.
  public enum Direction: String, Sendable {
    /// A forward migration (or the only kind the runner has).
    case up
    /// A rollback (`.down.sql`, diesel `down.sql`, Flyway `U`): never applied on deploy.
    case down
    /// Flyway `R__`: re-applied whenever it changes; has no version.
    case repeatable
  }

  /// The version used for ordering; nil for repeatable migrations.
  public var version: MigrationVersion?
  public var direction: Direction

  public init(version: MigrationVersion?, direction: Direction) {
    self.version = version
    self.direction = direction
  }
}

/// The result of `NamingScheme.parse`.
public enum MigrationNameParse: Sendable, Equatable {
  case valid(MigrationName)
  /// The runner still runs the file, but the name breaks the convention
  /// (e.g. an 8-digit Supabase version); reported, and still ordered.
  case nonstandard(MigrationName, String)
  /// The runner does not recognise the file as a migration; the reason is
  /// shown to the user. It has no version.
  case invalid(String)

  /// The parsed name, when the runner recognises the file.
  public var name: MigrationName? {
    switch self {
    case .valid(let name), .nonstandard(let name, _): return name
    case .invalid: return nil
    }
  }

  /// Why the name is reported by `invalid-migration-filename`, if it is.
  public var problem: String? {
    switch self {
    case .valid: return nil
    case .nonstandard(_, let reason), .invalid(let reason): return reason
    }
  }
}
