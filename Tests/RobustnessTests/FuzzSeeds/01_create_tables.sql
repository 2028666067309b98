create table if not exists public.members (
  id bigint generated always as identity primary key,
  handle text not null unique,
  joined_at timestamptz not null default now(),
  score numeric(10, 2) check (score >= 0)
);
create table teams (id uuid primary key default gen_random_uuid(), name text);
