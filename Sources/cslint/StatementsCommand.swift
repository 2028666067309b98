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

/// `cslint statements PATH... [--json]`: prints statement boundaries, in the
/// same JSON shape as `shared/tools/pg_oracle.py`, for checking the splitter
/// against PostgreSQL.
enum StatementsCommand {
  static let help = """
    USAGE: cslint statements PATH... [--json]

    Prints where each statement of every .sql file starts and ends, as
    PostgreSQL's parser would split it. Directories are searched recursively
    and files are processed in path order.

    OPTIONS:
      --json      One JSON object per file: file, ok, error, error_pos and
                  statements (half-open UTF-8 byte ranges), the format of
                  shared/tools/pg_oracle.py.
      -h, --help  Show this help.

    Text output is one line per statement: file:line:col-line:col.
    """

  static func run(_ arguments: [String]) -> Int32 {
    var parser = ArgumentScanner(arguments)
    var json = false
    var paths: [String] = []
    while let argument = parser.next() {
      switch argument {
      case "--json": json = true
      case "-h", "--help":
        print(help)
        return ExitCode.success
      default:
        if argument.hasPrefix("-") {
          return usageError("unknown option '\(argument)' for 'cslint statements'", help: help)
        }
        paths.append(argument)
      }
    }
    guard !paths.isEmpty else { return usageError("'cslint statements' needs at least one PATH", help: help) }
    let discovery = FileDiscovery.sqlFiles(in: paths)
    var output = StandardOutput()
    var status = ExitCode.success
    for problem in discovery.problems {
      printError("cslint: \(problem)")
      status = ExitCode.usageOrIO
    }
    for path in discovery.files {
      guard let bytes = FileDiscovery.read(path) else {
        printError("cslint: cannot read '\(path)'")
        status = ExitCode.usageOrIO
        continue
      }
      let scanned = ScannedFile(source: SourceFile(path: path, bytes: bytes))
      if json {
        output.write(jsonLine(scanned))
      } else {
        for statement in scanned.statements {
          let start = scanned.source.location(of: statement.range.lowerBound)
          let end = scanned.source.location(of: statement.range.upperBound)
          output.write("\(TextEscaping.visible(path)):\(start.line):\(start.column)-\(end.line):\(end.column)\n")
        }
        for error in scanned.errors {
          let location = scanned.source.location(of: error.offset)
          output.write("\(TextEscaping.visible(path)):\(location.line):\(location.column): error: \(error.message)\n")
        }
      }
    }
    output.flush()
    return status
  }

  static func jsonLine(_ scanned: ScannedFile) -> [UInt8] {
    let firstError = scanned.errors.first
    var json = JSONWriter()
    json.beginObject(.inline)
    json.key("file")
    json.string(scanned.source.path)
    json.key("ok")
    json.bool(firstError == nil)
    json.key("error")
    json.string(firstError?.message)
    json.key("error_pos")
    if let firstError { json.int(firstError.offset) } else { json.null() }
    json.key("statements")
    json.beginArray()
    for statement in scanned.statements where !statement.isMetaCommand {
      json.beginArray()
      json.int(statement.range.lowerBound)
      json.int(statement.range.upperBound)
      json.endArray()
    }
    json.endArray()
    json.endObject()
    json.newline()
    return json.take()
  }
}
