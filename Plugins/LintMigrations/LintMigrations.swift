import Foundation
import PackagePlugin

/// `swift package lint-migrations [cslint lint options] [PATH...]`
///
/// Builds the `cslint` tool (the tool SwiftPM prepares for plugins; set
/// `CSLINT_PLUGIN_CONFIGURATION=release` to lint very large folders with a
/// release build, see README "Performance"), runs `cslint lint` from the package
/// directory with the given arguments, and fails the command when cslint
/// reports findings (SwiftPM does not pass a tool's exit status through).
@main
struct LintMigrations: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    let tool = try CslintTool.locate(context: context, packageManager: packageManager)
    try CslintTool.run(
      tool, subcommand: "lint", arguments: arguments, directory: context.package.directoryURL,
      cacheDirectory: context.pluginWorkDirectoryURL.appendingPathComponent("cslint_cache"))
  }
}

/// Shared by both plugins (each plugin target compiles its own copy).
enum CslintTool {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The cslint executable. By default SwiftPM's own tool build: measured
  /// faster warm (about 1.0 s for 200 files) than asking SwiftPM for a
  /// release build on every run (about 1.7 s), whose up-to-date check costs
  /// more than the lint. `CSLINT_PLUGIN_CONFIGURATION=release` opts into the
  /// release build for folders of thousands of files.
  static func locate(context: PluginContext, packageManager: PackageManager) throws -> URL {
    let configuration = ProcessInfo.processInfo.environment["CSLINT_PLUGIN_CONFIGURATION"] ?? "debug"
    if configuration == "release" {
      var parameters = PackageManager.BuildParameters(configuration: .release)
      parameters.logging = .concise
      if let result = try? packageManager.build(.product("cslint"), parameters: parameters), result.succeeded,
        let artifact = result.builtArtifacts.first(where: {
          $0.kind == .executable && $0.url.lastPathComponent == "cslint"
        })
      {
        return artifact.url
      }
    }
    return try context.tool(named: "cslint").url
  }

  /// - Parameter cacheDirectory: the replay cache (`--cache-dir`): the
  ///   plugin's work directory, since the sandbox may make the package
  ///   directory read-only; unless the user chose one or `--no-cache`.
  static func run(_ tool: URL, subcommand: String, arguments: [String], directory: URL, cacheDirectory: URL) throws {
    var arguments = arguments
    let environment = ProcessInfo.processInfo.environment
    if !arguments.contains(where: { $0 == "--no-cache" || $0 == "--cache-dir" })
      && environment["CSLINT_CACHE_DIR"] == nil
    {
      arguments = ["--cache-dir", cacheDirectory.path] + arguments
    }
    if environment["GITHUB_ACTIONS"] == "true"
      && !arguments.contains(where: { $0 == "--format" || $0.hasPrefix("--format=") || $0 == "-f" })
    {
      arguments = ["--format", "github"] + arguments
    }
    let process = Process()
    process.executableURL = tool
    process.arguments = [subcommand] + arguments
    process.currentDirectoryURL = directory
    try process.run()
    process.waitUntilExit()
    switch process.terminationStatus {
    case 0:
      return
    case 1:
      throw Failure(description: "cslint \(subcommand) found problems in the migrations (see above)")
    default:
      throw Failure(description: "cslint \(subcommand) failed with exit code \(process.terminationStatus) (see above)")
    }
  }
}
