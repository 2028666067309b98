import PostgresSyntax

// GRANT and REVOKE on relations and functions, and what a role may do.
extension SchemaState {
  /// Records a GRANT or REVOKE on tables, views, sequences' relations and
  /// functions (`ALL ... IN SCHEMA` applies to the objects that exist now,
  /// as in PostgreSQL). Other object types are not modelled.
  mutating func applyGrant(_ grant: GrantStatement) {
    // An array, not a set: a privilege written twice only sets the same
    // entry twice (a set per GRANT cost 2 M instructions on the corpus run).
    let privileges = grant.privileges.filter { $0 != "PRIVILEGES" }
    let isAll = privileges.contains("ALL")
    func update(_ record: inout ObjectPrivileges) {
      for role in grant.roles {
        if isAll {
          record.all[role] = grant.isGrant
          record.explicit[role] = nil
        } else {
          for privilege in privileges { record.explicit[role, default: [:]][privilege] = grant.isGrant }
        }
      }
    }
    switch grant.objectType {
    case "TABLE":
      for name in grant.objects {
        let table = resolveTable(name)
        let key = tables.hasKey(table) ? table : resolveView(name)
        update(&relationPrivileges[key, default: ObjectPrivileges()])
      }
    case "FUNCTION", "PROCEDURE", "ROUTINE":
      for name in grant.objects {
        update(&functionPrivileges[resolveFunction(name), default: ObjectPrivileges()])
      }
    case "ALL TABLES IN SCHEMA":
      let schemas = Set(grant.objects.map(\.name))
      for key in Array(tables.keys) + Array(views.keys) where schemas.contains(key.schema) {
        update(&relationPrivileges[key, default: ObjectPrivileges()])
      }
    case "ALL FUNCTIONS IN SCHEMA", "ALL ROUTINES IN SCHEMA", "ALL PROCEDURES IN SCHEMA":
      let schemas = Set(grant.objects.map(\.name))
      for key in functions.keys where schemas.contains(key.schema) {
        update(&functionPrivileges[key, default: ObjectPrivileges()])
      }
    default:
      break
    }
  }

  /// True when `role` holds `privilege` on the function `key`, directly or
  /// through PUBLIC: PostgreSQL grants EXECUTE to PUBLIC on every new
  /// function, and Supabase's default privileges grant it to `anon`,
  /// `authenticated` and `service_role` in `public`, so only a REVOKE from
  /// both the role and PUBLIC takes it away.
  public func canExecute(_ role: String, function key: ObjectKey) -> Bool {
    let record = functionPrivileges[key] ?? ObjectPrivileges()
    let direct = record.state(role, "EXECUTE") ?? Self.supabaseRoles.contains(role)
    return direct || (record.state("public", "EXECUTE") ?? true)
  }

  /// True when `role` may `privilege` the relation `key` in an exposed
  /// schema: Supabase's default privileges grant every table privilege to
  /// `anon` and `authenticated` unless a migration revoked it (PUBLIC holds
  /// none by default).
  public func hasRelationPrivilege(_ role: String, _ privilege: String, on key: ObjectKey) -> Bool {
    let record = relationPrivileges[key] ?? ObjectPrivileges()
    let direct = record.state(role, privilege) ?? Self.supabaseRoles.contains(role)
    return direct || (record.state("public", privilege) ?? false)
  }

  /// The roles Supabase's default privileges give access to new objects.
  static let supabaseRoles: Set<String> = ["anon", "authenticated", "service_role"]

  /// A newly created object starts with its default privileges.
  mutating func resetPrivileges(relation key: ObjectKey) { relationPrivileges[key] = nil }
  mutating func resetPrivileges(function key: ObjectKey) { functionPrivileges[key] = nil }
}
