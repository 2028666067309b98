import PostgresSyntax

/// A column type written in a statement: a CREATE TABLE column, ADD COLUMN,
/// or ALTER COLUMN ... TYPE. Where the rules of the `types` category look:
/// a type only matters where it is written, and findings point at it.
struct WrittenColumnType {
  enum Site {
    case createTable
    case addColumn
    case alterColumnType
  }

  var site: Site
  var table: QualifiedName
  var column: Identifier
  /// The column's definition; nil for ALTER COLUMN TYPE.
  var definition: ColumnDefinition?
  var type: TypeShape
  /// The type as written (the finding's range).
  var range: Range<Int>

  /// True for a column the statement adds: changing its type changes no data.
  var isNewColumn: Bool { site != .alterColumnType }

  /// `table.column`, quoted where needed, for messages.
  var displayName: String { "\(table.displayText).\(SQLName.quoteIfNeeded(column.value))" }

  /// The written column types of the statement in `context`, in source
  /// order: nothing in down migrations (they restore what was there) and on
  /// `ADD COLUMN IF NOT EXISTS` of a column that exists (nothing changes).
  static func all(in context: RuleContext) -> [WrittenColumnType] {
    // Only these statements write column types: the cheap test first.
    switch context.statement.node {
    case .createTable, .alterTable: break
    default: return []
    }
    // Worked out once per statement: six rules ask.
    if let cached = context.effectsCache.writtenTypes { return cached }
    let found = find(in: context)
    context.effectsCache.writtenTypes = found
    return found
  }

  private static func find(in context: RuleContext) -> [WrittenColumnType] {
    switch context.statement.node {
    case .createTable(let create):
      guard !context.isDownMigration else { return [] }
      // CREATE TABLE IF NOT EXISTS of a table that exists changes nothing.
      if create.ifNotExists, context.schema.tables[context.schema.keyForCreation(create.name)] != nil { return [] }
      // Reserved once: `compactMap` grew the list column by column.
      var found: [WrittenColumnType] = []
      found.reserveCapacity(create.columns.count)
      for column in create.columns {
        if let written = make(
          .createTable, create.name, column.name, column, column.typeName, column.typeRange, context)
        {
          found.append(written)
        }
      }
      return found
    case .alterTable(let alter) where alter.objectType == .table:
      guard !context.isDownMigration else { return [] }
      var found: [WrittenColumnType] = []
      for command in alter.commands {
        switch command.action {
        case .addColumn(let column, let ifNotExists, _):
          if ifNotExists, context.schema.table(alter.name)?.column(column.name.value) != nil { continue }
          if let written = make(
            .addColumn, alter.name, column.name, column, column.typeName, column.typeRange, context)
          {
            found.append(written)
          }
        case .alterColumnType(let column, let typeName, _, let typeRange):
          if let written = make(.alterColumnType, alter.name, column, nil, typeName, typeRange, context) {
            found.append(written)
          }
        default:
          continue
        }
      }
      return found
    default:
      return []
    }
  }

  private static func make(
    _ site: Site, _ table: QualifiedName, _ column: Identifier, _ definition: ColumnDefinition?,
    _ typeName: String, _ range: Range<Int>?, _ context: RuleContext
  ) -> WrittenColumnType? {
    guard let range, !typeName.isEmpty else { return nil }
    let quoted = context.source.bytes[range.lowerBound] == UInt8(ascii: "\"")
    return WrittenColumnType(
      site: site, table: table, column: column, definition: definition,
      type: TypeShape(typeName, quoted: quoted), range: range)
  }
}

/// A normalized type name taken apart:
/// `timestamp(3) without time zone[]` is base `timestamp without time zone`,
/// modifiers `(3)`, array suffix `[]`.
struct TypeShape: Equatable {
  /// Lower-case words, single spaces, without a `pg_catalog.` prefix.
  var base: String
  /// `(3)`, `(10, 2)`; nil when none.
  var modifiers: String?
  /// `[]`, `[][]`, `[3]`, ` array`; empty for a scalar.
  var arraySuffix: String
  /// The first token is a quoted identifier (`"char"` is not `char`).
  var quoted: Bool

  var isArray: Bool { !arraySuffix.isEmpty }

  /// The length in `varchar(50)`: the single integer modifier.
  var length: Int? {
    guard let modifiers else { return nil }
    return Int(String(modifiers.dropFirst().dropLast()).trimming(" "))
  }

