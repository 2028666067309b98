import Foundation
import MigrationLint
import Testing

/// What a probe must show: its rows, or an error containing a text.
enum PrivilegeExpectation: Sendable, Equatable {
  case rows([[String]])
  case failure(String)

  /// True when a probe's output (as `text` writes it) shows this.
  func matches(_ observed: String) -> Bool {
    switch self {
    case .rows: return observed == text
    case .failure(let message): return observed.hasPrefix("fails: ") && observed.contains(message)
    }
  }

  var text: String {
    switch self {
    case .rows(let rows):
      return rows.isEmpty ? "no rows" : rows.map { $0.joined(separator: ", ") }.joined(separator: "; ")
    case .failure(let message): return "fails: \(message)"
    }
  }
}

/// A claim a Supabase rule makes about what a role can read, write or call,
/// shown on a live server: the rule's triggering migration runs (as the
/// superuser, like `postgres` owning what migrations create), then a probe
/// (usually as `anon` after `SET ROLE anon`) shows the access. The fix, when
/// given, runs after the setup and the same probe must then show `fixed`.
struct PrivilegeClaim: Sendable, CustomTestStringConvertible {
  var id: String
  var ruleID: String
  /// One line: what the probe shows.
  var shows: String
  var setup: String
  var probe: String
  var expected: PrivilegeExpectation
  var fix: String? = nil
  var fixed: PrivilegeExpectation? = nil

  var testDescription: String { id }
}

