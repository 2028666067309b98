import Dispatch
import FoundationEssentials
import MigrationLint
import PostgresSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cslint parse FILE... [--json] [--kinds-json]`: how cslint reads each statement.
enum ParseCommand {
  static let help = """
    USAGE: cslint parse FILE... [--json | --kinds-json]

    Prints, for every statement, its location and the PostgreSQL parse-node
    kind cslint assigns to it, in the format of pg_oracle.py --kinds:
      IndexStmt, CreateStmt, AlterTableStmt:AT_AddColumn,AT_SetNotNull,
      DropStmt:OBJECT_INDEX, TransactionStmt:TRANS_STMT_BEGIN, ...
    Use it to see what cslint understood, and attach it to bug reports.

    OPTIONS:
      --json        The typed syntax tree of every statement, as JSON lines.
      --kinds-json  One JSON object per file with "file" and "kinds" (the
                    oracle's format), for comparison with PostgreSQL.
      -h, --help    Show this help.
    """

  static func run(_ arguments: [String]) -> Int32 {
    var scanner = ArgumentScanner(arguments)
    var mode = "text"
    var paths: [String] = []
    while let argument = scanner.next() {
      switch argument {
      case "--json": mode = "json"
      case "--kinds-json": mode = "kinds"
      case "-h", "--help":
        print(help)
        return ExitCode.success
      default:
        if argument.hasPrefix("-") { return usageError("unknown option '\(argument)' for 'cslint parse'", help: help) }
        paths.append(argument)
      }
    }
    guard !paths.isEmpty else { return usageError("'cslint parse' needs at least one FILE", help: help) }
    let discovery = FileDiscovery.sqlFiles(in: paths)
    var status = ExitCode.success
    for problem in discovery.problems {
      printError("cslint: \(problem)")
      status = ExitCode.usageOrIO
    }
    var output = StandardOutput()
    for path in discovery.files {
      guard let bytes = FileDiscovery.read(path) else {
        printError("cslint: cannot read '\(path)'")
        status = ExitCode.usageOrIO
        continue
      }
      let scanned = ScannedFile(source: SourceFile(path: path, bytes: bytes))
      let statements = StatementParser.parse(scanned).filter { !$0.span.isMetaCommand }
      switch mode {
      case "kinds":
        let kinds = statements.map { JSONText.quoted($0.kind) }.joined(separator: ", ")
        output.write("{\"file\": \(JSONText.quoted(path)), \"kinds\": [\(kinds)]}\n")
      case "json":
        for statement in statements {
          let location = scanned.source.location(of: statement.range.lowerBound)
          output.write(
            "{\"file\": \(JSONText.quoted(path)), \"line\": \(location.line), \"column\": \(location.column), "
              + "\"range\": [\(statement.range.lowerBound), \(statement.range.upperBound)], "
              + "\"kind\": \(JSONText.quoted(statement.kind)), \"node\": \(ReflectionJSON.encode(statement.node))}\n")
        }
      default:
        for statement in statements {
          let location = scanned.source.location(of: statement.range.lowerBound)
          output.write("\(path):\(location.line):\(location.column): \(statement.kind)\n")
        }
      }
    }
    output.flush()
    return status
  }
}

/// Generic JSON rendering of AST values through reflection (debug output only).
enum ReflectionJSON {
  static func encode(_ value: Any, depth: Int = 0) -> String {
    guard depth < 32 else { return "null" }
    switch value {
    case let string as String: return JSONText.quoted(string)
    case let bool as Bool: return bool ? "true" : "false"
    case let int as Int: return String(int)
    case let range as Range<Int>: return "[\(range.lowerBound), \(range.upperBound)]"
    default: break
    }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
      guard let child = mirror.children.first else { return "null" }
      return encode(child.value, depth: depth + 1)
    case .collection, .set:
      return "[" + mirror.children.map { encode($0.value, depth: depth + 1) }.joined(separator: ", ") + "]"
    case .enum:
      let caseName = String(describing: value).split(separator: "(").first.map(String.init) ?? ""
      guard let payload = mirror.children.first else { return JSONText.quoted(caseName) }
      return "{\(JSONText.quoted(payload.label ?? caseName)): \(encode(payload.value, depth: depth + 1))}"
    case .tuple:
      let fields = mirror.children.enumerated().map { index, child in
        "\(JSONText.quoted(child.label.map { $0.hasPrefix(".") ? "_\(index)" : $0 } ?? "_\(index)")): "
          + encode(child.value, depth: depth + 1)
      }
      return "{" + fields.joined(separator: ", ") + "}"
    case .struct, .class:
      let fields = mirror.children.compactMap { child -> String? in
        guard let label = child.label else { return nil }
        return "\(JSONText.quoted(label)): \(encode(child.value, depth: depth + 1))"
      }
      return "{" + fields.joined(separator: ", ") + "}"
    default:
      return JSONText.quoted(String(describing: value))
    }
  }
}
