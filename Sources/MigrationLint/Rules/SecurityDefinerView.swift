import PostgresSyntax

/// A view in an API-exposed schema that runs with its owner's privileges.
public struct SecurityDefinerView: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "security-definer-view",
    category: .security,
    defaultSeverity: .error,
    summary: "Views in exposed schemas need security_invoker, or they bypass the caller's row level security",
    rationale: """
      A view reads its tables with the privileges of the view's owner, not of the role querying it. \
      Migrations run as `postgres`, which owns the view and is exempt from the row level security of \
      the tables it owns, so a request through the Data API with the anon key reads every row the \
      view selects, whatever the tables' policies say. PostgreSQL 15 added \
      `WITH (security_invoker = true)`: the view then checks the caller's privileges and policies. \
      Before 15 there is no such option: revoke `SELECT` on the view from `anon` and `authenticated`, \
      move the view to a schema the API does not expose, or serve the rows through a \
      `SECURITY INVOKER` function. A later migration of the same run that sets `security_invoker`, \
      revokes `SELECT` from both roles or drops the view settles the finding. Applies to the \
      `supabase` runner (other runners expose nothing by default); materialized views have no such \
      option and are not reported here.
      """,
    postgresVersions: "15+ for `security_invoker`; before 15 the finding says what to do instead",
    useInstead: """
      CREATE VIEW public.my_orders WITH (security_invoker = true) AS
        SELECT id, total FROM public.orders WHERE customer_id = (SELECT auth.uid());
      """,
    triggering: [
      RuleExample(
        "↓CREATE VIEW public.order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;",
        message:
          "View public.order_totals runs with its owner's privileges: API callers read through it past the row level security of the tables it selects from"
      ),
      RuleExample(
        "↓create or replace view recent_orders as select * from orders where created_at > now() - interval '1 day';"),
      RuleExample(
        "↓CREATE VIEW public.order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;",
        postgresVersion: 14,
        message:
          "View public.order_totals runs with its owner's privileges: API callers read through it past the row level security of the tables it selects from (PostgreSQL 14 has no security_invoker)"
      ),
    ],
    nonTriggering: [
      RuleExample("CREATE VIEW public.order_totals WITH (security_invoker = true) AS SELECT id FROM orders;"),
      RuleExample(
        """
        CREATE VIEW public.order_totals AS SELECT id FROM orders;
        ALTER VIEW public.order_totals SET (security_invoker = on);
        """),
      RuleExample(
        """
        CREATE VIEW public.order_totals AS SELECT id FROM orders;
        REVOKE ALL ON public.order_totals FROM anon, authenticated;
        """),
      RuleExample("CREATE VIEW private.order_totals AS SELECT id FROM orders;"),
      RuleExample("CREATE MATERIALIZED VIEW public.order_stats AS SELECT count(*) FROM orders;"),
    ],
    elsewhere: ["splinter (Supabase database linter): security_definer_view (0010)"])

  public var statementKinds: StatementKinds { .createView }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase, case .createView(let view) = context.statement.node,
      !view.materialized, !view.isTableAs, !view.isTemporary, !view.securityInvoker
    else { return [] }
    let key = context.schema.keyForCreation(view.name)
    guard context.settings.exposedSchemas.contains(key.schema), !context.viewRedefinedLater(key) else { return [] }
    if view.ifNotExists, context.schema.views[key] != nil { return [] }
    let name = view.name.displayText
    let version = context.settings.postgresVersion
    let message =
      "View \(name) runs with its owner's privileges: API callers read through it past the row level security of the tables it selects from"
      + (version < 15 ? " (PostgreSQL \(version) has no security_invoker)" : "")
    let help =
      version >= 15
      ? """
      Make the view check the caller's privileges and policies:
        ALTER VIEW \(name) SET (security_invoker = true);
      or write `WITH (security_invoker = true)` after the view's name.
      """
      : """
      Before PostgreSQL 15 a view cannot run as its caller. Keep it out of the API:
        REVOKE SELECT ON \(name) FROM anon, authenticated;
      or move it to a schema the API does not expose, or serve the rows through a SECURITY INVOKER function.
      """
    var diagnostic = context.diagnostic(description, range: context.statement.range, message: message, help: help)
    diagnostic.subject = "\(key.schema).\(key.name)"
    return [diagnostic]
  }

  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings for views that still run as their owner and that the
  /// API roles can still select from at the end of the linted migrations.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.keepingLastPerSubject().filter { diagnostic in
      guard let key = ObjectKey(subject: diagnostic.subject) else { return true }
      guard let view = finalSchema.views[key], !view.securityInvoker else { return false }
      return finalSchema.hasRelationPrivilege("anon", "SELECT", on: key)
        || finalSchema.hasRelationPrivilege("authenticated", "SELECT", on: key)
    }
  }
}
