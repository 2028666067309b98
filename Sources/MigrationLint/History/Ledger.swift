import PostgresSyntax

/// One applied migration recorded in the ledger.
public struct LedgerEntry: Sendable, Equatable {
  /// The version as recorded (informational; checks re-derive versions from
  /// the name with the configured naming scheme). `-` when unknown.
  public var version: String
  /// Path relative to the migrations directory, `/`-separated.
  public var relativeName: String
  /// SHA-256 of the file's bytes (32 bytes).
  public var checksum: [UInt8]
  /// Per-statement fingerprints, or nil when the line has none (written by
  /// hand or by another tool): then an edit is reported without detail.
  public var statements: [StatementFingerprint]?
  /// 1-based line in the ledger file (0 for an entry not read from a file).
  public var line: Int
  /// Byte range of the line in the ledger file (for diagnostics).
  public var lineRange: Range<Int>

  public init(
    version: String, relativeName: String, checksum: [UInt8], statements: [StatementFingerprint]?, line: Int = 0,
    lineRange: Range<Int> = 0..<0
  ) {
    self.version = version
    self.relativeName = relativeName
    self.checksum = checksum
    self.statements = statements
    self.line = line
    self.lineRange = lineRange
  }

  /// The entry that records `file` as applied now.
  public init(recording file: MigrationFile, naming: NamingScheme) {
    self.init(
      version: naming.parse(file.relativeName).name?.version?.text ?? "-", relativeName: file.relativeName,
      checksum: SHA256.hash(file.bytes), statements: StatementSummary.summarize(file.bytes).map(\.fingerprint))
  }
}

/// The applied-migration ledger (`supabase/migrations/cslint.lock`).
///
/// Plain UTF-8 text meant to be committed and reviewed: a header comment, then
/// one line per applied migration, sorted by version then name:
///
///     <version> <file> sha256:<64 hex> statements:<8 hex>,<8 hex>,...
///
/// Fields are separated by spaces; spaces, control characters and `%` in a
/// name are percent-encoded. Lines starting with `#` and blank lines are
/// ignored. The `statements:` field lists one fingerprint per statement (see
/// `StatementFingerprint`) so an edit can be pinned to the statements it
/// touched; it is optional when reading.
public struct Ledger: Sendable, Equatable {
  /// The ledger's file name inside the migrations directory.
  public static let defaultFileName = "cslint.lock"

  public var entries: [LedgerEntry]

  public init(entries: [LedgerEntry]) {
    self.entries = entries
  }

  /// The default ledger path for a migrations directory.
  public static func defaultPath(forMigrationsDirectory directory: String) -> String {
    join(directory, defaultFileName)
  }

  static let header = """
    # cslint ledger, format 1: the migrations that have been applied to your databases.
    # cslint reports an edit, deletion or rename of any file listed here, and any new
    # file whose version sorts before the newest one listed. Do not edit by hand:
    # after applying migrations (e.g. after `supabase db push`, in the deploy job) run
    #   cslint ledger update [DIR]               record every current migration file
    #   cslint ledger update --only FILE...      record (or forget) just these files
    # Each line: <version> <file> sha256:<checksum> statements:<fingerprints>
    # (one 8-digit fingerprint per statement, ignoring comments and whitespace, so
    # cslint can say which statement of an applied file was changed).

    """

  // MARK: - Writing

  /// The file's bytes: header, then entries sorted by version then name.
  /// Deterministic, so writing an unchanged ledger changes nothing.
  public func serialized(naming: NamingScheme) -> [UInt8] {
    let keyed = entries.map { entry in (entry, naming.parse(entry.relativeName).name?.version) }
    let sorted = keyed.sorted { left, right in
      switch (left.1, right.1) {
      case (let l?, let r?) where l != r: return l < r
      case (.some, .none): return true
      case (.none, .some): return false
      default: return left.0.relativeName.utf8.lexicographicallyPrecedes(right.0.relativeName.utf8)
      }
    }
    var out = Array(Self.header.utf8)
    for (entry, _) in sorted {
      var line = Self.encodeField(entry.version) + " " + Self.encodeField(entry.relativeName)
      line += " sha256:" + SHA256.hexString(entry.checksum)
      if let statements = entry.statements {
        line += " statements:" + statements.map(\.description).joined(separator: ",")
      }
      out.append(contentsOf: line.utf8)
      out.append(0x0A)
    }
    return out
  }

