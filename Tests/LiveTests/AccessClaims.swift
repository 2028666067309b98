import Foundation
import MigrationLint
import Testing

/// What a row level security rule says a role can read or write, or how a
/// policy is planned, shown on a live server: a fresh stubbed database (the
/// Supabase roles `anon` and `authenticated`, default privileges on `public`,
/// and `auth.uid()` / `auth.jwt()` reading `request.jwt.claims`), the
/// triggering SQL run as `postgres`, then a probe run as the API role.
struct AccessClaim: Sendable, CustomTestStringConvertible {
  enum Expectation: Sendable, Equatable {
    /// The probe's output, rows joined by newlines, tab-separated fields.
    case output(String)
    /// The probe's output contains this text.
    case contains(String)
    /// The probe's output does not contain this text.
    case lacks(String)
    /// The probe fails with an error containing this text.
    case failure(String)
  }

  /// Unique, stable: names the test case and the row in docs/verification.md.
  var id: String
  var ruleID: String
  /// The claim, in words.
  var claim: String
  /// Run as `postgres`: the migration the rule reports (or its fix), with rows.
  var setup: String
  /// Run after the setup, as `postgres`, which switches role with `SET ROLE`.
  var probe: String
  var expected: Expectation

  var testDescription: String { id }
}

enum AccessClaims {
  static let claims = #"{"sub": "6f1c2a8e-0b1d-4c55-9a7e-3d2f0c9b8a71", "role": "authenticated"}"#
  static let user = "6f1c2a8e-0b1d-4c55-9a7e-3d2f0c9b8a71"

  /// public.notes with three rows, one of them the test user's.
  static let notes = """
    CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid NOT NULL, body text);
    INSERT INTO public.notes VALUES (1, '\(user)', 'mine'), (2, gen_random_uuid(), 'theirs'),
      (3, gen_random_uuid(), 'theirs too');
    """

  /// Signed in as the test user.
  static let asUser = "SET ROLE authenticated;\nSET request.jwt.claims = '\(claims)';\n"

