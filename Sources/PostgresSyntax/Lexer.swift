/// PostgreSQL's lexical grammar (`src/backend/parser/scan.l`, with
/// `standard_conforming_strings = on`) plus the psql additions migrations
/// contain: meta-command lines (`\set x 1`) and variables (`:name`).
///
/// The lexer never fails: unterminated or invalid constructs become `.error`
/// tokens (or keep their literal kind) and a `LexError` is recorded; scanning
/// goes on. Whitespace is not emitted; comments are emitted as trivia tokens,
/// so every byte of the input is either whitespace or inside a token.
public enum Lexer {
  /// Tokens in source order plus every error found.
  public struct Result: Sendable {
    public var tokens: [Token]
    public var errors: [LexError]
    /// No byte is NUL, invalid UTF-8, DEL, or a control byte other than
    /// tab, line feed, form feed and carriage return: no binary file.
    /// Found by the UTF-8 validation pass, so the linter's binary-file test
    /// need not read the file again (saves ~20 M instructions on the corpus
    /// run). False when in doubt.
    public var isPlainText = false
  }

  /// Scans `bytes` into tokens.
  public static func tokenize(_ bytes: [UInt8]) -> Result {
    // Token offsets are 32-bit (see `Token`).
    guard bytes.count < Token.maximumOffset else {
      return Result(tokens: [], errors: [LexError(kind: .fileTooLarge, offset: 0, end: 0)])
    }
    return bytes.withUnsafeBufferPointer { buffer in
      var scanner = Scanner(buffer)
      let tokens = scan(&scanner, validating: true)
      return Result(tokens: tokens, errors: scanner.errors, isPlainText: !scanner.sawSuspiciousByte)
    }
  }

  /// The tokens of `range` of `bytes` scanned as a text of its own (a
  /// PL/pgSQL body, say), with offsets in `bytes`. Errors are not reported
  /// and the UTF-8 pass is skipped: the bytes were validated with the file.
  /// (Lexing a copy of the range and shifting the tokens into a second
  /// array cost 6 M instructions more on the corpus run.)
  static func tokens(of bytes: [UInt8], in range: Range<Int>) -> [Token] {
    let range = range.clamped(to: 0..<bytes.count)
    guard !range.isEmpty, range.upperBound < Token.maximumOffset else { return [] }
    return bytes.withUnsafeBufferPointer { buffer in
      var scanner = Scanner(UnsafeBufferPointer(rebasing: buffer[range]))
      var tokens = scan(&scanner, validating: false)
      // In bounds: every offset is at most `range.count`, and
      // `range.upperBound` fits in 32 bits.
      let base = UInt32(truncatingIfNeeded: range.lowerBound)
      if base != 0 {
        tokens.withUnsafeMutableBufferPointer { tokens in
          for index in tokens.indices {
            tokens[index].storedStart &+= base
            tokens[index].storedEnd &+= base
          }
        }
      }
      return tokens
    }
  }

  private static func scan(_ scanner: inout Scanner, validating: Bool) -> [Token] {
    if scanner.count < 256 {
      // A short text (a policy expression, a small body) appends its tokens
      // to room reserved up front, which the standard library allocates in
      // code specialized for `Token`: `Array(unsafeUninitializedCapacity:)`
      // looks the array type up at run time, about 400 instructions a call
      // (2 M on the corpus run), more than the appends cost here.
      scanner.overflow.reserveCapacity(scanner.count / 4 + 16)
      scanner.run(validating: validating)
      return scanner.overflow
    }
    // Tokens are written straight into the result's storage: a plain store
    // per token instead of `Array.append`'s uniqueness and capacity checks
    // (about a tenth of the lexer's time). Real SQL averages one token per
    // five bytes; denser input continues in `overflow`.
    var tokens = [Token](unsafeUninitializedCapacity: scanner.count / 4 + 16) { storage, initialized in
      scanner.storage = storage
      scanner.run(validating: validating)
      initialized = scanner.stored
      scanner.storage = UnsafeMutableBufferPointer(start: nil, count: 0)
    }
    if !scanner.overflow.isEmpty { tokens.append(contentsOf: scanner.overflow) }
    return tokens
  }
}

// MARK: - Byte classes

