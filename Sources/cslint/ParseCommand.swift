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
        var json = JSONWriter()
        json.beginObject(.inline)
        json.key("file")
        json.string(path)
        json.key("kinds")
        json.beginArray()
        for statement in statements { json.string(statement.kind) }
        json.endArray()
        json.endObject()
        json.newline()
        output.write(json.take())
      case "json":
        var json = JSONWriter()
        for statement in statements {
          let location = scanned.source.location(of: statement.range.lowerBound)
          json.beginObject(.inline)
          json.key("file")
          json.string(path)
          json.key("line")
          json.int(location.line)
          json.key("column")
          json.int(location.column)
          json.key("range")
          ReflectionJSON.write(statement.range, to: &json)
          json.key("kind")
          json.string(statement.kind)
          json.key("node")
          ReflectionJSON.write(statement.node, to: &json)
          json.endObject()
          json.newline()
          output.write(json.take())
        }
      default:
        for statement in statements {
          let location = scanned.source.location(of: statement.range.lowerBound)
          output.write("\(TextEscaping.visible(path)):\(location.line):\(location.column): \(statement.kind)\n")
        }
      }
    }
    output.flush()
    return status
  }
}

/// Generic JSON rendering of AST values through reflection (debug output only).
enum ReflectionJSON {
  static func write(_ value: Any, to json: inout JSONWriter, depth: Int = 0) {
    guard depth < 32 else { return json.null() }
    switch value {
    case let string as String: return json.string(string)
    case let bool as Bool: return json.bool(bool)
    case let int as Int: return json.int(int)
    // PostgreSQL's own name (`OBJECT_TABLE`), as the oracle spells kinds.
    case let kind as ObjectKind: return json.string(kind.rawValue)
    case let range as Range<Int>:
      json.beginArray(.inline)
      json.int(range.lowerBound)
      json.int(range.upperBound)
      return json.endArray()
    default: break
    }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
      guard let child = mirror.children.first else { return json.null() }
      write(child.value, to: &json, depth: depth + 1)
    case .collection, .set:
      json.beginArray(.inline)
      for child in mirror.children { write(child.value, to: &json, depth: depth + 1) }
      json.endArray()
    case .enum:
      let caseName = String(describing: value).split(separator: "(").first.map(String.init) ?? ""
      guard let payload = mirror.children.first else { return json.string(caseName) }
      json.beginObject(.inline)
      json.key(named: payload.label ?? caseName)
      write(payload.value, to: &json, depth: depth + 1)
      json.endObject()
    case .tuple:
      json.beginObject(.inline)
      for (index, child) in mirror.children.enumerated() {
        json.key(named: child.label.map { $0.hasPrefix(".") ? "_\(index)" : $0 } ?? "_\(index)")
        write(child.value, to: &json, depth: depth + 1)
      }
      json.endObject()
    case .struct, .class:
      json.beginObject(.inline)
      for child in mirror.children {
        guard let label = child.label else { continue }
        json.key(named: label)
        write(child.value, to: &json, depth: depth + 1)
      }
      json.endObject()
    default:
      json.string(String(describing: value))
    }
  }
}
