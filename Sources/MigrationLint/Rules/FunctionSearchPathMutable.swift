import PostgresSyntax

/// A function whose name lookups depend on the caller's `search_path`.
public struct FunctionSearchPathMutable: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "function-search-path-mutable",
    category: .security,
    defaultSeverity: .warning,
    summary: "Functions need a fixed search_path; SECURITY DEFINER functions above all",
    rationale: """
      A function body written as a string (`AS $$ ... $$`, plpgsql or sql) looks up its unqualified \
      table, function and operator names each time it runs, on the *caller's* `search_path`. A caller \
      who can create objects in a schema earlier on that path (or set the path) makes `now()`, \
      `lower()` or `profiles` mean their own object. For a `SECURITY DEFINER` function that object \
      then runs with the function owner's privileges: privilege escalation, so such findings are \
      errors. Setting the path on the function (`SET search_path = ''`, with schema-qualified names \
      in the body) fixes what every name means. A later migration of the same run that sets the path \
      (`ALTER FUNCTION ... SET search_path`) or drops the function settles the finding, and a function \
      defined again (`CREATE OR REPLACE`) is reported once, at its last definition. SQL-standard \
      bodies (`BEGIN ATOMIC ... END`, `RETURN ...`) resolve their names when the function is created \
      and C or internal functions have no SQL names, so neither is reported (splinter lists them all). \
      Functions in the schemas Supabase and extensions manage are left out, as splinter does.
      """,
    postgresVersions: "all",
    useInstead: """
      CREATE OR REPLACE FUNCTION public.handle_new_user()
      RETURNS trigger
      LANGUAGE plpgsql
      SECURITY DEFINER
      SET search_path = ''
      AS $$
      BEGIN
        INSERT INTO public.profiles (id) VALUES (new.id);
        RETURN new;
      END;
      $$;
      """,
    triggering: [
      RuleExample(
        """
        ↓CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric
        LANGUAGE sql AS $$ SELECT amount * 1.2 $$;
        """,
        message:
          "Function public.add_tax has no fixed search_path: the caller's search_path decides what its unqualified names mean"
      ),
      RuleExample(
        """
        ↓create or replace function public.handle_new_user() returns trigger
        language plpgsql security definer as $$
        begin
          insert into profiles (id) values (new.id);
          return new;
        end;
        $$;
        """,
        message:
          "SECURITY DEFINER function public.handle_new_user has no fixed search_path: a caller who shadows one of its unqualified names decides what it reads and calls with its owner's privileges"
      ),
      RuleExample(
        """
        CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT amount * 1.2 $$;
        ↓CREATE OR REPLACE FUNCTION public.add_tax(amount numeric) RETURNS numeric
        LANGUAGE sql AS $$ SELECT amount * 1.25 $$;
        """),
    ],
    nonTriggering: [
      RuleExample(
        """
        CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric
        LANGUAGE sql SET search_path = '' AS $$ SELECT amount * 1.2 $$;
        """),
      RuleExample(
        """
        CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric
        LANGUAGE sql AS $$ SELECT amount * 1.2 $$;
        ALTER FUNCTION public.add_tax(numeric) SET search_path = pg_catalog, public;
        """),
      RuleExample(
        """
        CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric
        LANGUAGE sql
        RETURN amount * 1.2;
        """),
      RuleExample("CREATE FUNCTION public.fast_hash(bytea) RETURNS int AS 'hashlib', 'fast_hash' LANGUAGE c STRICT;"),
    ],
    elsewhere: ["splinter (Supabase database linter): function_search_path_mutable (0011)"])

  public var statementKinds: StatementKinds { .createFunction }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .createFunction(let function) = context.statement.node, !function.setsSearchPath else { return [] }
    if let language = function.language, ["c", "internal"].contains(language) { return [] }
    // A SQL-standard body (`BEGIN ATOMIC`, `RETURN`) is parsed at creation: its names are bound then.
    guard let body = function.body, Self.isStringBody(context.source.bytes, body) else { return [] }
    let key = context.schema.keyForCreation(function.name)
    guard !SupabaseSchemas.system.contains(key.schema), !context.functionRedefinedLater(key) else { return [] }
    let name = function.name.displayText
    let message =
      function.securityDefiner
      ? String(
        message:
          "SECURITY DEFINER function \(name) has no fixed search_path: a caller who shadows one of its unqualified names decides what it reads and calls with its owner's privileges"
      )
      : String(
        message:
          "Function \(name) has no fixed search_path: the caller's search_path decides what its unqualified names mean"
      )
    var diagnostic = context.diagnostic(
      description, range: context.statement.range, message: message,
      help: String(
        message: """
          Fix the path on the function and qualify the names its body uses (public.profiles, auth.uid()):
            ALTER FUNCTION \(name) SET search_path = '';
          or write `SET search_path = ''` in the CREATE FUNCTION, before `AS`.
          """))
    if function.securityDefiner { diagnostic.severity = .error }
    diagnostic.subject = String(message: "\(key.schema).\(key.name)")
    return [diagnostic]
  }

  /// True when the body is a string constant (`$$...$$`, `'...'`), not SQL-standard.
  static func isStringBody(_ bytes: [UInt8], _ body: Range<Int>) -> Bool {
    guard body.lowerBound >= 0, body.lowerBound < bytes.count else { return false }
    let first = bytes[body.lowerBound]
    return first == UInt8(ascii: "$") || first == UInt8(ascii: "'") || first == UInt8(ascii: "E")
      || first == UInt8(ascii: "e")
  }

  public var settlesAtFolderEnd: Bool { true }

  /// Drops findings for functions a later linted migration fixed or dropped.
  public func settle(_ findings: [Diagnostic], finalSchema: SchemaState) -> [Diagnostic] {
    findings.keepingLastPerSubject().filter { diagnostic in
      guard let key = ObjectKey(subject: diagnostic.subject) else { return true }
      guard let function = finalSchema.functions[key] else { return false }
      return !function.setsSearchPath
    }
  }
}

extension ObjectKey {
  /// The key a finding's `subject` (`schema.name`) names.
  init?(subject: String?) {
    guard var subject else { return nil }
    // ASCII (nearly every subject): the first dot byte is the first dot
    // character; a search over characters costs thousands of instructions.
    let split = subject.withUTF8 { bytes -> (String, String)?? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return .some(nil) }
      return (
        String(decoding: UnsafeBufferPointer(rebasing: bytes[..<dot]), as: UTF8.self),
        String(decoding: UnsafeBufferPointer(rebasing: bytes[(dot + 1)...]), as: UTF8.self)
      )
    }
    if let split {
      guard let (schema, name) = split else { return nil }
      self.init(schema: schema, name: name)
      return
    }
    guard let dot = subject.firstIndex(of: ".") else { return nil }
    self.init(schema: String(subject[..<dot]), name: String(subject[subject.index(after: dot)...]))
  }
}