/// Byte classification table: one lookup per byte in the hot loops.
@usableFromInline
struct ByteClass {
  static let space: UInt8 = 1
  static let identStart: UInt8 = 2
  static let identContinue: UInt8 = 4
  static let digit: UInt8 = 8
  static let operatorChar: UInt8 = 16
  static let dollarTagContinue: UInt8 = 32
  /// `(`, `)`, `[`, `]`, `,` and `;`: always a token of their own.
  static let single: UInt8 = 64
  /// Letters that may start a prefixed literal (`E'`, `B'`, `X'`, `N'`, `U&`).
  static let prefix: UInt8 = 128

  static let table: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 256)
    for byte in [0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B] as [UInt8] { table[Int(byte)] |= space }
    for byte in UInt8(ascii: "a")...UInt8(ascii: "z") {
      table[Int(byte)] |= identStart | identContinue | dollarTagContinue
    }
    for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") {
      table[Int(byte)] |= identStart | identContinue | dollarTagContinue
    }
    for byte in 0x80...0xFF { table[byte] |= identStart | identContinue | dollarTagContinue }
    table[Int(UInt8(ascii: "_"))] |= identStart | identContinue | dollarTagContinue
    for byte in UInt8(ascii: "0")...UInt8(ascii: "9") {
      table[Int(byte)] |= identContinue | digit | dollarTagContinue
    }
    table[Int(UInt8(ascii: "$"))] |= identContinue
    for byte in Array("~!@#^&|`?+-*/%<>=".utf8) { table[Int(byte)] |= operatorChar }
    for byte in Array("()[],;".utf8) { table[Int(byte)] |= single }
    for byte in Array("eEbBxXnNuU".utf8) { table[Int(byte)] |= prefix }
    return table
  }()

  /// The kind of each `single` byte (`.error` for the others).
  // nonisolated(unsafe): written once by the lazy initializer (which Swift
  // runs exactly once, thread-safely) and only read afterwards.
  nonisolated(unsafe) static let singleKinds: UnsafePointer<TokenKind> = {
    let pointer = UnsafeMutablePointer<TokenKind>.allocate(capacity: 256)
    pointer.initialize(repeating: .error, count: 256)
    let kinds: [(Character, TokenKind)] = [
      ("(", .leftParen), (")", .rightParen), ("[", .leftBracket), ("]", .rightBracket), (",", .comma),
      (";", .semicolon),
    ]
    for (character, kind) in kinds {
      if let byte = character.asciiValue { pointer[Int(byte)] = kind }
    }
    return UnsafePointer(pointer)
  }()

  /// `table` as a raw pointer, allocated once and never freed: indexing an
  /// `Array` with a byte costs a bounds check the optimiser cannot remove,
  /// and this lookup runs for almost every input byte.
  // nonisolated(unsafe): as `singleKinds`, initialized once and read-only after.
  nonisolated(unsafe) static let pointer: UnsafePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    pointer.initialize(from: table, count: 256)
    return UnsafePointer(pointer)
  }()
}

// MARK: - Scanner

private let quote = UInt8(ascii: "'")
private let doubleQuote = UInt8(ascii: "\"")
private let dollar = UInt8(ascii: "$")
private let backslash = UInt8(ascii: "\\")
private let newline: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

private struct Scanner {
  let input: UnsafeBufferPointer<UInt8>
  let count: Int
  let classes: UnsafePointer<UInt8>
  let singleKinds: UnsafePointer<TokenKind>
  var position = 0
  /// Uninitialized room for tokens (see `Lexer.tokenize`); `stored` are written.
  var storage = UnsafeMutableBufferPointer<Token>(start: nil, count: 0)
  var stored = 0
  /// Tokens that did not fit in `storage`, in order after them.
  var overflow: [Token] = []
  var errors: [LexError] = []
  /// `validateUTF8` met a byte that makes `Result.isPlainText` false.
  var sawSuspiciousByte = false

  init(_ input: UnsafeBufferPointer<UInt8>) {
    self.input = input
    self.count = input.count
    self.classes = ByteClass.pointer
    self.singleKinds = ByteClass.singleKinds
  }

  @inline(__always) func peek(_ offset: Int = 0) -> UInt8 {
    let index = position + offset
    return index < count ? input[index] : 0
  }

  @inline(__always) func byteClass(_ byte: UInt8) -> UInt8 { classes[Int(byte)] }

