import Foundation
import PackagePlugin

/// `swift package fix-migrations [cslint fix options] [PATH...]` with the
/// prebuilt cslint of the release's artifact bundle: nothing is compiled but
/// this file. Runs `cslint fix` from the package directory and fails the
/// command when cslint reports findings (SwiftPM does not pass a tool's exit
/// status through).
@main
struct FixMigrations: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    var arguments = arguments
    if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true"
      && !arguments.contains(where: { $0 == "--format" || $0.hasPrefix("--format=") || $0 == "-f" })
    {
      arguments = ["--format", "github"] + arguments
    }
    let process = Process()
    process.executableURL = try context.tool(named: "cslint").url
    process.arguments = ["fix"] + arguments
    process.currentDirectoryURL = context.package.directoryURL
    try process.run()
    process.waitUntilExit()
    switch process.terminationStatus {
    case 0: return
    case 1: throw Failure(description: "cslint fix found problems in the migrations (see above)")
    default: throw Failure(description: "cslint fix failed with exit code \(process.terminationStatus) (see above)")
    }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }
}
