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

/// `cslint rules [--json | --markdown DIR]` and `cslint rule ID`: the rule
/// reference, from the rules' own metadata.
enum RulesCommand {
  static let help = """
    USAGE: cslint rules [--json | --markdown DIR]

    Lists every rule: id, default severity (and where the rule is off by
    default: it then runs only when given a severity in .cslint.yml or
    named with --rule), category, whether it can be fixed, and a one-line
    summary.

    OPTIONS:
      --json           The list as a JSON array of objects.
      --markdown DIR   Write the rule reference into DIR: README.md (the
                       index) and one <id>.md per rule. Pages of rules that
                       no longer exist are deleted. The repository's copy is
                       Rules/ (`swift run cslint rules --markdown Rules/`).
      -h, --help       Show this help.

    'cslint rule ID' prints one rule's documentation.
    """

  static let singleHelp = """
    USAGE: cslint rule ID [--markdown]

    Prints the documentation of one rule: what it reports, why, examples,
    the safe alternative, its fix, configuration and how to suppress it.

    OPTIONS:
      --markdown   Print the page as Markdown (as in Rules/<id>.md).
      -h, --help   Show this help.

    'cslint rules' lists every rule id.
    """

  static func run(_ arguments: [String]) -> Int32 {
    var scanner = ArgumentScanner(arguments)
    var json = false
    var markdownDirectory: String?
    while let argument = scanner.next() {
      switch argument {
      case "--json": json = true
      case "--markdown":
        guard let directory = scanner.value() else { return usageError("--markdown needs a directory", help: help) }
        markdownDirectory = directory
      case "-h", "--help":
        print(help)
        return ExitCode.success
      default:
        return usageError("unexpected argument '\(argument)' for 'cslint rules'", help: help)
      }
    }
    let descriptions = RuleRegistry.descriptions
    if let markdownDirectory {
      if json { return usageError("--json and --markdown cannot be combined", help: help) }
      return writeMarkdown(descriptions, to: markdownDirectory)
    }
    var output = StandardOutput()
    if json {
      output.write(jsonList(descriptions))
    } else {
      output.write(table(descriptions))
    }
    output.flush()
    return ExitCode.success
  }

  static func runSingle(_ arguments: [String]) -> Int32 {
    var scanner = ArgumentScanner(arguments)
    var markdown = false
    var ids: [String] = []
    while let argument = scanner.next() {
      switch argument {
      case "--markdown": markdown = true
      case "-h", "--help":
        print(singleHelp)
        return ExitCode.success
      default:
        if argument.hasPrefix("-") {
          return usageError("unknown option '\(argument)' for 'cslint rule'", help: singleHelp)
        }
        ids.append(argument)
      }
    }
    guard ids.count == 1, let id = ids.first else {
      return usageError("'cslint rule' needs exactly one rule ID", help: singleHelp)
    }
    guard let description = RuleRegistry.description(for: id) else {
      let guess = Spelling.closest(to: id, in: RuleRegistry.descriptions.map(\.id)).map { " (did you mean '\($0)'?)" }
      printError("error: unknown rule '\(id)'\(guess ?? ""); 'cslint rules' lists them")
      return ExitCode.usageOrIO
    }
    let page = RuleDocumentation.page(description)
    var output = StandardOutput()
    output.write(markdown ? page : MarkdownText.plain(page))
    output.flush()
    return ExitCode.success
  }

  /// Aligned columns for the terminal.
  static func table(_ descriptions: [RuleDescription]) -> String {
    let header = ["ID", "SEVERITY", "CATEGORY", "FIXABLE", "SUMMARY"]
    let rows = descriptions.map { rule in
      [
        rule.id, RuleDocumentation.severityCell(rule), rule.category.rawValue, RuleDocumentation.fixable(rule),
        RuleDocumentation.shortSummary(rule.summary),
      ]
    }
    var widths = header.map(\.count)
    for row in rows {
      for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { column, cell in
        column == cells.count - 1 ? cell : cell.padded(to: widths[column])
      }
      return padded.joined(separator: "  ") + "\n"
    }
    return ([line(header)] + rows.map(line)).joined()
  }

  static func jsonList(_ descriptions: [RuleDescription]) -> [UInt8] {
    var json = JSONWriter()
    json.beginArray()
    for rule in descriptions {
      json.beginObject(.inline)
      json.key("id")
      json.string(rule.id)
      json.key("category")
      json.string(rule.category.rawValue)
      json.key("default_severity")
      json.string(rule.defaultSeverity.rawValue)
      json.key("enabled_by_default")
      json.bool(rule.enabledByDefault)
      json.key("off_by_default_for")
      json.beginArray()
      for runner in rule.offByDefaultFor { json.string(runner.rawValue) }
      json.endArray()
      json.key("fix_availability")
      json.string(rule.fixAvailability.rawValue)
      json.key("fix_kinds")
      json.beginArray()
      for kind in RuleDocumentation.fixKinds(rule) { json.string(kind.rawValue) }
      json.endArray()
      json.key("lock")
      json.string(rule.lock)
      json.key("postgres_versions")
      json.string(rule.postgresVersions)
      json.key("summary")
      json.string(rule.summary)
      json.key("documentation")
      json.string(rule.documentationPath)
      json.endObject()
    }
    json.endArray()
    json.newline()
    return json.take()
  }

  /// Writes the reference into `directory`, rewriting only changed files
  /// and deleting pages of rules that no longer exist.
  static func writeMarkdown(_ descriptions: [RuleDescription], to directory: String) -> Int32 {
    let manager = FileManager.default
    let folder = URL(fileURLWithPath: directory, isDirectory: true)
    do {
      try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      printError("cslint: cannot create directory '\(directory)': \(error)")
      return ExitCode.usageOrIO
    }
    let files = RuleDocumentation.files(for: descriptions)
    var written = 0
    for file in files {
      let url = folder.appendingPathComponent(file.name)
      let data = Data(file.contents.utf8)
      if (try? Data(contentsOf: url)) == data { continue }
      do {
        try data.write(to: url, options: .atomic)
        written += 1
        print("wrote \(joined(directory, file.name))")
      } catch {
        printError("cslint: cannot write '\(url.path)': \(error)")
        return ExitCode.usageOrIO
      }
    }
    var removed = 0
    let existing = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in RuleDocumentation.staleFiles(among: existing, generated: files) {
      do {
        try manager.removeItem(at: folder.appendingPathComponent(name))
        removed += 1
        print("removed \(joined(directory, name))")
      } catch {
        printError("cslint: cannot remove '\(name)': \(error)")
        return ExitCode.usageOrIO
      }
    }
    print(
      "\(files.count) pages in \(directory): \(written) written, \(files.count - written) unchanged, \(removed) removed"
    )
    return ExitCode.success
  }
}

/// `directory/name` as the user spelled the directory.
private func joined(_ directory: String, _ name: String) -> String {
  directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
