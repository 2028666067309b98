import MigrationLint
import PostgresSyntax

/// The SQL a diagnostic's `help` tells the user to run.
///
/// Help texts write SQL on indented lines (two spaces or more) between lines
/// of prose. A run of consecutive indented lines whose last line ends in `;`
/// is one snippet. A prose line starting with "or" offers an alternative: the
/// snippets after it form a new path, run from the same starting point
/// instead of after the previous ones. Every other prose line continues the
/// path (set-not-null-scan's "then, in a separate migration").
enum HelpSnippets {
  /// One way through a help text: its snippets, run in order.
  typealias Path = [String]

  static func paths(in help: String) -> [Path] {
    var paths: [Path] = []
    var current: Path = []
    var block: [Substring] = []
    func closeBlock() {
      defer { block = [] }
      guard let last = block.last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return }
      guard last.trimmingTrailingWhitespace.hasSuffix(";") else { return }
      current.append(dedent(block))
    }
    for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("  ") {
        block.append(line)
        continue
      }
      closeBlock()
      let prose = line.drop(while: \.isWhitespace).lowercased()
      if prose.hasPrefix("or ") || prose == "or" || prose.hasPrefix("or,") {
        if !current.isEmpty { paths.append(current) }
        current = []
      }
    }
    closeBlock()
    if !current.isEmpty { paths.append(current) }
    return paths
  }

  /// The block without its common indentation.
  static func dedent(_ lines: [Substring]) -> String {
    let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix(while: { $0 == " " }).count }
    let common = indents.min() ?? 0
    return lines.map { String($0.dropFirst(min(common, $0.prefix(while: { $0 == " " }).count))) }
      .joined(separator: "\n")
  }

  /// Placeholders such as `<value>` left in `sql`.
  static func placeholders(in sql: String) -> [String] {
    var found: [String] = []
    var rest = Substring(sql)
    while let open = rest.firstIndex(of: "<") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: ">") else { break }
      let inner = after[..<close]
      if !inner.isEmpty, inner.allSatisfy({ $0.isLetter || $0 == "_" || $0 == " " }) {
        found.append("<\(inner)>")
      }
      rest = after[after.index(after: close)...]
    }
    return found
  }

  /// `sql` with `<value>` replaced by a literal of the column's type, when the
  /// snippet is an `ADD COLUMN … DEFAULT <value>`. The type is read by
  /// cslint's own parser from the snippet itself; nil when a placeholder
  /// remains that cannot be filled (the caller reports the snippet as skipped).
  static func substitutingPlaceholders(_ sql: String) -> String? {
    guard sql.contains("<value>") else { return placeholders(in: sql).isEmpty ? sql : nil }
    // A string constant stands in for the value while parsing (NULL would
    // read as the column's NULL constraint, not as its default).
    let marker = "'cslint_placeholder'"
    let probe = sql.replacingOccurrences(of: "<value>", with: marker)
    let source = SourceFile(path: "snippet.sql", text: probe)
    var typeName: String?
    for statement in StatementParser.parse(ScannedFile(source: source)) {
      guard case .alterTable(let alter) = statement.node else { continue }
      for command in alter.commands {
        if case .addColumn(let column, _, _) = command.action, column.defaultText == marker {
          typeName = column.typeName
        }
      }
    }
    guard let typeName, let literal = TypedLiteral.literal(for: typeName) else { return nil }
    let filled = sql.replacingOccurrences(of: "<value>", with: literal)
    return placeholders(in: filled).isEmpty ? filled : nil
  }
}

/// A constant of a given SQL type, for filling `DEFAULT <value>`.
enum TypedLiteral {
  static func literal(for typeName: String) -> String? {
    let type = typeName.lowercased()
    if type.hasSuffix("[]") { return "'{}'" }
    let base = String(type.prefix(while: { $0 != "(" })).trimmingCharacters(in: .whitespaces)
    switch base {
    case "text", "varchar", "character varying", "char", "character", "bpchar", "citext", "name":
      return "''"
    case "int", "integer", "int2", "int4", "int8", "smallint", "bigint", "numeric", "decimal", "real",
      "double precision", "float", "float4", "float8":
      return "0"
    case "bool", "boolean": return "false"
    case "uuid": return "'00000000-0000-0000-0000-000000000000'"
    case "date": return "'1970-01-01'"
    case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone":
      return "'1970-01-01 00:00:00+00'"
    case "time", "timetz", "time with time zone", "time without time zone": return "'00:00'"
    case "interval": return "'0'"
    case "json", "jsonb": return "'{}'"
    case "bytea": return "''"
    default: return nil
    }
  }
}

extension Substring {
  fileprivate var trimmingTrailingWhitespace: Substring {
    var copy = self
    while let last = copy.last, last.isWhitespace { copy = copy.dropLast() }
    return copy
  }
}
