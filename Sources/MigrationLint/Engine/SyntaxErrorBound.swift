import PostgresSyntax

/// Keeps `syntax-error` findings few and meaningful on any input (issue 21):
/// a file of 100,000 NUL bytes once gave 100,000 findings (55 MB of JSON).
///
/// - A binary file (NULs, control bytes or invalid UTF-8 make up a quarter
///   of its start) gets one finding, "not a text file".
/// - Otherwise, like PostgreSQL, only the first error of a statement counts:
///   the server stops reading a statement at its first error and resumes at
///   the next one.
/// - At most `limit` findings per file, then one "N more syntax errors not
///   shown".
enum SyntaxErrorBound {
  static let limit = 100
  /// Bytes looked at to tell a binary file.
  static let sample = 65_536
  static let notText = "not a text file: PostgreSQL cannot run it as SQL"

  /// The single finding for a binary file, or nil for a text file.
  static func binaryFinding(_ source: SourceFile) -> Diagnostic? {
    let bytes = source.bytes
    let end = min(bytes.count, sample)
    guard end > 0 else { return nil }
    // The fewest suspicious bytes that make the file binary.
    let needed = (end + 3) / 4
    let suspicious = bytes.withUnsafeBufferPointer { buffer in
      var suspicious = 0
      var index = 0
      let raw = UnsafeRawBufferPointer(buffer)
      // Bytes before this index are looked at one by one.
      var bytewiseEnd = 0
      while index < end {
        // Eight ASCII bytes at a time (this scan ran byte by byte over every
        // file and cost 9 instructions a byte on the corpus); a word holding
        // a byte of 0x80 or more is walked byte by byte, to validate UTF-8.
        if index >= bytewiseEnd, index + 8 <= end {
          // Text once even all the bytes left could not make it binary: the
          // last quarter of a text file is not read (8 M instructions on
          // the corpus run).
          if index - suspicious > end - needed { return suspicious }
          let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
          if word & 0x8080_8080_8080_8080 == 0 {
            suspicious += Self.suspiciousASCII(word)
            index += 8
            continue
          }
          bytewiseEnd = index + 8
        }
        let byte = buffer[index]
        if byte < 0x80 {
          // NUL and control bytes other than tab, line feed, form feed and carriage return.
          if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D { suspicious += 1 }
          if byte == 0x7F { suspicious += 1 }
          index += 1
          continue
        }
        let length = validSequenceLength(bytes, at: index)
        if length == 0 {
          suspicious += 1
          index += 1
        } else {
          index += length
        }
      }
      return suspicious
    }
    guard suspicious >= needed else { return nil }
    return Diagnostic(
      ruleID: "syntax-error", severity: .error, path: source.path, range: 0..<0,
      message: notText,
      help: """
        \(suspicious) of its first \(end) bytes are NUL, control bytes or invalid UTF-8. \
        Remove it from the migrations folder, or save it as UTF-8 text.
        """)
  }

  /// How many of the eight ASCII bytes of `word` are NUL, DEL or a control
  /// byte other than tab, line feed, form feed and carriage return.
  @inline(__always)
  static func suspiciousASCII(_ word: UInt64) -> Int {
    @inline(__always) func equal(_ byte: UInt8) -> UInt64 { WordBytes.equal(word, byte) }
    let candidates = WordBytes.zeroBytes(word & 0xE0E0_E0E0_E0E0_E0E0) | equal(0x7F)
    guard candidates != 0 else { return 0 }
    let whitespace = equal(0x09) | equal(0x0A) | equal(0x0C) | equal(0x0D)
    return (candidates & ~whitespace).nonzeroBitCount
  }

  /// The length of the valid UTF-8 sequence starting at `index` (a byte
  /// of 0x80 or more), or 0.
  static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
    let lead = bytes[index]
    let length: Int
    var lower: UInt8 = 0x80
    var upper: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      lower = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      upper = 0x9F
    case 0xF0:
      length = 4
      lower = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      upper = 0x8F
    default: return 0
    }
    guard index + length <= bytes.count else { return 0 }
    let second = bytes[index + 1]
    guard second >= lower && second <= upper else { return 0 }
    for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
    return length
  }

  /// The first error of each statement, and every error outside statements
  /// (in comments or whitespace between them), in order.
  static func firstPerStatement(_ errors: [LexError], statements: [Statement]) -> [LexError] {
    guard !errors.isEmpty, !statements.isEmpty else { return errors }
    let sorted = errors.sorted { $0.offset < $1.offset }
    var kept: [LexError] = []
    var statementIndex = 0
    var reported = -1
    for error in sorted {
      while statementIndex < statements.count && statements[statementIndex].range.upperBound <= error.offset {
        statementIndex += 1
      }
      if statementIndex < statements.count && statements[statementIndex].range.lowerBound <= error.offset {
        if reported == statementIndex { continue }
        reported = statementIndex
      }
      kept.append(error)
    }
    return kept
  }

  /// The first `limit` findings in source order, then one that counts the rest.
  static func bounded(_ diagnostics: [Diagnostic], path: String) -> [Diagnostic] {
    guard diagnostics.count > limit else { return diagnostics }
    let sorted = diagnostics.sorted { $0.range.lowerBound < $1.range.lowerBound }
    let rest = sorted.count - limit
    let next = sorted[limit].range.lowerBound
    return Array(sorted.prefix(limit)) + [
      Diagnostic(
        ruleID: "syntax-error", severity: .error, path: path, range: next..<next,
        message: "\(rest) more syntax error\(rest == 1 ? "" : "s") not shown",
        help: "Fix the errors above first: a file with a syntax error fails as a whole.")
    ]
  }
}
