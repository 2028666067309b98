import PostgresSyntax

/// `pg_sleep` (or `pg_sleep_for` / `pg_sleep_until`) called by a migration,
/// at top level or inside a `DO` block.
public struct SleepInMigration: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "sleep-in-migration",
    category: .locking,
    defaultSeverity: .warning,
    summary: "pg_sleep in a migration holds every lock taken so far while it sleeps",
    rationale: """
      A migration runs in one transaction (the Supabase CLI wraps each file in one; a `DO` block is \
      always one). Sleeping inside it releases nothing: every lock the file has taken so far (the \
      ACCESS EXCLUSIVE lock of an `ALTER TABLE`, the row locks of an `UPDATE`) is held for the whole \
      sleep, so the application waits longer, not less. A pause between batches only helps when each \
      batch commits before it: in a script or a procedure run outside the schema migration.
      """,
    postgresVersions: "all",
    useInstead: """
      -- In the migration: the schema change only.
      ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS archived boolean;
      -- After the deploy, from a script, one transaction per batch (pause between them there):
      UPDATE public.orders SET archived = false
      WHERE id IN (SELECT id FROM public.orders WHERE archived IS NULL ORDER BY id LIMIT 5000);
      """,
    triggering: [
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN archived boolean;
        SELECT ↓pg_sleep(5);
        """,
        message: """
          pg_sleep in a migration sleeps inside its transaction: every lock taken so far is held while \
          it sleeps
          """),
      RuleExample(
        """
        DO $$
        BEGIN
          LOOP
            UPDATE orders SET archived = false
            WHERE id IN (SELECT id FROM orders WHERE archived IS NULL LIMIT 500);
            EXIT WHEN NOT FOUND;
            PERFORM ↓pg_sleep(0.5);
          END LOOP;
        END $$;
        """,
        message: """
          pg_sleep in a loop of a DO block sleeps once per iteration inside one transaction: every lock \
          taken so far, and every row the loop has changed, stays locked while it sleeps
          """),
      RuleExample(
        """
        UPDATE orders SET archived = false WHERE id < 1000;
        SELECT ↓pg_catalog.pg_sleep_for('2 seconds');
        """),
    ],
    nonTriggering: [
      RuleExample("ALTER TABLE orders ADD COLUMN archived boolean;"),
      // A function that sleeps is only defined here, not run.
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION wait_a_bit() RETURNS void LANGUAGE sql AS $$ SELECT pg_sleep(1) $$;
        """),
      RuleExample("COMMENT ON TABLE orders IS 'never call pg_sleep(1) here';"),
      // Each statement commits on its own: nothing is held while it sleeps.
      RuleExample(
        """
        ALTER TABLE orders ADD COLUMN archived boolean;
        SELECT pg_sleep(5);
        """,
        runner: Runner.none),
    ],
    elsewhere: [])

  static let sleepFunctions: Set<String> = ["pg_sleep", "pg_sleep_for", "pg_sleep_until"]

  public var statementKinds: StatementKinds {
    StatementKinds.all.subtracting([
      .createFunction, .createView, .comment, .createPolicy, .createTrigger, .createTable,
    ])
  }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    let statement = context.statement
    if case .doBlock = statement.node {
      guard let body = context.body else { return [] }
      let code = context.bodyCodeTokens ?? []
      return PLBody.calls(of: Self.sleepFunctions, in: code, bytes: context.source.bytes).map { call in
        let inLoop = body.loops.contains { $0.range.contains(call.lowerBound) }
        return finding(call, inLoop: inLoop, context)
      }
    }
    // Statements inside a DO block were read with its body.
    if context.body != nil { return [] }
    switch statement.node {
    case .createFunction, .createView, .comment, .createPolicy, .createTrigger, .createTable: return []
    default: break
    }
    // Most statements name no sleep function: a scan of the tokens' bytes
    // rules them out before an array of tokens is built.
    let bytes = context.source.bytes
    guard context.statementTokens.contains(where: { Self.mayNameSleep($0, bytes) }) else { return [] }
    let code = Array(context.statementCodeTokens)
    // A statement that commits on its own (no transaction holds earlier
    // locks) sleeps holding nothing; the lookup of effects comes last.
    guard PLBody.calls(of: Self.sleepFunctions, in: code, bytes: context.source.bytes).isEmpty == false,
      context.runsInTransaction
    else { return [] }
    return PLBody.calls(of: Self.sleepFunctions, in: code, bytes: context.source.bytes).map {
      finding($0, inLoop: false, context)
    }
  }

  /// Whether `token` is an identifier that starts with `pg_sleep` (any
  /// case; a quoted one after its quote).
  static func mayNameSleep(_ token: Token, _ bytes: [UInt8]) -> Bool {
    var start = token.start
    switch token.kind {
    case .identifier: break
    case .quotedIdentifier: start += 1
    default: return false
    }
    let prefix: StaticString = "pg_sleep"
    guard start >= 0, token.end <= bytes.count, token.end - start >= prefix.utf8CodeUnitCount else { return false }
    return prefix.withUTF8Buffer { expected in
      for offset in 0..<expected.count where bytes[start + offset] | 0x20 != expected[offset] | 0x20 {
        return false
      }
      return true
    }
  }

  func finding(_ call: Range<Int>, inLoop: Bool, _ context: RuleContext) -> Diagnostic {
    let message =
      inLoop
      ? """
      pg_sleep in a loop of a DO block sleeps once per iteration inside one transaction: every lock \
      taken so far, and every row the loop has changed, stays locked while it sleeps
      """
      : "pg_sleep in a migration sleeps inside its transaction: every lock taken so far is held while it sleeps"
    return context.diagnostic(
      description, range: call, message: message,
      help: """
        Remove the sleep. If it paces batches of a data change, run those batches after the deploy, \
        outside the migration (a script, or a procedure that COMMITs after each batch), and pause there.
        """)
  }
}
