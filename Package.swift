// swift-tools-version:6.0
// cslint takes no package dependencies: the plugin lands in every user's package graph.
import PackageDescription

let package = Package(
  name: "cslint",
  products: [
    .executable(name: "cslint", targets: ["cslint"]),
    .library(name: "MigrationLint", targets: ["MigrationLint"]),
    .library(name: "PostgresSyntax", targets: ["PostgresSyntax"]),
    .plugin(name: "LintMigrations", targets: ["LintMigrations"]),
    .plugin(name: "FixMigrations", targets: ["FixMigrations"]),
  ],
  targets: [
    .target(name: "PostgresSyntax"),
    .target(name: "MigrationLint", dependencies: ["PostgresSyntax"]),
    .executableTarget(name: "cslint", dependencies: ["MigrationLint", "PostgresSyntax"]),
    .executableTarget(
      name: "cslint-bench", dependencies: ["PostgresSyntax", "MigrationLint"], path: "Sources/cslint-bench"),
    // libFuzzer entry point, active only when built with -DCSLINT_FUZZ (see docs/fuzzing.md).
    .executableTarget(
      name: "cslint-fuzz", dependencies: ["PostgresSyntax", "MigrationLint"], path: "Sources/cslint-fuzz"),
    .plugin(
      name: "LintMigrations",
      capability: .command(
        intent: .custom(verb: "lint-migrations", description: "Lint PostgreSQL migration files with cslint")),
      dependencies: ["cslint"]),
    .plugin(
      name: "FixMigrations",
      capability: .command(
        intent: .custom(verb: "fix-migrations", description: "Apply cslint's safe fixes to migration files"),
        permissions: [
          .writeToPackageDirectory(reason: "cslint fix rewrites migration files to apply safe fixes")
        ]),
      dependencies: ["cslint"]),
    // Package root, shared corpus location and scratch directories for every test target.
    .target(name: "CSLintTestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "PostgresSyntaxTests", dependencies: ["PostgresSyntax", "CSLintTestSupport"]),
    .testTarget(name: "MigrationLintTests", dependencies: ["MigrationLint", "PostgresSyntax", "CSLintTestSupport"]),
    // Property tests over mutated inputs and fault tests of the cslint binary.
    .testTarget(
      name: "RobustnessTests", dependencies: ["MigrationLint", "PostgresSyntax", "CSLintTestSupport"],
      exclude: ["FuzzSeeds"]),
    // Live checks against a throwaway PostgreSQL server (see Tests/LiveTests).
    .testTarget(name: "LiveTests", dependencies: ["MigrationLint", "PostgresSyntax", "CSLintTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
