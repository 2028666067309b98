import CSLintTestSupport
import Foundation
import Testing

/// A scratch project for `cslint fix --split`: a Supabase migrations folder
/// holding exactly the files a test writes.
struct SplitProject {
  let root: URL
  let migrations: URL

  init() throws {
    root = TestPaths.scratchURL("split")
    migrations = root.appendingPathComponent("supabase/migrations")
    try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
  }

  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: migrations.appendingPathComponent(name))
  }

  /// Every file of the folder: name → text (hidden files included).
  func files() throws -> [String: String] {
    var result: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: migrations.path) {
      let data = try Data(contentsOf: migrations.appendingPathComponent(name))
      result[name] = String(decoding: data, as: UTF8.self)
    }
    return result
  }

  /// The rules whose findings a split resolves: with only these, the
  /// ordinary fix pass after the split changes nothing else (their own
  /// fixes are suggestions), so tests can state the exact files.
  static let splitRules = [
    "concurrently-in-transaction", "require-concurrent-index-creation", "require-concurrent-index-deletion",
    "constraint-missing-not-valid", "enum-value-in-transaction",
  ].flatMap { ["--rule", $0] }

  func split(_ extra: [String] = [], environment: [String: String] = [:]) throws -> CLIRunner.Result {
    try CLIRunner.cslint(
      ["fix", "--split", "--format", "json"] + Self.splitRules + extra + ["supabase/migrations"], in: root,
      environment: environment)
  }

  func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Issue 20, part 2: `cslint fix --split` writes the new migrations with the
/// next free versions and edits the original, all or nothing; a second run
/// changes nothing; applied migrations are never touched.
@Suite("fix --split: rewrites that need a new migration", .serialized)
struct FixSplitCLITests {
  static let original = "20240102000000_orders.sql"

  /// Runs the split on `files`, then checks the folder holds exactly `expected`
  /// and that a second run changes nothing (and plans nothing).
  func expectSplit(
    _ files: [String: String], _ expected: [String: String], _ extra: [String] = [], status: Int32 = 0,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    for (name, text) in files { try project.write(name, text) }
    let first = try project.split(extra)
    #expect(first.status == status, "\(first.stderr)", sourceLocation: sourceLocation)
    let after = try project.files()
    #expect(after == expected, "got:\n\(after)", sourceLocation: sourceLocation)
    // Idempotent: the second run plans nothing and writes nothing.
    let plan = try CLIRunner.cslint(
      ["fix", "--split", "--dry-run"] + SplitProject.splitRules + extra + ["supabase/migrations"], in: project.root)
    #expect(plan.status == 0 && plan.stdout.isEmpty, "\(plan.stdout)\(plan.stderr)", sourceLocation: sourceLocation)
    let second = try project.split(extra)
    #expect(second.status == status, "\(second.stderr)", sourceLocation: sourceLocation)
    #expect(try project.files() == expected, sourceLocation: sourceLocation)
  }

  @Test("a CREATE INDEX among other statements becomes CONCURRENTLY in a migration of its own, comments moving with it")
  func plainIndex() throws {
    try expectSplit(
      [
        Self.original: """
        -- notes on orders
        ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;

        -- the status filter of the orders page
        CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);
        COMMENT ON COLUMN orders.note IS 'free text'; -- shown to staff

        """
      ],
      [
        Self.original: """
        -- notes on orders
        ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;

        """,
        "20240102000001_orders_concurrent_index.sql": """
        -- the status filter of the orders page
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);

        """,
        "20240102000002_orders_continued.sql": """
        COMMENT ON COLUMN orders.note IS 'free text'; -- shown to staff

        """,
      ])
  }

  @Test("CREATE and DROP INDEX CONCURRENTLY after other statements: each into a file of its own, order kept")
  func concurrentStatements() throws {
    try expectSplit(
      [
        Self.original: """
        ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text;
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_region_idx ON orders (region);
        DROP INDEX CONCURRENTLY IF EXISTS orders_old_region_idx;

        """,
        "20240105000000_later.sql": "ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipped_at timestamptz;\n",
      ],
      [
        Self.original: "ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text;\n",
        "20240102000001_orders_concurrent_index.sql":
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_region_idx ON orders (region);\n",
        "20240102000002_orders_concurrent_index.sql": "DROP INDEX CONCURRENTLY IF EXISTS orders_old_region_idx;\n",
        "20240105000000_later.sql": "ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipped_at timestamptz;\n",
      ])
  }

