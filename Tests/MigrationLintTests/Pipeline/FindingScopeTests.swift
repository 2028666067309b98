import Testing

@testable import MigrationLint

/// `baseline` and `ignore:` decide which files and tables get no findings.
@Suite struct FindingScopeTests {
  func scope(_ baseline: String?, ignoring paths: [String] = []) throws -> FindingScope {
    FindingScope(
      baseline: baseline.flatMap(MigrationVersion.parse), ignoredPaths: try paths.map { try Glob($0) },
      baseDirectory: ".")
  }

  @Test func supabaseVersionsCompareAsTheCLIOrdersFiles() throws {
    let scope = try scope("20240131120000")
    let folder = "supabase/migrations"
    #expect(scope.isQuiet("supabase/migrations/20240101000000_a.sql", folder: folder, naming: .supabase))
    #expect(scope.isQuiet("supabase/migrations/20240131120000_b.sql", folder: folder, naming: .supabase))
    #expect(!scope.isQuiet("supabase/migrations/20240131120001_c.sql", folder: folder, naming: .supabase))
    // No version, no baseline.
    #expect(!scope.isQuiet("supabase/migrations/notes.sql", folder: folder, naming: .supabase))
  }

  @Test func flywayAndGolangMigrateVersionsCompareByNumber() throws {
    let flyway = try scope("1.9")
    #expect(flyway.isQuiet("db/migration/V1_2__a.sql", folder: "db/migration", naming: .flyway))
    #expect(flyway.isQuiet("db/migration/V1.9__b.sql", folder: "db/migration", naming: .flyway))
    #expect(!flyway.isQuiet("db/migration/V1.10__c.sql", folder: "db/migration", naming: .flyway))
    let golang = try scope("9")
    #expect(golang.isQuiet("m/9_x.up.sql", folder: "m", naming: .golangMigrate))
    #expect(!golang.isQuiet("m/10_y.up.sql", folder: "m", naming: .golangMigrate))
  }

  @Test func ignoredPathsAreQuietWithoutABaseline() throws {
    let scope = try scope(nil, ignoring: ["supabase/migrations/*_legacy.sql"])
    #expect(!scope.isEmpty)
    #expect(scope.isQuiet("supabase/migrations/20240101000000_legacy.sql", folder: "x", naming: .supabase))
    #expect(!scope.isQuiet("supabase/migrations/20240101000000_new.sql", folder: "x", naming: .supabase))
    #expect(try self.scope(nil).isEmpty)
  }

  @Test func versionsAreParsedStrictly() {
    #expect(MigrationVersion.parse("20240131120000") != nil)
    #expect(MigrationVersion.parse("1.2_3") != nil)
    for bad in ["", "1..2", "2024-01-31", "1.", "a b"] { #expect(MigrationVersion.parse(bad) == nil, "\(bad)") }
  }

  @Test func tablePatternsMatchNameOrSchemaQualifiedName() throws {
    let audit = ObjectKey(schema: "public", name: "audit_log")
    let secret = ObjectKey(schema: "private", name: "keys")
    #expect(Linter.touches([audit], [try Glob("audit_*")]))
    #expect(!Linter.touches([audit], [try Glob("private.*")]))
    #expect(Linter.touches([audit, secret], [try Glob("private.*")]))
    #expect(!Linter.touches([secret], [try Glob("keys_*"), try Glob("public.keys")]))
  }
}
