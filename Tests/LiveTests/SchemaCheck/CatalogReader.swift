import Foundation
import MigrationLint
import PostgresSyntax

/// Reads a ``CatalogSnapshot`` from a live database's system catalogs.
///
/// Scope: ordinary and partitioned tables in every schema but PostgreSQL's
/// own, skipping objects that belong to an extension. Types are spelled by
/// `format_type` (with the session's search_path, so `public` and
/// `extensions` types are unqualified). On PostgreSQL 18, NOT NULL is also a
/// `pg_constraint` row (contype `n`); those rows are left out on both sides,
/// nullability is compared per column instead.
enum CatalogReader {
  static let scope = """
    n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%'
      AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype = 'e')
    """

  static let query = """
    SELECT 'table', n.nspname::text, c.relname::text, c.relrowsecurity::text, c.relforcerowsecurity::text, '', ''
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND \(scope)
    UNION ALL
    SELECT 'column', n.nspname::text, c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
           a.attnotnull::text, (a.atthasdef AND a.attgenerated = '')::text
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND \(scope)
    UNION ALL
    SELECT 'constraint', n.nspname::text, c.relname::text, k.conname::text, k.contype::text, k.convalidated::text, ''
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND k.contype <> 'n' AND \(scope)
    UNION ALL
    SELECT 'index', n.nspname::text, i.relname::text, c.relname::text, x.indisunique::text, (x.indpred IS NOT NULL)::text, ''
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND \(scope)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                      AND k.contype IN ('p', 'u', 'x'))
    UNION ALL
    SELECT 'policy', n.nspname::text, c.relname::text, p.polname::text, p.polcmd::text, '', ''
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE \(scope);
    """

  static func read(_ client: PsqlClient) async throws -> CatalogSnapshot {
    var snapshot = CatalogSnapshot()
    let rows = try await client.rows(query)
    // Tables first: the other rows attach to them.
    for row in rows where row.count == 7 && row[0] == "table" {
      snapshot.tables["\(row[1]).\(row[2])"] = CatalogSnapshot.Table(
        rowSecurity: row[3] == "true", forceRowSecurity: row[4] == "true")
    }
    for row in rows where row.count == 7 {
      let table = "\(row[1]).\(row[2])"
      switch row[0] {
      case "column":
        snapshot.tables[table]?.columns[row[3]] = CatalogSnapshot.Column(
          type: row[4], notNull: row[5] == "true", hasDefault: row[6] == "true")
      case "constraint":
        snapshot.tables[table]?.constraints[row[3]] = CatalogSnapshot.ConstraintState(
          kind: constraintKind(row[4]), validated: row[5] == "true")
      case "index":
        snapshot.indexes["\(row[1]).\(row[2])"] = CatalogSnapshot.Index(
          table: "\(row[1]).\(row[3])", unique: row[4] == "true", partial: row[5] == "true")
      case "policy":
        snapshot.tables[table]?.policies[row[3]] = policyCommand(row[4])
      default:
        break
      }
    }
    return snapshot
  }

  static func constraintKind(_ contype: String) -> String {
    switch contype {
    case "p": return ConstraintKind.primaryKey.rawValue
    case "f": return ConstraintKind.foreignKey.rawValue
    case "u": return ConstraintKind.unique.rawValue
    case "c": return ConstraintKind.check.rawValue
    case "x": return ConstraintKind.exclude.rawValue
    default: return "contype \(contype)"
    }
  }

  static func policyCommand(_ polcmd: String) -> String {
    switch polcmd {
    case "r": return "SELECT"
    case "a": return "INSERT"
    case "w": return "UPDATE"
    case "d": return "DELETE"
    case "*": return "ALL"
    default: return "polcmd \(polcmd)"
    }
  }
}