/// The access claims of the Supabase security rules (issue 17, part B).
enum PrivilegeClaims {
  static let all: [PrivilegeClaim] = [
    PrivilegeClaim(
      id: "security-definer-view-bypasses-rls", ruleID: "security-definer-view",
      shows: "anon reads through a view every row the table's policy hides from it; security_invoker stops it",
      setup: """
        CREATE TABLE public.notes (id bigint PRIMARY KEY, owner uuid);
        INSERT INTO public.notes SELECT g, gen_random_uuid() FROM generate_series(1, 3) AS g;
        ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "owners read their notes" ON public.notes FOR SELECT TO anon, authenticated
          USING (owner = (SELECT auth.uid()));
        CREATE VIEW public.note_list AS SELECT id FROM public.notes;
        """,
      probe: "SET ROLE anon; SELECT (SELECT count(*) FROM public.notes), (SELECT count(*) FROM public.note_list);",
      expected: .rows([["0", "3"]]),
      fix: "ALTER VIEW public.note_list SET (security_invoker = true);",
      fixed: .rows([["0", "0"]])),
    PrivilegeClaim(
      id: "anon-executes-security-definer-function", ruleID: "security-definer-function-exposed",
      shows:
        "anon calls a SECURITY DEFINER function in public past RLS, even after REVOKE ... FROM public; revoking from anon too stops it",
      setup: """
        CREATE TABLE public.secrets (id bigint PRIMARY KEY);
        INSERT INTO public.secrets SELECT generate_series(1, 3);
        ALTER TABLE public.secrets ENABLE ROW LEVEL SECURITY;
        CREATE FUNCTION public.secret_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = ''
          AS $$ SELECT count(*) FROM public.secrets $$;
        REVOKE EXECUTE ON FUNCTION public.secret_count() FROM public;
        """,
      probe: "SET ROLE anon; SELECT (SELECT count(*) FROM public.secrets), public.secret_count();",
      expected: .rows([["0", "3"]]),
      fix: "REVOKE EXECUTE ON FUNCTION public.secret_count() FROM public, anon;",
      fixed: .failure("permission denied for function secret_count")),
    PrivilegeClaim(
      id: "mutable-search-path-shadowed", ruleID: "function-search-path-mutable",
      shows:
        "a caller's temporary table shadows the unqualified table a SECURITY DEFINER function reads; SET search_path = '' with qualified names stops it",
      setup: """
        CREATE TABLE public.notes (id bigint PRIMARY KEY);
        INSERT INTO public.notes SELECT generate_series(1, 3);
        CREATE FUNCTION public.note_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER
          AS $$ SELECT count(*) FROM notes $$;
        """,
      probe: "SET ROLE anon; CREATE TEMP TABLE notes (id bigint); SELECT public.note_count();",
      expected: .rows([["0"]]),
      fix: """
        CREATE OR REPLACE FUNCTION public.note_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER
          SET search_path = '' AS $$ SELECT count(*) FROM public.notes $$;
        """,
      fixed: .rows([["3"]])),
    PrivilegeClaim(
      id: "auth-users-view-exposes-emails", ruleID: "auth-users-exposed",
      shows: "anon reads auth.users' emails through a view in public; as security_invoker the view is refused",
      setup: """
        INSERT INTO auth.users (id, email) VALUES ('6f1c2a8e-0b1d-4c55-9a7e-3d2f0c9b8a71', 'a@example.com');
        CREATE VIEW public.members AS SELECT id, email FROM auth.users;
        """,
      probe: "SET ROLE anon; SELECT email FROM public.members;",
      expected: .rows([["a@example.com"]]),
      fix: "ALTER VIEW public.members SET (security_invoker = true);",
      fixed: .failure("permission denied for table users")),
    PrivilegeClaim(
      id: "managed-schema-owner-only", ruleID: "managed-schema-change",
      shows: "a migration role that does not own auth.users (Supabase's postgres) cannot alter it",
      setup: """
        DO $$ BEGIN
          CREATE ROLE cslint_migrator NOLOGIN NOSUPERUSER;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        GRANT USAGE ON SCHEMA auth TO cslint_migrator;
        """,
      probe: "SET ROLE cslint_migrator; ALTER TABLE auth.users ADD COLUMN plan text;",
      expected: .failure("must be owner of table users")),
    PrivilegeClaim(
      id: "truncate-ignores-rls", ruleID: "grant-all-to-anon",
      shows: "with ALL granted, anon empties a table whose RLS lets it delete nothing (TRUNCATE ignores RLS)",
      setup: """
        CREATE TABLE public.posts (id bigint PRIMARY KEY);
        INSERT INTO public.posts SELECT generate_series(1, 3);
        ALTER TABLE public.posts ENABLE ROW LEVEL SECURITY;
        GRANT ALL ON TABLE public.posts TO anon;
        """,
      probe:
        "SET ROLE anon; DELETE FROM public.posts; TRUNCATE public.posts; RESET ROLE; SELECT count(*) FROM public.posts;",
      expected: .rows([["0"]]),
      fix: "REVOKE ALL ON TABLE public.posts FROM anon; GRANT SELECT ON TABLE public.posts TO anon;",
      fixed: .failure("permission denied for table posts")),
    PrivilegeClaim(
      id: "fkey-to-auth-unique-blocks-auth-change", ruleID: "fkey-to-auth-unique",
      shows:
        "a foreign key to auth.users (phone) stops auth's owner from dropping that unique constraint; one to auth.users (id) does not",
      setup: "CREATE TABLE public.invites (id bigint PRIMARY KEY, phone text REFERENCES auth.users (phone));",
      probe: "SET ROLE supabase_auth_admin; ALTER TABLE auth.users DROP CONSTRAINT users_phone_key;",
      expected: .failure("because other objects depend on it"),
      fix: """
        DROP TABLE public.invites;
        CREATE TABLE public.invites (id bigint PRIMARY KEY, user_id uuid REFERENCES auth.users (id));
        """,
      fixed: .rows([])),
    PrivilegeClaim(
      id: "extension-in-public-callable-by-anon", ruleID: "extension-in-public",
      shows: "an extension created without a schema lands in public, where anon calls its functions",
      setup: "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
      probe: "SET ROLE anon; SELECT public.similarity('abc', 'abd') > 0;",
      expected: .rows([["t"]]),
      fix: "DROP EXTENSION pg_trgm; CREATE EXTENSION pg_trgm WITH SCHEMA extensions;",
      fixed: .failure("function public.similarity(unknown, unknown) does not exist")),
  ]
}

/// One access claim on one server.
struct PrivilegeOutcome: Sendable {
  var claim: PrivilegeClaim
  var major: Int
  var observed: String = ""
  var observedFixed: String?
  var mismatches: [String] = []
}

