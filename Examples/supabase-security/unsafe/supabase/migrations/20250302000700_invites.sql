-- Invitations sent by members, by phone number.
set lock_timeout = '5s';  -- fail fast rather than queue behind a busy table
create table if not exists public.invites (
  id bigint generated always as identity primary key,
  -- unsafe: references auth.users (phone), a unique constraint Supabase Auth
  -- owns: its upgrades cannot change it while this key depends on it.
  phone text not null references auth.users (phone),
  created_at timestamptz not null default now()
);

create index if not exists invites_phone_idx on public.invites (phone);

alter table public.invites enable row level security;

drop policy if exists "invites are visible to signed-in users" on public.invites;
create policy "invites are visible to signed-in users" on public.invites
  for select to authenticated
  using (true);
