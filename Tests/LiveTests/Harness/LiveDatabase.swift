import Foundation

/// A database of its own on a throwaway server, for checks that replay whole
/// migrations: those use schema-qualified names (`public.orders`), so the
/// scratch schemas of ``LiveObserver`` cannot isolate them.
///
/// Each one is copied from a template database that has the Supabase stub
/// applied (`CREATE DATABASE … TEMPLATE`, a fraction of a second), so it looks
/// like a fresh Supabase project. Roles are cluster-wide and come from the
/// stub run on the server's `postgres` database.
struct LiveDatabase: Sendable {
  let name: String
  /// A client connected to this database.
  let client: PsqlClient
  private let admin: PsqlClient

  static let templateName = "cslint_stub_template"

  /// A fresh stubbed database on `server`; ``drop()`` removes it.
  static func create(on server: ThrowawayServer) async throws -> LiveDatabase {
    try await TemplateDatabases.shared.ensureTemplate(on: server)
    let name = "cslint_db_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    let admin = server.client
    // `ALTER DATABASE … SET` lives in pg_db_role_setting, which a template
    // copy does not carry: Supabase's search_path is set again here.
    try await admin.execute(
      """
      CREATE DATABASE \(name) TEMPLATE \(templateName);
      ALTER DATABASE \(name) SET search_path = "$user", public, extensions;
      """)
    return LiveDatabase(name: name, client: admin.database(name), admin: admin)
  }

  func drop() async {
    _ = try? await admin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE);")
  }

  /// Runs `body` on a fresh database and drops it afterwards, also on error.
  static func with<T: Sendable>(
    on server: ThrowawayServer, _ body: (LiveDatabase) async throws -> T
  ) async throws -> T {
    let database = try await create(on: server)
    do {
      let value = try await body(database)
      await database.drop()
      return value
    } catch {
      await database.drop()
      throw error
    }
  }
}

/// Creates the stubbed template database once per server.
private actor TemplateDatabases {
  static let shared = TemplateDatabases()
  private var created: [String: Task<Void, Error>] = [:]

  func ensureTemplate(on server: ThrowawayServer) async throws {
    let key = server.directory
    if let task = created[key] { return try await task.value }
    let task = Task {
      let stub = PostgresInstalls.packageRoot.appendingPathComponent("Scripts/pg/supabase-stub.sql")
      let sql = try String(contentsOf: stub, encoding: .utf8)
      try await server.client.execute("CREATE DATABASE \(LiveDatabase.templateName);")
      try await server.client.database(LiveDatabase.templateName).execute(sql)
    }
    created[key] = task
    try await task.value
  }
}