  @inline(__always) func isSpace(_ byte: UInt8) -> Bool { classes[Int(byte)] & ByteClass.space != 0 }

  @inline(__always) mutating func emit(_ kind: TokenKind, from start: Int) {
    let token = Token(kind: kind, start: start, end: position)
    if stored < storage.count {
      // A non-empty buffer has a base address.
      (storage.baseAddress.unsafelyUnwrapped + stored).initialize(to: token)
      stored += 1
    } else {
      overflow.append(token)
    }
  }

  /// Moves the end of the token emitted last (it must exist).
  mutating func extendLastToken(to end: Int) {
    if let last = overflow.indices.last {
      overflow[last].end = end
    } else if stored > 0 {
      storage[stored - 1].end = end
    }
  }

  mutating func error(_ kind: LexErrorKind, from start: Int, to end: Int? = nil) {
    errors.append(LexError(kind: kind, offset: start, end: end ?? position))
  }

  mutating func run(validating: Bool) {
    if count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF {
      position = 3
      emit(.error, from: 0)
      error(.byteOrderMark, from: 0)
    }
    if validating { validateUTF8() }
    while position < count {
      let start = position
      let byte = input[position]
      let classes = byteClass(byte)
      if classes & ByteClass.space != 0 {
        // Whitespace comes in runs (a newline and the indentation).
        position += 1
        while position < count && isSpace(input[position]) { position += 1 }
        continue
      }
      if classes & ByteClass.identStart != 0 {
        // Words are the most frequent token: dispatch them before the
        // general switch (no other case of `scanToken` starts with an
        // identifier byte, so the order does not change the result).
        if classes & ByteClass.prefix != 0 {
          let next = peek(1)
          if next == quote || next == UInt8(ascii: "&") {
            scanWordOrPrefixedString()
            continue
          }
        }
        position += 1
        skipIdentifierContinue()
        emit(.identifier, from: start)
        continue
      }
      if classes & ByteClass.single != 0 {
        position += 1
        emit(singleKinds[Int(byte)], from: start)
        continue
      }
      if byte == backslash {
        // psql treats a backslash outside quotes as the start of a
        // meta-command that runs to the end of the line.
        scanToEndOfLine()
        emit(.psqlMetaCommand, from: start)
        continue
      }
      scanToken(startingWith: byte)
      if position == start {
        // Progress guard: every iteration consumes at least one byte.
        position += 1
        emit(.error, from: start)
        error(.unexpectedCharacter, from: start)
      }
    }
  }

