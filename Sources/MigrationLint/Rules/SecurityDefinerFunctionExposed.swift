import PostgresSyntax

/// A SECURITY DEFINER function in an API-exposed schema that `anon` may call.
public struct SecurityDefinerFunctionExposed: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "security-definer-function-exposed",
    category: .security,
    defaultSeverity: .warning,
    summary: "SECURITY DEFINER functions in exposed schemas must not be executable by anon",
    rationale: """
      Every function in an exposed schema is an endpoint of the Data API (`/rest/v1/rpc/<name>`). \
      PostgreSQL grants `EXECUTE` on a new function to `PUBLIC`, and Supabase's default privileges \
      grant it to `anon` and `authenticated` too, so anyone holding the public anon key can call it. \
      A `SECURITY DEFINER` function runs with its owner's privileges (`postgres` for migrations), \
      past every row level security policy: whatever it reads or writes, an anonymous caller can. \
      Revoke `EXECUTE` from both `PUBLIC` and `anon` (and from `authenticated` when signed-in users \
      must not call it either), make it `SECURITY INVOKER`, or move it to a schema the API does not \
      expose. Judged on the schema at the end of the linted migrations: a later \
      `REVOKE EXECUTE ... FROM public, anon` settles the finding. Trigger functions cannot be called \
      directly and are not reported. Applies to the `supabase` runner.
      """,
    useInstead: """
      CREATE FUNCTION public.delete_account() RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = ''
      AS $$ DELETE FROM auth.users WHERE id = (SELECT auth.uid()) $$;
      REVOKE EXECUTE ON FUNCTION public.delete_account() FROM public, anon;
      """,
    triggering: [
      RuleExample(
        """
        ↓CREATE FUNCTION public.delete_account() RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = ''
        AS $$ DELETE FROM auth.users WHERE id = (SELECT auth.uid()) $$;
        """,
        message:
          "SECURITY DEFINER function public.delete_account can be executed by anon: anyone with the anon key can call it through /rest/v1/rpc/delete_account with its owner's privileges"
      ),
      RuleExample(
        """
        ↓create function admin_stats() returns bigint language sql security definer set search_path = ''
        as $$ select count(*) from public.orders $$;
        revoke execute on function admin_stats() from public;
        """),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE FUNCTION public.delete_account() RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = ''
        AS $$ DELETE FROM auth.users WHERE id = (SELECT auth.uid()) $$;
        REVOKE EXECUTE ON FUNCTION public.delete_account() FROM public, anon;
        """),
      RuleExample(
        """
        CREATE FUNCTION private.order_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = ''
        AS $$ SELECT count(*) FROM public.orders $$;
        """),
      RuleExample(
        """
        CREATE FUNCTION public.order_count() RETURNS bigint LANGUAGE sql SET search_path = ''
        AS $$ SELECT count(*) FROM public.orders $$;
        """),
      RuleExample(
        """
        CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = '' AS $$ BEGIN INSERT INTO public.profiles (id) VALUES (new.id); RETURN new; END $$;
        """),
    ],
    elsewhere: [
      "splinter (Supabase database linter): anon_security_definer_function_executable (0028)",
      "splinter (Supabase database linter): authenticated_security_definer_function_executable (0029), for anon only",
    ])

  public var statementKinds: StatementKinds { .createFunction }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase, case .createFunction(let function) = context.statement.node,
      function.securityDefiner, !function.isProcedure
    else { return [] }
    if let returns = function.returns?.lowercased(), returns == "trigger" || returns == "event_trigger" { return [] }
    let key = context.schema.keyForCreation(function.name)
    guard context.settings.exposedSchemas.contains(key.schema), !context.functionRedefinedLater(key) else { return [] }
    let name = function.name.displayText
    var diagnostic = context.diagnostic(
      description, range: context.statement.range,
      message:
        "SECURITY DEFINER function \(name) can be executed by anon: anyone with the anon key can call it through /rest/v1/rpc/\(function.name.name) with its owner's privileges",
      help: String(
        message: """
          Revoke EXECUTE from PUBLIC and anon (add authenticated if signed-in users must not call it either):
            REVOKE EXECUTE ON FUNCTION \(name) FROM public, anon;
          or make it SECURITY INVOKER, or move it to a schema the API does not expose.
          """))
    diagnostic.subject = "\(key.schema).\(key.name)"
    return [diagnostic]
  }

  public var settlesAtFolderEnd: Bool { true }

  /// Keeps findings for functions that are still SECURITY DEFINER and
  /// executable by `anon` at the end of the linted migrations.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.keepingLastPerSubject().filter { diagnostic in
      guard let key = ObjectKey(subject: diagnostic.subject) else { return true }
      guard let function = finalSchema.functions[key], function.securityDefiner else { return false }
      return finalSchema.canExecute("anon", function: key)
    }
  }
}