  init(_ typeName: String, quoted: Bool = false) {
    self.quoted = quoted
    // Most written types are one plain lower-case word (`text`, `uuid`,
    // `int8`): nothing to take apart. This runs for every column written.
    if TypeShape.isPlainWord(typeName) {
      self.base = typeName
      self.modifiers = nil
      self.arraySuffix = ""
      return
    }
    if let ascii = TypeShape.asciiParts(typeName) {
      (self.base, self.modifiers, self.arraySuffix) = ascii
      return
    }
    var text = Substring(typeName.lowercased())
    var suffix = ""
    // Trailing `[...]` groups and `ARRAY [n]`.
    while text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
      suffix = String(text[open...]) + suffix
      text = text[..<open]
      while text.hasSuffix(" ") { text = text.dropLast() }
    }
    if text.hasSuffix(" array") {
      suffix = " array" + suffix
      text = text.dropLast(" array".count)
    }
    var modifiers: String?
    if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
      modifiers = String(text[open...close])
      text = text[..<open] + text[text.index(after: close)...]
    }
    var base = text.split(separator: " ").joined(separator: " ")
    if base.hasPrefix("pg_catalog.") { base.removeFirst("pg_catalog.".count) }
    self.base = base
    self.modifiers = modifiers
    self.arraySuffix = suffix
  }

  /// `init`'s steps on the bytes of an ASCII type name (nil for any other):
  /// the same base, modifiers and array suffix without `lowercased()`,
  /// substrings and `split`/`joined` (saves ~20 M instructions on the
  /// corpus run). In ASCII text each byte is a character, except `\r\n`,
  /// which contains none of the bytes looked for.
  private static func asciiParts(_ typeName: String) -> (base: String, modifiers: String?, suffix: String)? {
    var text: [UInt8] = []
    text.reserveCapacity(typeName.utf8.count)
    for byte in typeName.utf8 {
      guard byte < 0x80 else { return nil }
      text.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
    }
    let space = UInt8(ascii: " ")
    var end = text.count
    var suffix: [UInt8] = []
    // Trailing `[...]` groups and `ARRAY [n]`.
    while end > 0, text[end - 1] == UInt8(ascii: "]"), let open = text[..<end].lastIndex(of: UInt8(ascii: "[")) {
      suffix.insert(contentsOf: text[open..<end], at: 0)
      end = open
      while end > 0 && text[end - 1] == space { end -= 1 }
    }
    let array = TypeShape.arrayWord
    if end >= array.count && text[(end - array.count)..<end].elementsEqual(array) {
      suffix.insert(contentsOf: array, at: 0)
      end -= array.count
    }
    var rest = text[..<end]
    var modifiers: String?
    if let open = rest.firstIndex(of: UInt8(ascii: "(")), let close = rest.lastIndex(of: UInt8(ascii: ")")),
      open < close
    {
      modifiers = String(decoding: rest[open...close], as: UTF8.self)
      rest = ArraySlice(rest[..<open] + rest[(close + 1)...])
    }
    var base: [UInt8] = []
    base.reserveCapacity(rest.count)
    // The words joined by single spaces (as `split` then `joined`, without
    // an array of words).
    var sawSpace = false
    for byte in rest {
      if byte == space {
        sawSpace = true
        continue
      }
      if sawSpace && !base.isEmpty { base.append(space) }
      sawSpace = false
      base.append(byte)
    }
    let prefix = TypeShape.catalogPrefix
    let baseStart = base.starts(with: prefix) ? prefix.count : 0
    return (
      String(decoding: base[baseStart...], as: UTF8.self), modifiers, String(decoding: suffix, as: UTF8.self)
    )
  }

  private static let arrayWord = Array(" array".utf8)
  private static let catalogPrefix = Array("pg_catalog.".utf8)

  /// Lower-case ASCII letters, digits and `_` only (so already normalized).
  /// On the contiguous bytes (`withUTF8`): the `utf8` view's iteration was
  /// three times slower.
  private static func isPlainWord(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard let first = bytes.first, first >= 0x61 && first <= 0x7A else { return false }
      for byte in bytes.dropFirst()
      where !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F) {
        return false
      }
      return true
    }
  }

  // Switches, not sets: comparing a short name with a few literals costs
  // less than hashing it, and these run for every written column type
  // (saves ~3 M instructions on the corpus run).

  /// `int`, `integer`, `int4`, `smallint`, `int2`.
  var isSmallInteger: Bool {
    if quoted { return false }
    switch base {
    case "int", "integer", "int4", "smallint", "int2": return true
    default: return false
    }
  }
  /// `serial`, `serial4`, `smallserial`, `serial2`.
  var isSmallSerial: Bool {
    if quoted { return false }
    switch base {
    case "serial", "serial4", "smallserial", "serial2": return true
    default: return false
    }
  }
  /// Any serial pseudo-type.
  var isSerial: Bool {
    if quoted { return false }
    switch base {
    case "serial", "serial4", "smallserial", "serial2", "bigserial", "serial8": return true
    default: return false
    }
  }
  /// `bigint`, `int8`, `bigserial`, `serial8`.
  var isBigInteger: Bool {
    switch base {
    case "bigint", "int8", "bigserial", "serial8": return true
    default: return false
    }
  }
}

extension RuleContext {
  /// `replacement` (lower case) in the author's case: upper case when the
  /// written type at `range` starts with an upper-case letter.
  func matchingCase(_ replacement: String, of range: Range<Int>) -> String {
    keyword(replacement.uppercased(), before: min(range.lowerBound + 1, range.upperBound))
  }
}
