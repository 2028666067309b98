/// Self-written migrations that reach every rule and every fix, used as
/// mutation bases that do not depend on ../shared.
enum SampleMigrations {
  /// Earlier migrations: the tables the samples alter already exist.
  static let history = """
    create table accounts (id bigint primary key, email text, plan text);
    create table invoices (id bigint primary key, account_id bigint, amount_cents int);
    create index invoices_account_idx on invoices (account_id);
    """

  static let all: [String] = [
    """
    -- Add a lookup index and tidy up an old one.
    create index accounts_email_idx on accounts (email);
    drop index invoices_account_idx;
    alter table invoices add column currency text not null;
    alter table accounts alter column plan set not null;
    """,
    """
    begin;
    create table if not exists audit_log (id bigserial primary key, body jsonb, at timestamptz default now());
    create index concurrently audit_log_at_idx on audit_log (at);
    commit;
    create table settings (key text primary key, value text);
    drop table legacy_settings;
    create extension pgcrypto;
    create schema reporting;
    """,
    #"""
    create or replace function touch() returns trigger language plpgsql as $body$
    begin
      new.updated_at := now(); -- keep it simple
      return new;
    end
    $body$;
    create function add(a int, b int) returns int language sql
    begin atomic
      select case when a is null then 0 else a + b end;
    end;
    -- cslint-disable-next-statement require-concurrent-index-creation -- small table
    create index invoices_amount_idx on invoices (amount_cents);
    comment on table invoices is E'money \'owed\'';
    insert into accounts (id, email) values (1, U&'d\0061t\+000061'), (2, $q$it's$q$);
    select 1.5e-3, 0x1F, 1_000, B'0101', X'1F', N'nat', "Quoted ""id""";
    """#,
  ]
}