  /// Percent-encodes bytes that would break the space-separated format.
  static func encodeField(_ text: String) -> String {
    var out: [UInt8] = []
    for byte in text.utf8 {
      if byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "%") {
        out.append(UInt8(ascii: "%"))
        out.append(contentsOf: SHA256.hexString([byte]).uppercased().utf8)
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  // MARK: - Reading

  /// Parses a ledger file. Any malformed line is an error with its line and column.
  public static func parse(_ bytes: [UInt8], path: String) throws -> Ledger {
    let source = SourceFile(path: path, bytes: bytes)
    var entries: [LedgerEntry] = []
    var firstLine: [String: Int] = [:]
    for line in 1...source.lineStarts.count {
      let range = source.lineRange(line)
      guard let entry = try parseLine(source, line: line, range: range) else { continue }
      if let previous = firstLine[entry.relativeName] {
        throw error(source, at: range.lowerBound, "`\(entry.relativeName)` is listed twice (first on line \(previous))")
      }
      firstLine[entry.relativeName] = line
      entries.append(entry)
    }
    return Ledger(entries: entries)
  }

  private static func error(_ source: SourceFile, at offset: Int, _ message: String) -> LedgerError {
    let location = source.location(of: offset)
    return LedgerError(path: source.path, line: location.line, column: location.column, message: message)
  }

  private static let expectedLine = "expected `<version> <file> sha256:<64 hex digits> [statements:<fingerprints>]`"

  private static func parseLine(_ source: SourceFile, line: Int, range: Range<Int>) throws -> LedgerEntry? {
    let bytes = source.bytes
    // Fields: maximal runs of bytes other than space and tab.
    var fields: [Range<Int>] = []
    var index = range.lowerBound
    while index < range.upperBound {
      if bytes[index] == 0x20 || bytes[index] == 0x09 {
        index += 1
        continue
      }
      let start = index
      while index < range.upperBound && bytes[index] != 0x20 && bytes[index] != 0x09 { index += 1 }
      fields.append(start..<index)
    }
    guard let first = fields.first, bytes[first.lowerBound] != UInt8(ascii: "#") else { return nil }
    let firstText = source.text(first)
    if firstText.hasPrefix("<<<<<<<") || firstText.hasPrefix("=======") || firstText.hasPrefix(">>>>>>>") {
      throw error(
        source, at: first.lowerBound,
        "unresolved merge conflict marker; resolve it by running `cslint ledger update` after the merge")
    }
    guard fields.count >= 3 else {
      throw error(source, at: fields.count == 1 ? first.upperBound : fields[1].upperBound, expectedLine)
    }
    let version = try decodeField(source, fields[0], what: "version")
    let name = try decodeField(source, fields[1], what: "file name")
    try validateRelativeName(name, source: source, field: fields[1])
    let checksum = try parseChecksum(source, fields[2])
    var statements: [StatementFingerprint]?
    if fields.count >= 4 {
      statements = try parseStatements(source, fields[3])
    }
    if fields.count >= 5 {
      throw error(source, at: fields[4].lowerBound, "unexpected text after the statements field")
    }
    return LedgerEntry(
      version: version, relativeName: name, checksum: checksum, statements: statements, line: line, lineRange: range)
  }

  private static func decodeField(_ source: SourceFile, _ field: Range<Int>, what: String) throws -> String {
    var out: [UInt8] = []
    var index = field.lowerBound
    while index < field.upperBound {
      let byte = source.bytes[index]
      if byte == UInt8(ascii: "%") {
        guard index + 3 <= field.upperBound,
          let high = hexDigitValue(source.bytes[index + 1]), let low = hexDigitValue(source.bytes[index + 2])
        else {
          throw error(source, at: index, "invalid percent escape in the \(what); expected `%` and two hex digits")
        }
        out.append(high << 4 | low)
        index += 3
      } else {
        out.append(byte)
        index += 1
      }
    }
    let text = String(decoding: out, as: UTF8.self)
    guard text.utf8.elementsEqual(out) else {
      throw error(source, at: field.lowerBound, "the \(what) is not valid UTF-8")
    }
    return text
  }

  private static func validateRelativeName(_ name: String, source: SourceFile, field: Range<Int>) throws {
    let components = name.split(separator: "/", omittingEmptySubsequences: false)
    if name.hasPrefix("/") || components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
      throw error(
        source, at: field.lowerBound,
        "the file name must be relative to the migrations directory, without `.`, `..` or empty parts")
    }
  }

  private static func parseChecksum(_ source: SourceFile, _ field: Range<Int>) throws -> [UInt8] {
    let prefix = Array("sha256:".utf8)
    let bytes = source.bytes
    guard field.count >= prefix.count, bytes[field.lowerBound..<field.lowerBound + prefix.count].elementsEqual(prefix)
    else {
      throw error(source, at: field.lowerBound, "expected `sha256:<64 hex digits>`, found `\(source.text(field))`")
    }
    let hexStart = field.lowerBound + prefix.count
    var digest: [UInt8] = []
    var index = hexStart
    while index < field.upperBound {
      guard let high = hexDigitValue(bytes[index]) else {
        throw error(source, at: index, "invalid hex digit in the checksum")
      }
      guard index + 1 < field.upperBound else { break }
      guard let low = hexDigitValue(bytes[index + 1]) else {
        throw error(source, at: index + 1, "invalid hex digit in the checksum")
      }
      digest.append(high << 4 | low)
      index += 2
    }
    guard field.upperBound - hexStart == 64 else {
      throw error(
        source, at: hexStart, "the checksum has \(field.upperBound - hexStart) hex digits; SHA-256 has 64")
    }
    return digest
  }

  private static func parseStatements(_ source: SourceFile, _ field: Range<Int>) throws -> [StatementFingerprint] {
    let prefix = Array("statements:".utf8)
    let bytes = source.bytes
    guard field.count >= prefix.count, bytes[field.lowerBound..<field.lowerBound + prefix.count].elementsEqual(prefix)
    else {
      throw error(source, at: field.lowerBound, "expected `statements:<fingerprints>`, found `\(source.text(field))`")
    }
    var result: [StatementFingerprint] = []
    var start = field.lowerBound + prefix.count
    guard start < field.upperBound else { return [] }
    while true {
      var end = start
      while end < field.upperBound && bytes[end] != UInt8(ascii: ",") { end += 1 }
      guard let fingerprint = StatementFingerprint(hex: bytes[start..<end]) else {
        throw error(source, at: start, "a statement fingerprint is exactly 8 hex digits")
      }
      result.append(fingerprint)
      if end == field.upperBound { break }
      start = end + 1
    }
    return result
  }
}
