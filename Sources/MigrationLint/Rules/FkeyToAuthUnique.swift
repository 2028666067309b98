import PostgresSyntax

/// A foreign key to a unique constraint of Supabase's `auth` schema other than the primary key.
public struct FkeyToAuthUnique: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "fkey-to-auth-unique",
    category: .security,
    defaultSeverity: .error,
    summary: "Foreign keys into the auth schema must reference the primary key",
    rationale: """
      A foreign key depends on the unique index it references. Supabase Auth owns the `auth` schema \
      and changes its constraints in its own upgrades; a foreign key that references one of its \
      unique constraints other than the primary key (`auth.users (phone)`, `auth.users (email)`) \
      blocks Supabase from dropping or changing that constraint, and the platform upgrade fails \
      (splinter reports these as errors). Reference `id`, the primary key of the auth tables, and \
      look the other columns up through it. Applies to the `supabase` runner.
      """,
    useInstead: """
      CREATE TABLE public.invites (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE
      );
      """,
    triggering: [
      RuleExample(
        "CREATE TABLE public.invites (id bigint PRIMARY KEY, ↓phone text REFERENCES auth.users (phone));",
        message:
          "Foreign key references auth.users (phone), a unique constraint Supabase Auth owns: Supabase cannot change it in an upgrade while this key depends on it"
      ),
      RuleExample(
        """
        alter table public.invites add ↓constraint invites_email_fkey
          foreign key (email) references auth.users (email);
        """),
    ],
    nonTriggering: [
      RuleExample("CREATE TABLE public.invites (id bigint PRIMARY KEY, user_id uuid REFERENCES auth.users (id));"),
      RuleExample("CREATE TABLE public.invites (id bigint PRIMARY KEY, user_id uuid REFERENCES auth.users);"),
      RuleExample("ALTER TABLE public.invites ADD FOREIGN KEY (email) REFERENCES public.accounts (email);"),
    ],
    elsewhere: ["splinter (Supabase database linter): fkey_to_auth_unique (0021)"])

  public var statementKinds: StatementKinds { .columnTypes }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard context.settings.runner == .supabase else { return [] }
    var references: [(Range<Int>, QualifiedName, [String])] = []
    switch context.statement.node {
    case .createTable(let table):
      for column in table.columns {
        if let target = column.references { references.append((column.range, target, column.referencedColumns)) }
      }
      for constraint in table.constraints where constraint.kind == .foreignKey {
        if let target = constraint.referencedTable {
          references.append((constraint.range, target, constraint.referencedColumns))
        }
      }
    case .alterTable(let alter):
      for command in alter.commands {
        switch command.action {
        case .addColumn(let column, _, _):
          if let target = column.references { references.append((column.range, target, column.referencedColumns)) }
        case .addConstraint(let constraint) where constraint.kind == .foreignKey:
          if let target = constraint.referencedTable {
            references.append((constraint.range, target, constraint.referencedColumns))
          }
        default: continue
        }
      }
    default:
      return []
    }
    return references.compactMap { range, target, columns in
      // Every auth table's primary key is `id`; no columns means the primary key.
      guard target.schema == "auth", !columns.isEmpty, columns != ["id"] else { return nil }
      let list = columns.map(SQLName.quoteIfNeeded).joined(separator: ", ")
      return context.diagnostic(
        description, range: range,
        message:
          "Foreign key references \(target.displayText) (\(list)), a unique constraint Supabase Auth owns: Supabase cannot change it in an upgrade while this key depends on it",
        help: String(
          message:
            "Reference the primary key and reach the other columns through it: REFERENCES \(target.displayText) (id)"))
    }
  }
}