  @Test("ADD CONSTRAINT becomes NOT VALID here and VALIDATE CONSTRAINT goes into the next migration")
  func constraint() throws {
    try expectSplit(
      [
        Self.original: """
        ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);
        ALTER TABLE orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);

        """
      ],
      [
        Self.original: """
        ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
        ALTER TABLE orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;

        """,
        "20240102000001_orders_validate_constraints.sql": """
        -- Validates what the migrations before this one add NOT VALID, once they have committed:
        -- SHARE UPDATE EXCLUSIVE only, reads and writes go on while the old rows are checked.
        ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
        ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fkey;

        """,
      ])
  }

  @Test("a VALIDATE CONSTRAINT in the transaction that added it NOT VALID moves into the next migration")
  func validateInSameFile() throws {
    try expectSplit(
      [
        "20240101000000_orders.sql": "CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total numeric);\n",
        "20240103000000_check.sql": """
        ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
        ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;

        """,
      ],
      [
        "20240101000000_orders.sql": "CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total numeric);\n",
        "20240103000000_check.sql":
          "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;\n",
        "20240103000001_check_validate.sql": "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;\n",
      ])
  }

  @Test("the statements after an ALTER TYPE ... ADD VALUE that use the value run in the next migration")
  func enumValue() throws {
    try expectSplit(
      [
        Self.original: """
        ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'shipped';
        UPDATE orders SET status = 'shipped'::order_status WHERE shipped_at IS NOT NULL;

        """
      ],
      [
        Self.original: "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'shipped';\n",
        "20240102000001_orders_after_enum_value.sql":
          "UPDATE orders SET status = 'shipped'::order_status WHERE shipped_at IS NOT NULL;\n",
      ])
  }

  @Test("a lone CREATE INDEX has nothing to split: it becomes CONCURRENTLY in place")
  func loneIndex() throws {
    try expectSplit(
      [Self.original: "CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);\n"],
      [Self.original: "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);\n"])
  }

