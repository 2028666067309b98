import MigrationLint
import PostgresSyntax
import Testing

/// Final schemas of two Supabase projects of the corpus, replayed from all
/// their migrations. Every expectation below was checked by reading the
/// project's migration files (they are not in this repository).
@Suite("Schema model: final schema of two Supabase projects")
struct SupabaseProjectSchemaTests {
  func replay(_ project: String) throws -> SchemaState? {
    guard let folder = try SchemaCorpus.migrationsFolder() else { return nil }
    let files = SchemaCorpus.files(of: project, in: folder)
    try #require(!files.isEmpty, "no migrations found for \(project)")
    return SchemaCorpus.replayProject(files)
  }

  func table(_ name: String, in state: SchemaState) throws -> TableInfo {
    try #require(state.tables[ObjectKey(schema: "public", name: name)], "table public.\(name) missing")
  }

  /// vercel/nextjs-subscription-payments: one init migration.
  @Test("nextjs-subscription-payments")
  func subscriptionPayments() throws {
    guard let state = try replay("vercel__nextjs-subscription-payments") else { return }
    #expect(
      state.tables.keys.map(\.description).sorted()
        == ["public.customers", "public.prices", "public.products", "public.subscriptions", "public.users"])

    let users = try table("users", in: state)
    #expect(users.columns.map(\.name) == ["id", "full_name", "avatar_url", "billing_address", "payment_method"])
    #expect(users.column("id")?.notNull == true)
    #expect(users.column("billing_address")?.typeName == "jsonb")
    #expect(users.rlsEnabled && !users.rlsForced)
    #expect(users.policies.map(\.name) == ["Can view own user data.", "Can update own user data."])
    #expect(users.policies.map(\.command) == ["SELECT", "UPDATE"])
    #expect(users.policies.allSatisfy { $0.permissive && $0.roles.isEmpty })
    #expect(
      users.constraints.first { $0.kind == .foreignKey }?.referencedTable == ObjectKey(schema: "auth", name: "users"))

    // RLS on, deliberately without policies.
    let customers = try table("customers", in: state)
    #expect(customers.rlsEnabled)
    #expect(customers.policies.isEmpty)

    let products = try table("products", in: state)
    #expect(products.policies.map(\.name) == ["Allow public read-only access."])

    // Columns named `type` and `interval` with enum types.
    let prices = try table("prices", in: state)
    #expect(
      prices.columns.map(\.name) == [
        "id", "product_id", "active", "description", "unit_amount", "currency", "type", "interval",
        "interval_count", "trial_period_days", "metadata",
      ])
    #expect(prices.column("type")?.typeName == "pricing_type")
    #expect(prices.column("interval")?.typeName == "pricing_plan_interval")
    #expect(
      prices.constraints.contains {
        $0.kind == .foreignKey && $0.columns == ["product_id"]
          && $0.referencedTable == ObjectKey(schema: "public", name: "products")
      })
    #expect(prices.constraints.contains { $0.kind == .check && $0.columns == ["currency"] })

    let subscriptions = try table("subscriptions", in: state)
    #expect(subscriptions.columns.count == 15)
    let created = try #require(subscriptions.column("created"))
    #expect(created.typeName == "timestamp with time zone")
    #expect(created.notNull)
    #expect(created.defaultExpression == "timezone('utc'::text, now())")
    #expect(!created.defaultIsVolatile)
    #expect(subscriptions.column("ended_at")?.notNull == false)
    #expect(subscriptions.policies.map(\.command) == ["SELECT"])

    #expect(
      state.enums[ObjectKey(schema: "public", name: "subscription_status")]?.values == [
        "trialing", "active", "canceled", "incomplete", "incomplete_expired", "past_due", "unpaid", "paused",
      ])
    #expect(state.enums[ObjectKey(schema: "public", name: "pricing_plan_interval")]?.values.count == 4)

    let handler = try #require(state.functions[ObjectKey(schema: "public", name: "handle_new_user")])
    #expect(handler.securityDefiner)
    #expect(!handler.setsSearchPath)
    #expect(handler.language == "plpgsql")
  }

  /// mckaywrigley/chatbot-ui: 25 migrations that build and then extend tables.
  @Test("chatbot-ui")
  func chatbotUI() throws {
    guard let state = try replay("mckaywrigley__chatbot-ui") else { return }
    // 26 tables in public, every one with RLS enabled, none forced.
    let tables = state.tables.values.filter { $0.key.schema == "public" }
    #expect(tables.count == 26)
    #expect(tables.allSatisfy { $0.rlsEnabled && !$0.rlsForced })

    // profiles: created with 23 columns, then three ALTER TABLE ... ADD COLUMN
    // in three later files.
    let profiles = try table("profiles", in: state)
    #expect(profiles.columns.count == 26)
    #expect(
      profiles.columns.suffix(3).map(\.name) == ["openrouter_api_key", "azure_openai_embeddings_id", "groq_api_key"])
    let id = try #require(profiles.column("id"))
    #expect(id.typeName == "uuid" && id.notNull && id.defaultIsVolatile)
    #expect(profiles.column("created_at")?.defaultIsVolatile == false)
    #expect(profiles.column("user_id")?.notNull == true)
    #expect(profiles.column("updated_at")?.notNull == false)
    let userConstraints = profiles.constraints.filter { $0.columns == ["user_id"] }.map(\.kind)
    #expect(userConstraints == [.unique, .foreignKey])
    #expect(profiles.constraints.contains { $0.name == "profiles_username_key" && $0.kind == .unique })
    #expect(profiles.policies.map(\.name) == ["Allow full access to own profiles"])
    #expect(profiles.policies.first?.command == "ALL")
    #expect(
      state.indexes[ObjectKey(schema: "public", name: "idx_profiles_user_id")]?.table
        == ObjectKey(schema: "public", name: "profiles"))

    // workspaces: a NOT NULL column with a constant default added later.
    let workspaces = try table("workspaces", in: state)
    let imagePath = try #require(workspaces.column("image_path"))
    #expect(imagePath.notNull && imagePath.defaultExpression == "''")
    #expect(workspaces.policies.map(\.command) == ["ALL", "SELECT"])

    // tools: two columns added, one of them dropped again; a default set later.
    let tools = try table("tools", in: state)
    #expect(tools.column("request_in_body") == nil)
    #expect(tools.columns.last?.name == "custom_headers")
    #expect(tools.column("schema")?.defaultExpression == "'{}'")
    #expect(
      tools.constraints.contains {
        $0.columns == ["folder_id"] && $0.referencedTable == ObjectKey(schema: "public", name: "folders")
      })

    // Redefined later with the same options: SECURITY DEFINER and a search_path.
    let creator = try #require(state.functions[ObjectKey(schema: "public", name: "create_profile_and_workspace")])
    #expect(creator.securityDefiner && creator.setsSearchPath)
    let cleanup = try #require(state.functions[ObjectKey(schema: "public", name: "delete_old_profile_image")])
    #expect(cleanup.securityDefiner && !cleanup.setsSearchPath)
  }
}