  /// Records invalid UTF-8 sequences and NUL bytes. PostgreSQL validates
  /// the whole query string before scanning, so this is a separate pass.
  /// Also notes control bytes (`sawSuspiciousByte`).
  mutating func validateUTF8() {
    var index = 0
    let base = UnsafeRawPointer(input.baseAddress)
    // The vector loop reads signed bytes, whose compares are one instruction
    // each in SSE2 (unsigned ones are emulated): bytes 0x80 and up are negative.
    // Compares and `.|` only: `.&` and `.!` on masks compile to a loop over
    // the lanes, and so do operations with a scalar.
    let one = SIMD16<Int8>(repeating: 1)
    let tab = SIMD16<Int8>(repeating: 0x09)
    let verticalTab = SIMD16<Int8>(repeating: 0x0B)
    let delete = SIMD16<Int8>(repeating: 0x7F)
    // 0x0E...0x1F: `byte - 0x0E < 0x12` unsigned, that is `byte - 0x8E <
    // 0x12 - 0x80` signed.
    let shiftOutBiased = SIMD16<Int8>(repeating: Int8(bitPattern: 0x8E))
    let controlsAfterShiftOut = SIMD16<Int8>(repeating: Int8(bitPattern: 0x12 &+ 0x80))
    /// Bytes (ASCII ones) below 0x20 other than tab, line feed, form feed and
    /// carriage return, and DEL.
    @inline(__always) func control(_ block: SIMD16<Int8>) -> SIMDMask<SIMD16<Int8>> {
      (block .< tab) .| (block .== verticalTab) .| ((block &- shiftOutBiased) .< controlsAfterShiftOut)
        .| (block .== delete)
    }
    while index < count {
      // Fast path: skip bytes in blocks while they are all ASCII and none
      // is NUL (migrations are mostly ASCII, so this is most of the file).
      if let base {
        // Sixty-four bytes per round in vector registers: a byte is NUL or
        // non-ASCII exactly when it is below 1 as a signed byte.
        while index + 64 <= count {
          let first = base.loadUnaligned(fromByteOffset: index, as: SIMD16<Int8>.self)
          let second = base.loadUnaligned(fromByteOffset: index + 16, as: SIMD16<Int8>.self)
          let third = base.loadUnaligned(fromByteOffset: index + 32, as: SIMD16<Int8>.self)
          let fourth = base.loadUnaligned(fromByteOffset: index + 48, as: SIMD16<Int8>.self)
          let flagged = (first .< one) .| (second .< one) .| (third .< one) .| (fourth .< one)
          if ByteWord.any(flagged) { break }
          if ByteWord.any(control(first) .| control(second) .| control(third) .| control(fourth)) {
            sawSuspiciousByte = true
          }
          index += 64
        }
        // The same test on a word: `word - ones` borrows into a high bit or
        // `word` has one set; above the lowest such byte a borrow can flag
        // bytes that are fine.
        let ones: UInt64 = 0x0101_0101_0101_0101
        while index + 8 <= count {
          let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
          let flags = ((word &- ones) | word) & 0x8080_8080_8080_8080
          // Control bytes, as `control` (exact on ASCII bytes: adding 0x60
          // to a byte below 0x80 carries into no other byte).
          let below20 = ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x6060_6060_6060_6060) | word) & 0x8080_8080_8080_8080
          let whitespace =
            ByteWord.zeroBytes(word ^ ByteWord.broadcast(0x09)) | ByteWord.zeroBytes(word ^ ByteWord.broadcast(0x0A))
            | ByteWord.zeroBytes(word ^ ByteWord.broadcast(0x0C)) | ByteWord.zeroBytes(word ^ ByteWord.broadcast(0x0D))
          let controlFlags = (below20 & ~whitespace) | ByteWord.zeroBytes(word ^ ByteWord.broadcast(0x7F))
          if flags != 0 {
            // The lowest flag is exact (borrows only run upwards): go
            // straight to that byte, past the ASCII before it.
            let lowest = flags & (0 &- flags)
            if controlFlags & (lowest &- 1) != 0 { sawSuspiciousByte = true }
            index += flags.trailingZeroBitCount >> 3
            break
          }
          if controlFlags != 0 { sawSuspiciousByte = true }
          index += 8
        }
        if index >= count { break }
      }
      let byte = input[index]
      if byte < 0x80 {
        if byte == 0 { errors.append(LexError(kind: .nulByte, offset: index, end: index + 1)) }
        if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D) || byte == 0x7F {
          sawSuspiciousByte = true
        }
        index += 1
        continue
      }
      let length: Int
      var minimum: UInt32 = 0
      var scalar: UInt32
      if byte & 0xE0 == 0xC0 {
        length = 2
        scalar = UInt32(byte & 0x1F)
        minimum = 0x80
      } else if byte & 0xF0 == 0xE0 {
        length = 3
        scalar = UInt32(byte & 0x0F)
        minimum = 0x800
      } else if byte & 0xF8 == 0xF0 {
        length = 4
        scalar = UInt32(byte & 0x07)
        minimum = 0x10000
      } else {
        errors.append(LexError(kind: .invalidUTF8, offset: index, end: index + 1))
        sawSuspiciousByte = true
        index += 1
        continue
      }
      var valid = index + length <= count
      if valid {
        for offset in 1..<length {
          let next = input[index + offset]
          if next & 0xC0 != 0x80 {
            valid = false
            break
          }
          scalar = scalar << 6 | UInt32(next & 0x3F)
        }
      }
      if valid && (scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF)) {
        valid = false
      }
      if valid {
        index += length
      } else {
        errors.append(LexError(kind: .invalidUTF8, offset: index, end: index + 1))
        sawSuspiciousByte = true
        index += 1
      }
    }
    if !errors.isEmpty { errors.sort { $0.offset < $1.offset } }
  }

  mutating func scanToEndOfLine() {
    position = firstIndex(of: newline, orOf: carriageReturn, from: position)
  }

  // MARK: Word-at-a-time search

  /// The index of the first `target` (or `other`) at or after `index`, or
  /// `count`. Comments, string bodies and dollar-quoted bodies are long runs
  /// without their delimiter: skipping them eight bytes at a time, and
  /// locating the delimiter inside the word without a loop, avoids a compare
  /// and a hard-to-predict branch per byte.
  @inline(__always) func firstIndex(of target: UInt8, orOf other: UInt8? = nil, from index: Int) -> Int {
    var index = index
    if let base = UnsafeRawPointer(input.baseAddress) {
      // Sixteen bytes per step in a vector register while no byte matches,
      // then the word that holds the match.
      let firstVector = SIMD16<UInt8>(repeating: target)
      let secondVector = SIMD16<UInt8>(repeating: other ?? target)
      while index + 16 <= count {
        let block = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
        if any((block .== firstVector) .| (block .== secondVector)) { break }
        index += 16
      }
      let first = ByteWord.broadcast(target)
      let second = ByteWord.broadcast(other ?? target)
      while index + 8 <= count {
        let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let found = ByteWord.zeroBytes(word ^ first) | ByteWord.zeroBytes(word ^ second)
        if found != 0 { return index + found.trailingZeroBitCount >> 3 }
        index += 8
      }
    }
    while index < count {
      let byte = input[index]
      if byte == target || byte == other { return index }
      index += 1
    }
    return count
  }

  mutating func scanToken(startingWith byte: UInt8) {
    let start = position
    switch byte {
    case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
      scanToEndOfLine()
      emit(.lineComment, from: start)
    case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
      scanBlockComment()
    case quote:
      position += 1
      scanQuotedString(kind: .string, backslashEscapes: false, start: start)
    case doubleQuote:
      position += 1
      scanQuotedIdentifier(start: start)
    case dollar:
      scanDollar()
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      scanNumber()
    case UInt8(ascii: "."):
      if byteClass(peek(1)) & ByteClass.digit != 0 {
        scanNumber()
      } else if peek(1) == UInt8(ascii: ".") {
        position += 2
        emit(.dotDot, from: start)
      } else {
        position += 1
        emit(.dot, from: start)
      }
    case UInt8(ascii: "("): single(.leftParen)
    case UInt8(ascii: ")"): single(.rightParen)
    case UInt8(ascii: "["): single(.leftBracket)
    case UInt8(ascii: "]"): single(.rightBracket)
    case UInt8(ascii: ","): single(.comma)
    case UInt8(ascii: ";"): single(.semicolon)
    case UInt8(ascii: ":"):
      scanColon()
    case 0:
      position += 1
      emit(.error, from: start)
    default:
      let classes = byteClass(byte)
      if classes & ByteClass.identStart != 0 {
        scanWordOrPrefixedString()
      } else if classes & ByteClass.operatorChar != 0 {
        scanOperator()
      } else {
        // Control characters and the like: PostgreSQL reports a syntax error.
        position += 1
        emit(.error, from: start)
        error(.unexpectedCharacter, from: start)
      }
    }
  }

  @inline(__always) mutating func single(_ kind: TokenKind) {
    position += 1
    emit(kind, from: position - 1)
  }

  // MARK: Comments

  mutating func scanBlockComment() {
    let start = position
    position += 2
    var depth = 1
    while position < count {
      position = firstIndex(of: UInt8(ascii: "*"), orOf: UInt8(ascii: "/"), from: position)
      if position >= count { break }
      let byte = input[position]
      if byte == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
        position += 2
        depth -= 1
        if depth == 0 {
          emit(.blockComment, from: start)
          return
        }
      } else if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
        position += 2
        depth += 1
      } else {
        position += 1
      }
    }
    emit(.error, from: start)
    error(.unterminatedBlockComment, from: start, to: start + 2)
  }

  // MARK: Strings

  /// Scans the body of a `'...'` literal whose opening quote was consumed.
  /// Handles `''`, optional backslash escapes, and scan.l's continuation of a
  /// literal across whitespace that contains a newline (`'a'\n'b'`).
  mutating func scanQuotedString(kind: TokenKind, backslashEscapes: Bool, start: Int) {
    while true {
      var closed = false
      while position < count {
        if !backslashEscapes {
          position = firstIndex(of: quote, from: position)
          if position >= count { break }
        }
        let byte = input[position]
        if byte == quote {
          if peek(1) == quote {
            position += 2
            continue
          }
          position += 1
          closed = true
          break
        }
        if byte == backslash && backslashEscapes {
          position += min(2, count - position)
          continue
        }
        position += 1
      }
      if !closed {
        emit(.error, from: start)
        let errorKind: LexErrorKind
        switch kind {
        case .bitString: errorKind = .unterminatedBitString
        case .hexString: errorKind = .unterminatedHexString
        default: errorKind = .unterminatedString
        }
        error(errorKind, from: start, to: min(count, start + 1))
        return
      }
      guard let next = continuationQuote() else {
        emit(kind, from: start)
        return
      }
      position = next + 1
    }
  }

  /// If the literal just closed continues (whitespace with at least one
  /// newline, then `'`), returns the offset of that `'`.
  func continuationQuote() -> Int? {
    var index = position
    var sawNewline = false
    while index < count {
      let byte = input[index]
      if byte == newline || byte == carriageReturn {
        sawNewline = true
        index += 1
      } else if byte == 0x20 || byte == 0x09 || byte == 0x0C || byte == 0x0B {
        index += 1
      } else if byte == UInt8(ascii: "-") && index + 1 < count && input[index + 1] == UInt8(ascii: "-") {
        // scan.l's `whitespace_with_newline` allows `--` comments both before
        // and after the newline: `'a' -- note\n'b'` is still one literal.
        while index < count && input[index] != newline && input[index] != carriageReturn { index += 1 }
        if index >= count { return nil }
      } else {
        break
      }
    }
    if sawNewline && index < count && input[index] == quote { return index }
    return nil
  }

  mutating func scanQuotedIdentifier(start: Int) {
    while position < count {
      position = firstIndex(of: doubleQuote, from: position)
      if position >= count { break }
      if peek(1) == doubleQuote {
        position += 2
        continue
      }
      position += 1
      emit(.quotedIdentifier, from: start)
      if position - start == 2 + (input[start] == doubleQuote ? 0 : 2) {
        error(.zeroLengthIdentifier, from: start)
      }
      return
    }
    emit(.error, from: start)
    error(.unterminatedQuotedIdentifier, from: start, to: min(count, start + 1))
  }

  /// `$1` parameters, `$tag$` dollar quotes, or a lone `$`.
  mutating func scanDollar() {
    let start = position
    if byteClass(peek(1)) & ByteClass.digit != 0 {
      position += 1
      while position < count && byteClass(input[position]) & ByteClass.digit != 0 { position += 1 }
      emit(.parameter, from: start)
      if position < count && byteClass(input[position]) & ByteClass.identContinue != 0 {
        while position < count && byteClass(input[position]) & ByteClass.identContinue != 0 { position += 1 }
        error(.trailingJunkAfterParameter, from: start, to: position)
        extendLastToken(to: position)
      }
      return
    }
    // Dollar-quote delimiter: $$ or $tag$ where tag starts like an identifier
    // but contains no `$`.
    var index = position + 1
    if index < count && byteClass(input[index]) & ByteClass.identStart != 0 {
      index += 1
      while index < count && byteClass(input[index]) & ByteClass.dollarTagContinue != 0 { index += 1 }
    }
    guard index < count && input[index] == dollar else {
      // A lone `$` is not valid SQL; PostgreSQL reports a syntax error.
      position += 1
      emit(.error, from: start)
      error(.unexpectedCharacter, from: start)
      return
    }
    let tagLength = index + 1 - start
    position = index + 1
    // Find the closing delimiter: the same tag, byte for byte.
    while position < count {
      position = firstIndex(of: dollar, from: position)
      if position >= count { break }
      if position + tagLength <= count {
        var matches = true
        var offset = 1
        while offset < tagLength {
          if input[position + offset] != input[start + offset] {
            matches = false
            break
          }
          offset += 1
        }
        if matches {
          position += tagLength
          emit(.dollarString, from: start)
          return
        }
      }
      position += 1
    }
    emit(.error, from: start)
    error(.unterminatedDollarString, from: start, to: start + tagLength)
  }

  // MARK: Words

  /// Identifiers and keywords, plus `E'..'`, `B'..'`, `X'..'`, `N'..'`,
  /// `U&'..'` and `U&"..."`.
  mutating func scanWordOrPrefixedString() {
    let start = position
    let first = input[position] | 0x20
    let second = peek(1)
    if second == quote {
      switch first {
      case UInt8(ascii: "e"):
        position += 2
        scanQuotedString(kind: .escapeString, backslashEscapes: true, start: start)
        return
      case UInt8(ascii: "b"):
        position += 2
        scanQuotedString(kind: .bitString, backslashEscapes: false, start: start)
        return
      case UInt8(ascii: "x"):
        position += 2
        scanQuotedString(kind: .hexString, backslashEscapes: false, start: start)
        return
      case UInt8(ascii: "n"):
        position += 2
        scanQuotedString(kind: .nationalString, backslashEscapes: false, start: start)
        return
      default:
        break
      }
    } else if first == UInt8(ascii: "u") && second == UInt8(ascii: "&") {
      if peek(2) == quote {
        position += 3
        scanQuotedString(kind: .unicodeString, backslashEscapes: false, start: start)
        return
      }
      if peek(2) == doubleQuote {
        position += 3
        scanQuotedIdentifier(start: start)
        return
      }
    }
    position += 1
    skipIdentifierContinue()
    emit(.identifier, from: start)
  }

  /// Moves past identifier characters (`[A-Za-z0-9_$\x80-\xFF]`).
  /// Eight bytes at a time: the end of a word is then found without a
  /// hard-to-predict branch per byte.
  @inline(__always) mutating func skipIdentifierContinue() {
    if let base = UnsafeRawPointer(input.baseAddress) {
      while position + 8 <= count {
        let others = Scanner.nonIdentifierBytes(base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        if others != 0 {
          position += others.trailingZeroBitCount >> 3
          return
        }
        position += 8
      }
    }
    while position < count && byteClass(input[position]) & ByteClass.identContinue != 0 { position += 1 }
  }

  /// The high bit of each byte of `word` that is not an identifier
  /// character (`[A-Za-z0-9_$]` or non-ASCII). Each test works on the low
  /// seven bits, so additions never carry into the next byte.
  @inline(__always) static func nonIdentifierBytes(_ word: UInt64) -> UInt64 {
    let high: UInt64 = 0x8080_8080_8080_8080
    let low = word & 0x7F7F_7F7F_7F7F_7F7F
    // `low + (0x80 - a)` has its high bit set iff `low >= a`.
    let folded = low | ByteWord.broadcast(0x20)  // upper-case letters to lower case
    let letter = (folded &+ ByteWord.broadcast(0x80 - 0x61)) & ~(folded &+ ByteWord.broadcast(0x7F - 0x7A))
    let digit = (low &+ ByteWord.broadcast(0x80 - 0x30)) & ~(low &+ ByteWord.broadcast(0x7F - 0x39))
    // `x + 0x7F` has its high bit clear iff `x == 0`.
    let underscore = ~((low ^ ByteWord.broadcast(0x5F)) &+ ByteWord.broadcast(0x7F))
    let dollar = ~((low ^ ByteWord.broadcast(0x24)) &+ ByteWord.broadcast(0x7F))
    return ~(letter | digit | underscore | dollar | word) & high
  }

  // MARK: Numbers

  mutating func skipDigits(_ isDigit: (UInt8) -> Bool) {
    // Digits with single underscores between them (PostgreSQL 16+).
    while position < count {
      let byte = input[position]
      if isDigit(byte) {
        position += 1
      } else if byte == UInt8(ascii: "_") && position + 1 < count && isDigit(input[position + 1]) {
        position += 2
      } else {
        break
      }
    }
  }

  mutating func scanNumber() {
    let start = position
    let isDecimal: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
    var kind = TokenKind.integer
    if input[position] == UInt8(ascii: "0"), position + 2 < count {
      let marker = input[position + 1] | 0x20
      let test: ((UInt8) -> Bool)?
      switch marker {
      case UInt8(ascii: "x"):
        test = { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
      case UInt8(ascii: "o"): test = { $0 >= 0x30 && $0 <= 0x37 }
      case UInt8(ascii: "b"): test = { $0 == 0x30 || $0 == 0x31 }
      default: test = nil
      }
      if let test {
        var next = position + 2
        if input[next] == UInt8(ascii: "_") { next += 1 }
        if next < count && test(input[next]) {
          position = next
          skipDigits(test)
          // `0b102`, `0o78`: scan.l matches the longer `{decinteger}{identifier}`
          // ("0" then "b102"), which is trailing junk.
          if position < count && isDecimal(input[position]) {
            while position < count && byteClass(input[position]) & ByteClass.identContinue != 0 { position += 1 }
            emit(.integer, from: start)
            error(.trailingJunk, from: start)
            return
          }
          finishNumber(kind: .integer, start: start)
          return
        }
      }
    }
    if input[position] != UInt8(ascii: ".") {
      skipDigits(isDecimal)
      // `1..10` is an integer followed by `..` (PL/pgSQL ranges).
      if peek() == UInt8(ascii: ".") && peek(1) == UInt8(ascii: ".") {
        finishNumber(kind: .integer, start: start)
        return
      }
    }
    if peek() == UInt8(ascii: ".") {
      kind = .numeric
      position += 1
      skipDigits(isDecimal)
    }
    if peek() | 0x20 == UInt8(ascii: "e") {
      var next = position + 1
      if next < count && (input[next] == UInt8(ascii: "+") || input[next] == UInt8(ascii: "-")) { next += 1 }
      if next < count && isDecimal(input[next]) {
        position = next
        skipDigits(isDecimal)
        kind = .numeric
      }
    }
    finishNumber(kind: kind, start: start)
  }

  /// scan.l rejects a number immediately followed by identifier characters.
  mutating func finishNumber(kind: TokenKind, start: Int) {
    if position < count && byteClass(input[position]) & ByteClass.identStart != 0 {
      while position < count && byteClass(input[position]) & ByteClass.identContinue != 0 { position += 1 }
      emit(kind, from: start)
      error(.trailingJunk, from: start)
      return
    }
    emit(kind, from: start)
  }

  // MARK: Operators and punctuation

  mutating func scanColon() {
    let start = position
    let next = peek(1)
    if next == UInt8(ascii: ":") {
      position += 2
      emit(.typecast, from: start)
    } else if next == UInt8(ascii: "=") {
      position += 2
      emit(.colonEquals, from: start)
    } else if next == quote || next == doubleQuote {
      // psql :'var' / :"var"
      let closer = next
      var index = position + 2
      while index < count && input[index] != closer && input[index] != newline { index += 1 }
      if index < count && input[index] == closer {
        position = index + 1
        emit(.psqlVariable, from: start)
      } else {
        single(.colon)
      }
    } else if byteClass(next) & ByteClass.identStart != 0 {
      position += 2
      while position < count && byteClass(input[position]) & ByteClass.identContinue != 0
        && input[position] != dollar
      {
        position += 1
      }
      emit(.psqlVariable, from: start)
    } else {
      single(.colon)
    }
  }

  /// scan.l's operator rule: the longest run of operator characters, cut at
  /// an embedded comment start, and trailing `+`/`-` dropped unless the
  /// operator contains one of ``~!@#^&|`?%``.
  mutating func scanOperator() {
    let start = position
    var end = position + 1
    while end < count && byteClass(input[end]) & ByteClass.operatorChar != 0 {
      if end + 1 < count {
        let current = input[end]
        let following = input[end + 1]
        if (current == UInt8(ascii: "-") && following == UInt8(ascii: "-"))
          || (current == UInt8(ascii: "/") && following == UInt8(ascii: "*"))
        {
          break
        }
      }
      end += 1
    }
    if end <= start { end = start + 1 }
    var length = end - start
    if length > 1 {
      var hasSpecial = false
      for index in start..<end {
        switch input[index] {
        case UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: "^"),
          UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "`"), UInt8(ascii: "?"), UInt8(ascii: "%"):
          hasSpecial = true
        default:
          break
        }
      }
      if !hasSpecial {
        while length > 1
          && (input[start + length - 1] == UInt8(ascii: "+") || input[start + length - 1] == UInt8(ascii: "-"))
        {
          length -= 1
        }
      }
    }
    position = start + length
    if length == 2 && input[start] == UInt8(ascii: "=") && input[start + 1] == UInt8(ascii: ">") {
      emit(.equalsGreater, from: start)
    } else {
      emit(.operator, from: start)
    }
  }
}