  static let all: [AccessClaim] = [
    AccessClaim(
      id: "anon-reads-table-without-rls", ruleID: "rls-disabled-in-public",
      claim: "without RLS, anon (the public API key) reads every row of a new public table",
      setup: notes, probe: "SET ROLE anon;\nSELECT count(*) FROM public.notes;", expected: .output("3")),
    AccessClaim(
      id: "anon-writes-table-without-rls", ruleID: "rls-disabled-in-public",
      claim: "without RLS, anon deletes every row",
      setup: notes, probe: "SET ROLE anon;\nDELETE FROM public.notes;\nSELECT count(*) FROM public.notes;",
      expected: .output("0")),
    AccessClaim(
      id: "rls-enabled-hides-rows-from-anon", ruleID: "rls-disabled-in-public",
      claim: "the fix: with RLS enabled (and no policy for anon) anon reads no row",
      setup: notes + "\nALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;",
      probe: "SET ROLE anon;\nSELECT count(*) FROM public.notes;", expected: .output("0")),
    AccessClaim(
      id: "policy-without-rls-is-ignored", ruleID: "policy-exists-rls-disabled",
      claim: "a policy on a table without RLS restricts nothing: the signed-in user reads every row",
      setup: notes
        + """

        CREATE POLICY "owners read" ON public.notes FOR SELECT TO authenticated USING (owner = (SELECT auth.uid()));
        """,
      probe: asUser + "SELECT count(*) FROM public.notes;", expected: .output("3")),
    AccessClaim(
      id: "policy-applies-once-rls-enabled", ruleID: "policy-exists-rls-disabled",
      claim: "the same policy with RLS enabled: the user reads only their row",
      setup: notes
        + """

        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read" ON public.notes FOR SELECT TO authenticated USING (owner = (SELECT auth.uid()));
        """,
      probe: asUser + "SELECT body FROM public.notes;", expected: .output("mine")),
    AccessClaim(
      id: "rls-without-policy-reads-nothing", ruleID: "rls-enabled-no-policy",
      claim: "RLS enabled, no policy: a signed-in user reads no row",
      setup: notes + "\nALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;",
      probe: asUser + "SELECT count(*) FROM public.notes;", expected: .output("0")),
    AccessClaim(
      id: "rls-without-policy-refuses-writes", ruleID: "rls-enabled-no-policy",
      claim: "RLS enabled, no policy: a signed-in user cannot insert",
      setup: notes + "\nALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;",
      probe: asUser + "INSERT INTO public.notes VALUES (4, '\(user)', 'new');",
      expected: .failure("new row violates row-level security policy")),
    AccessClaim(
      id: "with-check-true-lets-anon-insert-anything", ruleID: "rls-policy-always-true",
      claim: "WITH CHECK (true) for anon: anon inserts a row under another user's id",
      setup: notes
        + """

        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "anyone writes" ON public.notes FOR INSERT TO anon WITH CHECK (true);
        """,
      probe: """
        SET ROLE anon;
        INSERT INTO public.notes VALUES (4, '\(user)', 'forged');
        RESET ROLE;
        SELECT owner, body FROM public.notes WHERE id = 4;
        """,
      expected: .output("\(user)\tforged")),
    AccessClaim(
      id: "user-metadata-decides-access", ruleID: "rls-references-user-metadata",
      claim: "a policy on user_metadata admits whoever puts the value in their own metadata",
      setup: notes
        + """

        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "staff read" ON public.notes FOR SELECT TO authenticated
          USING (((SELECT auth.jwt()) -> 'user_metadata' ->> 'role') = 'staff');
        """,
      probe: """
        SET ROLE authenticated;
        SET request.jwt.claims = '{"sub": "\(user)", "role": "authenticated", "user_metadata": {"role": "staff"}}';
        SELECT count(*) FROM public.notes;
        """,
      expected: .output("3")),
    AccessClaim(
      id: "bare-auth-uid-has-no-initplan", ruleID: "auth-rls-initplan",
      claim: "owner = auth.uid(): the call is part of the per-row filter (no InitPlan)",
      setup: notes
        + """

        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read" ON public.notes FOR SELECT TO authenticated USING (owner = auth.uid());
        """,
      probe: asUser + "EXPLAIN (COSTS OFF) SELECT * FROM public.notes;", expected: .lacks("InitPlan")),
    AccessClaim(
      id: "wrapped-auth-uid-is-an-initplan", ruleID: "auth-rls-initplan",
      claim: "the fix, owner = (select auth.uid()): evaluated once per statement, as an InitPlan",
      setup: notes
        + """

        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read" ON public.notes FOR SELECT TO authenticated USING (owner = (select auth.uid()));
        """,
      probe: asUser + "EXPLAIN (COSTS OFF) SELECT * FROM public.notes;", expected: .contains("InitPlan")),
    AccessClaim(
      id: "permissive-policies-are-ored", ruleID: "multiple-permissive-policies",
      claim: "two permissive SELECT policies for one role: both conditions are in the per-row filter, joined by OR",
      setup: notes
        + """

        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read" ON public.notes FOR SELECT TO authenticated USING (owner = (select auth.uid()));
        CREATE POLICY "mine by body" ON public.notes FOR SELECT TO authenticated USING (body = 'mine');
        """,
      probe: asUser + "EXPLAIN (COSTS OFF) SELECT * FROM public.notes;", expected: .contains(" OR ")),
    AccessClaim(
      id: "policy-column-without-index-is-a-seq-scan", ruleID: "policy-column-unindexed",
      claim: "owner = (select auth.uid()) without an index on owner: every request reads the whole table",
      setup: notes
        + """

        INSERT INTO public.notes SELECT g, gen_random_uuid(), 'row' FROM generate_series(10, 20000) AS g;
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read" ON public.notes FOR SELECT TO authenticated USING (owner = (select auth.uid()));
        ANALYZE public.notes;
        """,
      probe: asUser + "EXPLAIN (COSTS OFF) SELECT * FROM public.notes;", expected: .contains("Seq Scan on notes")),
    AccessClaim(
      id: "policy-column-with-index-is-an-index-scan", ruleID: "policy-column-unindexed",
      claim: "the same with CREATE INDEX ON notes (owner): the user's rows come from the index",
      setup: notes
        + """

        INSERT INTO public.notes SELECT g, gen_random_uuid(), 'row' FROM generate_series(10, 20000) AS g;
        CREATE INDEX notes_owner_idx ON public.notes (owner);
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read" ON public.notes FOR SELECT TO authenticated USING (owner = (select auth.uid()));
        ANALYZE public.notes;
        """,
      probe: asUser + "EXPLAIN (COSTS OFF) SELECT * FROM public.notes;", expected: .contains("notes_owner_idx")),
    AccessClaim(
      id: "unindexed-foreign-key-check-is-a-seq-scan", ruleID: "unindexed-foreign-key",
      claim:
        "a foreign key on (handle, kind) with no index: the lookup its check runs on a delete in the referenced table reads the whole referencing table",
      setup: handleTeams(teamsHandle: "handle text NOT NULL"),
      probe: foreignKeyCheck, expected: .contains("Seq Scan on teams")),
    AccessClaim(
      id: "unique-on-part-of-foreign-key-is-an-index-scan", ruleID: "unindexed-foreign-key",
      claim: "the same with handle UNIQUE alone: the check is one probe of the unique index",
      setup: handleTeams(teamsHandle: "handle text NOT NULL UNIQUE"),
      probe: foreignKeyCheck, expected: .contains("teams_handle_key")),
  ]

