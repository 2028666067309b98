/// The tables each rule's examples use, with rows, keyed by rule id.
///
/// A rule's examples run as the newest migration of a project: their
/// `previousMigrations` first, then this setup, then the fixed example or the
/// help's SQL. The setup uses `IF NOT EXISTS` so that an example whose
/// earlier migrations already created a table keeps theirs. A rule without a
/// row runs with no setup (a new rule needs none when its examples create
/// their tables in `previousMigrations`); it is still run, never skipped, and
/// SQL that needs a missing table fails on the server.
enum RuleSetups {
  /// orders with rows, the table most examples index.
  static let orders = """
    CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, customer_id bigint, status text);
    INSERT INTO public.orders SELECT g, g % 50, 'new' FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """

  /// profiles with rows, every username set (so SET NOT NULL can succeed).
  static let profiles = """
    CREATE TABLE IF NOT EXISTS public.profiles (id bigint PRIMARY KEY, username text);
    INSERT INTO public.profiles SELECT g, 'user' || g FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """

  static let byRule: [String: String] = [
    "require-concurrent-index-creation": orders,
    "require-concurrent-index-deletion": orders + """

      CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);
      CREATE INDEX IF NOT EXISTS orders_status_idx ON public.orders (status);
      """,
    "concurrently-in-transaction": orders,
    "adding-required-column": orders + profiles + """

      CREATE TABLE IF NOT EXISTS public.regions (id bigint PRIMARY KEY);
      INSERT INTO public.regions SELECT g FROM generate_series(1, 10) AS g ON CONFLICT DO NOTHING;
      CREATE TABLE IF NOT EXISTS public.invoices (id bigint PRIMARY KEY, total numeric);
      INSERT INTO public.invoices SELECT g, g * 10 FROM generate_series(1, 100) AS g ON CONFLICT DO NOTHING;
      """,
    "set-not-null-scan": profiles,
    "require-lock-timeout": orders + """

      CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      """,
    "ban-domain-constraint": """
    DO $$ BEGIN
      CREATE DOMAIN public.email_address AS text;
    EXCEPTION WHEN duplicate_object THEN NULL;
    END $$;
    CREATE TABLE IF NOT EXISTS public.customers (id bigint PRIMARY KEY, email public.email_address);
    INSERT INTO public.customers SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 100) AS g
      ON CONFLICT DO NOTHING;
    """,
    "require-statement-timeout": """
    CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, customer_id bigint, total numeric, note text);
    INSERT INTO public.orders SELECT g, g % 50, g, 'note' FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    DO $$ BEGIN
      ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
    EXCEPTION WHEN duplicate_object THEN NULL;
    END $$;
    """,
    "require-concurrent-reindex": orders + """

      CREATE INDEX IF NOT EXISTS orders_status_idx ON public.orders (status);
      CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);
      """,
    "table-rewrite-command": orders,
    "changing-column-type": """
    CREATE TABLE IF NOT EXISTS public.accounts (id bigint PRIMARY KEY, balance numeric(10, 2));
    INSERT INTO public.accounts SELECT g, g FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """,
    "volatile-default": orders + """

      CREATE TABLE IF NOT EXISTS public.events (id bigint PRIMARY KEY);
      INSERT INTO public.events SELECT g FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
      """,
    "constraint-missing-not-valid": """
    CREATE TABLE IF NOT EXISTS public.customers (id bigint PRIMARY KEY);
    INSERT INTO public.customers SELECT g FROM generate_series(1, 50) AS g ON CONFLICT DO NOTHING;
    CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);
    INSERT INTO public.orders (id, customer_id, total) SELECT g, 1 + g % 50, g FROM generate_series(1, 1000) AS g
      ON CONFLICT DO NOTHING;
    """,
    "lock-table": orders + """

      CREATE TABLE IF NOT EXISTS public.customers (id bigint PRIMARY KEY);
      """,
    "rls-disabled-in-public": """
    CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);
    CREATE TABLE IF NOT EXISTS public.audit_log (id bigint PRIMARY KEY, event text);
    """,
    "policy-exists-rls-disabled": """
    CREATE SCHEMA IF NOT EXISTS private;
    CREATE TABLE IF NOT EXISTS private.jobs (id bigint PRIMARY KEY, owner uuid NOT NULL);
    """,
    "rls-enabled-no-policy": "CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid, body text);",
    "policy-column-unindexed":
      "CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, owner uuid, body text);",
    "auth-rls-initplan": "CREATE TABLE IF NOT EXISTS public.members (team_id bigint, user_id uuid);",
    "missing-if-not-exists": """
    CREATE TABLE IF NOT EXISTS public.notes (id bigint PRIMARY KEY, body text);
    INSERT INTO public.notes SELECT g, 'note ' || g FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """,
    "missing-if-exists": """
    CREATE TABLE IF NOT EXISTS public.legacy_events (id bigint PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS public.notes (
      id bigint PRIMARY KEY, body text, title text, legacy_flag boolean,
      CONSTRAINT notes_title_check CHECK (title <> ''));
    INSERT INTO public.notes SELECT g, 'note ' || g, 'title ' || g, false FROM generate_series(1, 1000) AS g
      ON CONFLICT DO NOTHING;
    CREATE INDEX IF NOT EXISTS notes_title_idx ON public.notes (title);
    ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS "owner reads" ON public.notes;
    CREATE POLICY "owner reads" ON public.notes FOR SELECT TO authenticated USING (true);
    """,
    "drop-column": orders,
    "drop-table": "CREATE TABLE IF NOT EXISTS public.legacy_events (id bigint PRIMARY KEY);",
    "rename-column": orders,
    "rename-table": orders,
    "truncate-table": """
    CREATE TABLE IF NOT EXISTS public.audit_log (id bigint PRIMARY KEY, event text);
    INSERT INTO public.audit_log SELECT g, 'event ' || g FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """,
    "drop-not-null": orders,
    "prefer-timestamptz": """
    CREATE TABLE IF NOT EXISTS public.events (id bigint PRIMARY KEY, starts_at timestamp);
    INSERT INTO public.events SELECT g, '2025-01-01'::timestamp + g * interval '1 hour'
      FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """,
    "prefer-jsonb": """
    CREATE TABLE IF NOT EXISTS public.webhooks (id bigint PRIMARY KEY, payload text);
    INSERT INTO public.webhooks SELECT g, '{"n": ' || g || '}' FROM generate_series(1, 1000) AS g
      ON CONFLICT DO NOTHING;
    """,
    "prefer-text": """
    CREATE TABLE IF NOT EXISTS public.users (id bigint PRIMARY KEY, nickname varchar(50));
    INSERT INTO public.users SELECT g, 'user' || g FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """,
    "require-primary-key": """
    CREATE TABLE IF NOT EXISTS public.countries (code text NOT NULL UNIQUE, name text NOT NULL);
    """,
    "multiple-alter-table": orders + """

      CREATE TABLE IF NOT EXISTS public.profiles (id bigint PRIMARY KEY, legacy_name text, bio varchar(200));
      """,
    "batch-loop-in-transaction": orders + """

      CREATE TABLE IF NOT EXISTS public.audit_log (id bigint PRIMARY KEY, event text, created_at timestamptz);
      CREATE TABLE IF NOT EXISTS public.sessions (id bigint PRIMARY KEY, expired boolean);
      """,
    "sleep-in-migration": orders,
    "contract-in-same-migration": """
    CREATE TABLE IF NOT EXISTS public.customers (
      id bigint PRIMARY KEY, name text, nick text, email text, legacy_flag boolean);
    INSERT INTO public.customers SELECT g, 'name ' || g, 'nick ' || g, 'user' || g || '@example.com', false
      FROM generate_series(1, 1000) AS g ON CONFLICT DO NOTHING;
    """,
    "prefer-add-column-if-not-exists": orders,
    "information-schema-without-schema": orders + """

      ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS legacy_code text;
      """,
    "trigger-references-unknown-column": """
    CREATE TABLE IF NOT EXISTS public.tickets (id bigint PRIMARY KEY, title text, search text);
    """,
    "syntax-error": "",
    "unused-suppression": "CREATE TABLE IF NOT EXISTS public.t (id bigint PRIMARY KEY);",
    "invalid-suppression": "CREATE TABLE IF NOT EXISTS public.t (id bigint PRIMARY KEY);",
    // The objects the Supabase rules' examples create (their help alters them).
    "function-search-path-mutable": """
    CREATE OR REPLACE FUNCTION public.add_tax(amount numeric) RETURNS numeric
      LANGUAGE sql AS $$ SELECT amount * 1.2 $$;
    CREATE OR REPLACE FUNCTION public.handle_new_user() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN RETURN new; END $$;
    """,
    "security-definer-view": """
    CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, customer_id bigint, total numeric,
      created_at timestamptz DEFAULT now());
    CREATE OR REPLACE VIEW public.order_totals AS SELECT customer_id, sum(total) AS total FROM public.orders GROUP BY 1;
    CREATE OR REPLACE VIEW public.recent_orders AS SELECT * FROM public.orders;
    """,
    "security-definer-function-exposed": """
    CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY);
    CREATE OR REPLACE FUNCTION public.delete_account() RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ DELETE FROM auth.users WHERE id = (SELECT auth.uid()) $$;
    CREATE OR REPLACE FUNCTION public.admin_stats() RETURNS bigint
      LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT count(*) FROM public.orders $$;
    """,
    "auth-users-exposed": """
    CREATE TABLE IF NOT EXISTS public.profiles (id uuid PRIMARY KEY, display_name text);
    CREATE OR REPLACE VIEW public.members AS SELECT id, email, raw_user_meta_data FROM auth.users;
    CREATE MATERIALIZED VIEW IF NOT EXISTS public.member_emails AS
      SELECT u.email, p.display_name FROM public.profiles p JOIN auth.users u ON u.id = p.id;
    """,
    "grant-all-to-anon": """
    CREATE TABLE IF NOT EXISTS public.posts (id bigint PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS public.comments (id bigint PRIMARY KEY);
    """,
    "unindexed-foreign-key": """
    CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, customer_id bigint);
    """,
    "duplicate-index": """
    CREATE TABLE IF NOT EXISTS public.orders (id bigint PRIMARY KEY, customer_id bigint);
    CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);
    """,
  ]
}