/// Runs each access claim once per (claim, major) per test process.
actor PrivilegeClaimRunner {
  static let shared = PrivilegeClaimRunner()
  private var outcomes: [String: Task<PrivilegeOutcome, Never>] = [:]
  private let gate = AsyncGate(limit: 2)

  func outcome(of claim: PrivilegeClaim, on server: ThrowawayServer) async -> PrivilegeOutcome {
    let key = "\(claim.id)@\(server.install.major)"
    if let task = outcomes[key] { return await task.value }
    let gate = self.gate
    let task = Task { await gate.run { await Self.check(claim, on: server) } }
    outcomes[key] = task
    return await task.value
  }

  private static func check(_ claim: PrivilegeClaim, on server: ThrowawayServer) async -> PrivilegeOutcome {
    var outcome = PrivilegeOutcome(claim: claim, major: server.install.major)
    let who = "\(claim.ruleID) [access claim \(claim.id)] on PostgreSQL \(outcome.major)"
    do {
      try await LiveDatabase.with(on: server) { database in
        try await database.client.execute(claim.setup)
        outcome.observed = try await probe(claim.probe, database.client)
        if !claim.expected.matches(outcome.observed) {
          outcome.mismatches.append("\(who): expected \(claim.expected.text), observed \(outcome.observed)")
        }
        if let fix = claim.fix, let fixed = claim.fixed {
          try await database.client.execute(fix)
          let observed = try await probe(claim.probe, database.client)
          outcome.observedFixed = observed
          if !fixed.matches(observed) {
            outcome.mismatches.append("\(who): after the fix expected \(fixed.text), observed \(observed)")
          }
        }
      }
    } catch {
      outcome.mismatches.append("\(who): harness: \(error)")
    }
    return outcome
  }

  /// The probe's rows, or `fails: <first error line>`, as `PrivilegeExpectation.text` writes them.
  private static func probe(_ sql: String, _ client: PsqlClient) async throws -> String {
    let result = try await client.run(sql)
    if !result.succeeded {
      let message = PsqlClient.errorMessage(in: result.stderr) ?? result.stderr
      return "fails: " + message
    }
    let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: true)
      .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    return PrivilegeExpectation.rows(rows).text
  }
}

@Suite("Privilege claims of the Supabase rules on PostgreSQL servers")
struct PrivilegeClaimTests {
  @Test(
    "the access claim holds on a live server", arguments: PrivilegeClaims.all, await PostgresInstalls.targetMajors())
  func claimHolds(_ claim: PrivilegeClaim, major: Int) async throws {
    let server = try await LiveServers.require(major: major)
    let outcome = await PrivilegeClaimRunner.shared.outcome(of: claim, on: server)
    #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches.joined(separator: "\n"))")
  }

  @Test("access claims name registered rules and have unique ids")
  func table() {
    let ids = PrivilegeClaims.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    for claim in PrivilegeClaims.all {
      #expect(RuleRegistry.knownIDs.contains(claim.ruleID), "\(claim.id): unknown rule \(claim.ruleID)")
      #expect((claim.fix == nil) == (claim.fixed == nil), "\(claim.id): a fix needs its expected result")
    }
  }
}

extension VerificationDoc {
  /// What the Supabase rules say a role can read, write or call, shown.
  static func privilegeSection(_ outcomes: [PrivilegeOutcome]) -> [String] {
    guard !outcomes.isEmpty else { return [] }
    var lines = [
      "",
      "## Privilege claims of the Supabase rules (functions, views, grants)",
      "",
      "Each row runs on a fresh database with the Supabase stub (`Scripts/pg/supabase-stub.sql`: the",
      "`anon` and `authenticated` roles, `auth.users`, Supabase's default privileges): the setup as the",
      "migration would, then the probe, usually as `anon` (`SET ROLE anon`), whose rows or error must be",
      "the declared ones; then the fix and the same probe again (`PrivilegeClaimTests`).",
      "",
      "| Claim | Rule | PG | Shows | Observed | After the fix | Agrees |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for outcome in outcomes {
      let claim = outcome.claim
      lines.append(
        row([
          "`\(claim.id)`", "`\(claim.ruleID)`", "\(outcome.major)", claim.shows, outcome.observed,
          outcome.observedFixed ?? "—", outcome.mismatches.isEmpty ? "yes" : "**NO**",
        ]))
    }
    lines += ["", "| Claim | Setup | Probe | Fix |", "| --- | --- | --- | --- |"]
    for claim in PrivilegeClaims.all {
      lines.append(
        row(["`\(claim.id)`", codeLines(claim.setup), codeLines(claim.probe), claim.fix.map(codeLines) ?? "—"]))
    }
    return lines
  }
}