  /// public.teams, 20,000 rows, each referencing public.handles by the
  /// composite key (handle, kind); `teamsHandle` declares its handle column.
  static func handleTeams(teamsHandle: String) -> String {
    """
    CREATE TABLE public.handles (handle text, kind text, PRIMARY KEY (handle, kind));
    CREATE TABLE public.teams (id bigint PRIMARY KEY, \(teamsHandle), kind text NOT NULL,
      FOREIGN KEY (handle, kind) REFERENCES public.handles (handle, kind));
    INSERT INTO public.handles SELECT 'h' || g, 'team' FROM generate_series(1, 20000) AS g;
    INSERT INTO public.teams SELECT g, 'h' || g, 'team' FROM generate_series(1, 20000) AS g;
    ANALYZE public.handles, public.teams;
    """
  }

  /// The query PostgreSQL's foreign key trigger runs on the referencing
  /// table when a referenced row is deleted (ri_triggers.c), planned with
  /// the deleted row's key.
  static let foreignKeyCheck = """
    PREPARE fk_check(text, text) AS SELECT 1 FROM ONLY public.teams x
      WHERE $1 OPERATOR(pg_catalog.=) handle AND $2 OPERATOR(pg_catalog.=) kind FOR KEY SHARE OF x;
    EXPLAIN (COSTS OFF) EXECUTE fk_check('h42', 'team');
    """
}

/// One access claim's result on one major.
struct AccessOutcome: Sendable {
  var claim: AccessClaim
  var major: Int
  /// The probe's output (or error), on one line.
  var observed: String
  var holds: Bool
}

enum AccessClaimRunner {
  static func outcome(of claim: AccessClaim, on server: ThrowawayServer) async -> AccessOutcome {
    let major = server.install.major
    do {
      return try await LiveDatabase.with(on: server) { database in
        try await database.client.execute(claim.setup)
        let result = try await database.client.run(claim.probe)
        let output = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let error = result.succeeded ? nil : PsqlClient.errorMessage(in: result.stderr) ?? result.stderr
        let holds: Bool
        switch claim.expected {
        case .output(let text): holds = error == nil && output == text
        case .contains(let text): holds = error == nil && output.contains(text)
        case .lacks(let text): holds = error == nil && !output.isEmpty && !output.contains(text)
        case .failure(let text): holds = error?.contains(text) == true
        }
        let observed = error.map { "ERROR: \($0)" } ?? output
        return AccessOutcome(claim: claim, major: major, observed: observed, holds: holds)
      }
    } catch {
      return AccessOutcome(claim: claim, major: major, observed: "harness error: \(error)", holds: false)
    }
  }
}

@Suite("Access claims of the row level security rules on PostgreSQL servers")
struct AccessClaimTests {
  @Test("the access claim holds on a live server", arguments: AccessClaims.all, await PostgresInstalls.targetMajors())
  func claimHolds(_ claim: AccessClaim, major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await AccessClaimRunner.outcome(of: claim, on: server)
    #expect(outcome.holds, "\(claim.id) on \(major): expected \(claim.expected), observed:\n\(outcome.observed)")
  }

  @Test("claim ids are unique and name real rules")
  func table() {
    let ids = AccessClaims.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    for claim in AccessClaims.all {
      #expect(RuleRegistry.knownIDs.contains(claim.ruleID), "\(claim.id) names unknown rule \(claim.ruleID)")
    }
  }
}

extension VerificationDoc {
  /// The access claims: what a role reads or writes, or how a policy is planned.
  static func accessSection(_ outcomes: [AccessOutcome]) -> [String] {
    var lines = [
      "",
      "## Access claims (row level security)",
      "",
      "What the row level security rules say a role can read or write, or how PostgreSQL plans a",
      "policy, shown on each server by `AccessClaimTests` (`Tests/LiveTests/AccessClaims.swift`): a fresh",
      "stubbed database (the Supabase roles `anon` and `authenticated` with Supabase's default",
      "privileges on `public`, and `auth.uid()` / `auth.jwt()` reading `request.jwt.claims` like",
      "Supabase's own SQL functions), the setup run as `postgres`, then the probe, which switches to",
      "the API role with `SET ROLE` (signed in: `request.jwt.claims` holds the user's id).",
      "",
    ]
    guard !outcomes.isEmpty else { return lines + ["Not run."] }
    lines += [
      "| Claim | Rule | PG | Shows | Expected | Observed | Agrees |", "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for outcome in outcomes {
      let expected: String
      switch outcome.claim.expected {
      case .output(let text): expected = "output `\(text.replacingOccurrences(of: "\t", with: " | "))`"
      case .contains(let text): expected = "contains `\(text)`"
      case .lacks(let text): expected = "no `\(text)`"
      case .failure(let text): expected = "fails: `\(text)`"
      }
      let observed = outcome.observed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ↵ ").replacingOccurrences(of: "\t", with: " | ")
      let cells = [
        "`\(outcome.claim.id)`", "`\(outcome.claim.ruleID)`", "\(outcome.major)", outcome.claim.claim, expected,
        "`\(observed)`", outcome.holds ? "yes" : "**NO**",
      ]
      lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    return lines
  }
}
