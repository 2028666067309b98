/// Names for the migrations a split creates: the next free versions of the
/// folder's naming scheme right after the original, before the next existing
/// migration.
enum SplitNaming {
  struct Problem: Error, Equatable {
    var message: String
  }

  /// `count` new relative names after `name` (version `version`), the i-th
  /// one described by `reasons[i]`. Fails when the scheme has no version
  /// between `version` and `next` (e.g. sequence numbers with no gap).
  static func names(
    after name: String, version: MigrationVersion, count: Int, reasons: [SplitReason], naming: NamingScheme,
    existing: [MigrationVersion], next: (name: String, version: MigrationVersion)?
  ) -> Result<[String], Problem> {
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    let folder = parts.dropLast().map { $0 + "/" }.joined()
    let base = parts.last.map(String.init) ?? name
    var names: [String] = []
    for index in 0..<count {
      let suffix = index < reasons.count ? reasons[index].rawValue : SplitReason.continued.rawValue
      let candidate: String?
      switch naming {
      case .supabase, .dbmate:
        candidate = versioned(base, step: index + 1, extensions: ".sql", suffix: suffix)
      case .golangMigrate:
        candidate = versioned(base, step: index + 1, extensions: ".up.sql", suffix: suffix)
      case .flyway:
        candidate = flyway(base, step: index + 1, suffix: suffix)
      case .diesel, .none:
        return .failure(
          Problem(message: "the \(naming.rawValue) naming scheme has no version cslint can insert; split it by hand"))
      }
      guard let candidate, let parsed = naming.parse(folder + candidate).name?.version else {
        return .failure(Problem(message: "cannot derive a new migration name from '\(name)'"))
      }
      let taken = existing.contains(parsed) || names.contains { naming.parse($0).name?.version == parsed }
      let fits = version < parsed && (next.map { parsed < $0.version } ?? true)
      guard fits, !taken else {
        let before = next.map { " and before '\($0.name)'" } ?? ""
        return .failure(
          Problem(
            message: """
              no free version for a new migration right after it\(before) (tried '\(folder + candidate)'); \
              make room (rename the later migrations if none is applied) or split it by hand
              """))
      }
      names.append(folder + candidate)
    }
    return .success(names)
  }

  /// `<digits>_<name><extensions>` → `<digits + step>_<name>_<suffix><extensions>`.
  static func versioned(_ base: String, step: Int, extensions: String, suffix: String) -> String? {
    let bytes = Array(base.utf8)
    let digitCount = bytes.prefix(while: { $0 >= 0x30 && $0 <= 0x39 }).count
    guard digitCount > 0, digitCount < bytes.count, bytes[digitCount] == UInt8(ascii: "_"),
      base.utf8HasSuffix(extensions)
    else { return nil }
    let digits = String(decoding: bytes[0..<digitCount], as: UTF8.self)
    let stem = String(decoding: bytes[(digitCount + 1)..<(bytes.count - extensions.utf8.count)], as: UTF8.self)
    guard let next = successor(digits, step: step) else { return nil }
    return "\(next)_\(stem.isEmpty ? "" : stem + "_")\(suffix)\(extensions)"
  }

  /// `V<version>__<description>.sql` → `V<version>.<step>__<description>_<suffix>.sql`.
  static func flyway(_ base: String, step: Int, suffix: String) -> String? {
    guard base.hasPrefix("V"), base.utf8HasSuffix(".sql"), let separator = base.firstRange(of: "__") else { return nil }
    let version = base[base.index(after: base.startIndex)..<separator.lowerBound]
    let description = base[separator.upperBound...].dropLast(4)
    return "V\(version).\(step)__\(description.isEmpty ? "" : description + "_")\(suffix).sql"
  }

  /// The version `step` after `digits`: a 14-digit timestamp
  /// (`YYYYMMDDHHMMSS`) advances by `step` seconds, any other number by
  /// `step`, keeping its width (leading zeros).
  static func successor(_ digits: String, step: Int) -> String? {
    let values = digits.utf8.map { Int($0) - 0x30 }
    if values.count == 14, NamingScheme.timestampProblem(values) == nil {
      return timestamp(values, plusSeconds: step)
    }
    // Decimal addition on the digit string (no overflow for long versions).
    var result = Array(digits.utf8)
    var carry = step
    var index = result.count - 1
    while carry > 0 {
      if index < 0 {
        result.insert(UInt8(0x30 + carry % 10), at: 0)
        carry /= 10
        continue
      }
      let sum = Int(result[index]) - 0x30 + carry
      result[index] = UInt8(0x30 + sum % 10)
      carry = sum / 10
      index -= 1
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// A valid `YYYYMMDDHHMMSS` plus `seconds` (seconds < one day).
  static func timestamp(_ d: [Int], plusSeconds seconds: Int) -> String {
    func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + d[$1] } }
    var year = value(0..<4)
    var month = value(4..<6)
    var day = value(6..<8)
    var total = value(8..<10) * 3600 + value(10..<12) * 60 + value(12..<14) + seconds
    while total >= 86_400 {
      total -= 86_400
      let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
      let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
      day += 1
      if day > monthDays {
        day = 1
        month += 1
        if month > 12 {
          month = 1
          year += 1
        }
      }
    }
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return pad(year, 4) + pad(month, 2) + pad(day, 2) + pad(total / 3600, 2) + pad(total % 3600 / 60, 2)
      + pad(total % 60, 2)
  }
}