  @Test("statements on one line are cut between them; each piece ends with a line break")
  func sameLine() throws {
    try expectSplit(
      [
        Self.original:
          "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text; CREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note);"
      ],
      [
        Self.original: "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\n",
        "20240102000001_orders_concurrent_index.sql":
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);",
      ])
  }

  @Test("CRLF line endings are kept in the edited file and in the new ones")
  func crlf() throws {
    try expectSplit(
      [
        Self.original:
          "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\r\nCREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note);\r\nALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);\r\n"
      ],
      [
        Self.original: "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\r\n",
        "20240102000001_orders_concurrent_index.sql":
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);\r\n",
        "20240102000002_orders_continued.sql":
          "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;\r\n",
        "20240102000003_orders_validate_constraints.sql":
          "-- Validates what the migrations before this one add NOT VALID, once they have committed:\r\n"
          + "-- SHARE UPDATE EXCLUSIVE only, reads and writes go on while the old rows are checked.\r\n"
          + "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;\r\n",
      ])
  }

  @Test("with runner none (psql -f commits each statement) CONCURRENTLY is enough: no new migration")
  func runnerNone() throws {
    try expectSplit(
      [Self.original: Self.twoStatements],
      [
        Self.original: """
        ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);

        """
      ], ["--runner", "none"])
  }

  @Test("with runner none the VALIDATE CONSTRAINT follows in the same file (each statement commits)")
  func runnerNoneConstraint() throws {
    try expectSplit(
      [Self.original: "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);"],
      [
        Self.original: """
        ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
        ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;

        """
      ], ["--runner", "none"])
  }

  @Test("an index built inside a DO block is not moved (CONCURRENTLY is refused in a function)")
  func doBlock() throws {
    let body = """
      ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
      DO $$ BEGIN CREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note); END $$;

      """
    // The finding stays (exit 1), for the user to move by hand.
    try expectSplit([Self.original: body], [Self.original: body], status: 1)
  }

  static let twoStatements = """
    ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
    CREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note);

    """

  @Test("--dry-run prints the plan as a unified diff, new files from /dev/null, and writes nothing")
  func dryRun() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, Self.twoStatements)
    let before = try project.files()
    let result = try CLIRunner.cslint(["fix", "--split", "--dry-run", "supabase/migrations"], in: project.root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        """
        --- a/supabase/migrations/20240102000000_orders.sql
        +++ b/supabase/migrations/20240102000000_orders.sql
        """), "\(result.stdout)")
    #expect(result.stdout.contains("-CREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note);"))
    #expect(
      result.stdout.contains(
        """
        --- /dev/null
        +++ b/supabase/migrations/20240102000001_orders_concurrent_index.sql
        @@ -0,0 +1,1 @@
        +CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
        """), "\(result.stdout)")
    #expect(try project.files() == before)
  }

  /// Runs a split that must be refused: exit 2, `reason` in the message,
  /// the folder unchanged.
  func expectRefusal(
    _ project: SplitProject, _ reason: String, _ extra: [String] = [], environment: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try project.files()
    let result = try project.split(extra, environment: environment)
    #expect(result.status == 2, "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(reason), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains("wrote nothing"), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(try project.files() == before, sourceLocation: sourceLocation)
  }

  @Test("an applied migration (in the ledger) is never split: exit 2, nothing written")
  func appliedOriginal() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, Self.twoStatements)
    #expect(try CLIRunner.cslint(["ledger", "update"], in: project.root).status == 0)
    try expectRefusal(project, "is applied")
  }

  @Test("no migration is inserted before an applied one: exit 2, nothing written")
  func appliedLater() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write("20240301000000_later.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS c int;\n")
    #expect(try CLIRunner.cslint(["ledger", "update"], in: project.root).status == 0)
    try project.write(Self.original, Self.twoStatements)
    try expectRefusal(project, "'20240301000000_later.sql', after it, is applied")
  }

  @Test("with --base, a migration present at the git revision is applied: exit 2, nothing written")
  func appliedAtBase() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, Self.twoStatements)
    func git(_ arguments: [String]) throws {
      let result = try CLIRunner.run(
        executable: "/usr/bin/git", ["-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments,
        in: project.root)
      #expect(result.status == 0, "git \(arguments): \(result.stderr)")
    }
    try git(["init", "-q"])
    try git(["add", "."])
    try git(["commit", "-q", "-m", "applied"])
    try expectRefusal(project, "is applied", ["--base", "HEAD"])
  }

  @Test("no free version between the file and the next one: exit 2, nothing written")
  func noGap() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, Self.twoStatements)
    try project.write("20240102000001_next.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS c int;\n")
    try expectRefusal(project, "no free version")
  }

  @Test("a file with its own BEGIN/COMMIT is refused, not rewritten")
  func explicitTransaction() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, "BEGIN;\n" + Self.twoStatements + "COMMIT;\n")
    try expectRefusal(project, "BEGIN/COMMIT")
  }

  @Test("a read-only original is refused before anything is written")
  func readOnly() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, Self.twoStatements)
    let path = project.migrations.appendingPathComponent(Self.original).path
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
    try expectRefusal(project, "read-only")
  }

  @Test("a failure while moving files in rolls back the files already moved (all or nothing)", arguments: [1, 2])
  func rollback(step: Int) throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, Self.twoStatements + "COMMENT ON COLUMN orders.note IS 'x';\n")
    // Three files move in: two new ones, then the edited original.
    try expectRefusal(project, "injected failure", environment: ["CSLINT_TEST_FAIL_SPLIT_STEP": "\(step + 1)"])
  }

  @Test("without --rule, the split runs and then the ordinary fixes; the result lints clean of split findings")
  func wholeRun() throws {
    try #require(CLIRunner.binary != nil)
    let project = try SplitProject()
    defer { project.remove() }
    try project.write(Self.original, Self.twoStatements)
    let result = try CLIRunner.cslint(["fix", "--split", "--format", "json", "supabase/migrations"], in: project.root)
    #expect(result.status != 2, "\(result.stderr)")
    let files = try project.files()
    #expect(files.count == 2, "\(files.keys)")
    let lint = try CLIRunner.cslint(
      ["lint", "--format", "json"] + SplitProject.splitRules + ["supabase/migrations"], in: project.root)
    #expect(lint.status == 0, "\(lint.stdout)")
    let clean = lint.reported.values.allSatisfy { $0.isEmpty }
    #expect(clean, "\(lint.reported)")
  }
}
