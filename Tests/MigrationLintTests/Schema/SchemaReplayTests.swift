import MigrationLint
import PostgresSyntax
import Testing

/// One replay case: migration files in order and the expected `dump`.
struct ReplayCase: Sendable, CustomTestStringConvertible {
  var name: String
  var files: [String]
  var expected: String

  var testDescription: String { name }
}

@Suite("Schema model: replaying migrations")
struct SchemaReplayTests {
  static let cases: [ReplayCase] = [
    ReplayCase(
      name: "tables, columns, defaults and constraints",
      files: [
        """
        create table public.orgs (id uuid primary key default gen_random_uuid(), name text not null);
        create table Members (
          id bigint generated always as identity primary key,
          org_id uuid not null references orgs (id) on delete cascade,
          joined_at timestamptz default now(),
          role text default 'member' check (role <> ''),
          email text unique,
          constraint members_org_role unique (org_id, role)
        );
        """
      ],
      expected: """
        table public.members
          id bigint not null identity
          org_id uuid not null
          joined_at timestamptz default now()
          role text default 'member'
          email text
          constraint members_org_role UNIQUE (org_id, role)
          constraint members_pkey PRIMARY KEY (id)
          constraint members_org_id_fkey FOREIGN KEY (org_id) -> public.orgs
          constraint members_role_check CHECK (role) check role <> ''
          constraint members_email_key UNIQUE (email)
        table public.orgs
          id uuid not null default gen_random_uuid() (volatile)
          name text not null
          constraint orgs_pkey PRIMARY KEY (id)
        """
    ),
    ReplayCase(
      name: "ALTER TABLE changes columns and constraints",
      files: [
        "create table t (id int primary key, a int, b text default random()::text);",
        """
        alter table t add column c int not null default 0, add column d uuid default gen_random_uuid();
        alter table t alter column a set not null, alter column b drop default, alter column a type bigint;
        alter table t add constraint t_a_positive check (a > 0) not valid;
        alter table t add constraint t_c_fk foreign key (c) references t (id) not valid;
        alter table t validate constraint t_c_fk;
        alter table t drop column d;
        alter table t alter column id set default 1;
        alter table t rename column a to amount;
        alter table t rename constraint t_a_positive to t_amount_positive;
        alter table t add column e text unique;
        alter table t drop constraint if exists t_e_key;
        """,
      ],
      expected: """
        table public.t
          id int not null default 1
          amount bigint not null
          b text
          c int not null default 0
          e text
          constraint t_pkey PRIMARY KEY (id)
          constraint t_amount_positive CHECK () check a > 0 not valid
          constraint t_c_fk FOREIGN KEY (c) -> public.t
        """
    ),
    ReplayCase(
      name: "row level security and policies",
      files: [
        """
        create table profiles (id uuid primary key, owner uuid);
        alter table profiles enable row level security;
        alter table profiles force row level security;
        create policy "Own rows" on profiles for select to authenticated using (owner = auth.uid());
        create policy admins on profiles as restrictive to admin using (true);
        create policy old on profiles for delete using (false);
        drop policy old on profiles;
        alter policy admins on profiles to admin, auditor;
        alter policy "Own rows" on profiles rename to own_rows;
        create table logs (id int);
        alter table logs enable row level security;
        alter table logs disable row level security;
        """
      ],
      expected: """
        table public.logs
          id int
        table public.profiles rls forced
          id uuid not null
          owner uuid
          constraint profiles_pkey PRIMARY KEY (id)
          policy own_rows SELECT to [authenticated]
          policy admins ALL to [admin, auditor] restrictive
        """
    ),
    ReplayCase(
      name: "indexes: named, unnamed, partial, renamed, dropped with their table or column",
      files: [
        """
        create table t (id int, email text, deleted_at timestamptz);
        create unique index t_email_idx on t (email) where deleted_at is null;
        create index on t (id);
        create index if not exists t_id_idx on t (email);
        create index t_lower on t (lower(email));
        alter index t_lower rename to t_email_lower;
        create table u (id int);
        create index u_id on u (id);
        drop table u;
        create table w (a int, b int);
        create index w_ab on w (a, b);
        alter table w drop column b;
        """
      ],
      expected: """
        table public.t
          id int
          email text
          deleted_at timestamptz
        table public.w
          a int
        index public.t_email_idx on public.t (email) unique partial
        index public.t_email_lower on public.t (<expr>)
        index public.t_id_idx on public.t (id)
        """
    ),
    ReplayCase(
      name: "unnamed indexes are numbered, and a freed number is taken again (issue 21)",
      files: [
        """
        create table t (id int);
        create index on t (id);
        create index on t (id);
        create index on t (id);
        create table t_id_idx3 (x int);
        create index on t (id);
        drop index t_id_idx1;
        create index on t (id);
        alter index t_id_idx2 rename to t_two;
        drop table t_id_idx3;
        create index on t (id);
        create index on t (id);
        """
      ],
      expected: """
        table public.t
          id int
        index public.t_id_idx on public.t (id)
        index public.t_id_idx1 on public.t (id)
        index public.t_id_idx2 on public.t (id)
        index public.t_id_idx3 on public.t (id)
        index public.t_id_idx4 on public.t (id)
        index public.t_two on public.t (id)
        """
    ),
    ReplayCase(
      name: "functions, views, enums, extensions and schemas",
      files: [
        """
        create extension if not exists pgcrypto with schema extensions;
        create extension "uuid-ossp";
        create schema app;
        create function app.f() returns int language sql security definer set search_path = '' as $$ select 1 $$;
        create function g() returns int language sql as $$ select 1 $$;
        create or replace function g() returns int language sql security definer as $$ select 2 $$;
        create function h() returns int language sql security definer as $$ select 1 $$;
        alter function h() set search_path = pg_catalog;
        create function i() returns int language sql security definer set search_path = '' as $$ select 1 $$;
        alter function i() security invoker reset search_path;
        create view v with (security_invoker = true) as select 1;
        create view w as select 1;
        create materialized view mv as select 1;
        create type mood as enum ('sad', 'happy');
        alter type mood add value 'ok' before 'happy';
        alter type mood add value 'great' after 'happy';
        alter type mood add value if not exists 'sad';
        alter type mood add value 'meh';
        alter type mood rename value 'sad' to 'blue';
        drop view w;
        """
      ],
      expected: """
        schema app
        extension pgcrypto in extensions
        extension uuid-ossp in public
        function app.f security definer sets search_path
        function public.g security definer
        function public.h security definer sets search_path
        function public.i
        materialized view public.mv
        view public.v security_invoker
        enum public.mood [blue, ok, happy, great, meh]
        """
    ),
    ReplayCase(
      name: "renames, drops and SET SCHEMA",
      files: [
        """
        create schema archive;
        create table users (id int);
        create index users_id_idx on users (id);
        alter table users rename to members;
        alter table members set schema archive;
        create table tmp (id int);
        drop table if exists tmp, nothing cascade;
        create type color as enum ('red');
        alter type color rename to colour;
        alter type colour set schema archive;
        create schema old;
        create table old.t (id int);
        alter schema old rename to legacy;
        create schema gone;
        create table gone.x (id int);
        drop schema gone cascade;
        """
      ],
      expected: """
        schema archive
        schema legacy
        table archive.members
          id int
        table legacy.t
          id int
        index archive.users_id_idx on archive.members (id)
        enum archive.colour [red]
        """
    ),
    ReplayCase(
      name: "unqualified names follow SET search_path, which each file resets",
      files: [
        """
        create schema app;
        set search_path to app, public;
        create table t (id int);
        create table public.p (id int);
        create index t_idx on t (id);
        alter table t add column x int;
        alter table p add column y int;
        """,
        "create table t (id int);",
      ],
      expected: """
        schema app
        table app.t
          id int
          x int
        table public.p
          id int
          y int
        table public.t
          id int
        index app.t_idx on app.t (id)
        """
    ),
    ReplayCase(
      name: "INHERITS, PARTITION OF, LIKE and CREATE TABLE AS",
      files: [
        """
        create table base (id int not null, created_at timestamptz default now());
        create table child (extra text) inherits (base);
        create table parted (id int, at date) partition by range (at);
        create table parted_2024 partition of parted for values from ('2024-01-01') to ('2025-01-01');
        create table copy (like base including all);
        create table snapshot as select * from base;
        create table orphan (x int) inherits (missing);
        """
      ],
      expected: """
        table public.base
          id int not null
          created_at timestamptz default now()
        table public.child
          id int not null
          created_at timestamptz default now()
          extra text
        table public.copy uncertain
        table public.orphan uncertain
          x int
        table public.parted partitioned
          id int
          at date
        table public.parted_2024
          id int
          at date
        table public.snapshot uncertain
        """
    ),
    ReplayCase(
      name: "a DO block finds tables renamed, moved, re-created or in a renamed schema by name",
      files: [
        """
        create schema app;
        create table app.jobs (id int);
        create table old_name (id int);
        alter table old_name rename to new_name;
        create table moving (id int);
        alter table moving set schema app;
        create table gone (id int);
        drop table gone;
        create table gone (id int);
        create table app.kept (id int);
        alter schema app rename to work;
        do $$ begin perform 1 from jobs, old_name, new_name, moving, gone; end $$;
        """
      ],
      expected: """
        schema work
        table public.gone uncertain
          id int
        table public.new_name uncertain
          id int
        table work.jobs uncertain
          id int
        table work.kept
          id int
        table work.moving uncertain
          id int
        """
    ),
    ReplayCase(
      name: "a DO block marks the tables it mentions uncertain",
      files: [
        """
        create table accounts (id int);
        create table events (id int);
        create table "Audit" (id int);
        do $$
        begin
          execute 'alter table ACCOUNTS add column x int';
          perform 1 from events_archive;
          update "Audit" set id = 1;
        end $$;
        """
      ],
      // Whole words only: `events_archive` does not mention `events`.
      expected: """
        table public."Audit" uncertain
          id int
        table public.accounts uncertain
          id int
        table public.events
          id int
        """
    ),
  ]

  @Test("final schema", arguments: cases)
  func finalSchema(_ replayCase: ReplayCase) {
    #expect(dump(replaySchema(replayCase.files)) == replayCase.expected)
  }
}
