-- Invitations sent by members, to a member identified by id.
set lock_timeout = '5s';  -- fail fast rather than queue behind a busy table
create table if not exists public.invites (
  id bigint generated always as identity primary key,
  invitee uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);

create index if not exists invites_invitee_idx on public.invites (invitee);

alter table public.invites enable row level security;

drop policy if exists "invites are visible to signed-in users" on public.invites;
create policy "invites are visible to signed-in users" on public.invites
  for select to authenticated
  using (true);
