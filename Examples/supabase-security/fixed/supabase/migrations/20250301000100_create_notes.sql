-- Notes belong to the user who wrote them.
create table if not exists public.notes (
  id bigint generated always as identity primary key,
  owner uuid not null,
  body text not null,
  created_at timestamptz not null default now()
);

create index if not exists notes_owner_idx on public.notes (owner);

-- fixed: row level security, and one policy per access the app needs.
alter table public.notes enable row level security;

drop policy if exists "owners manage their notes" on public.notes;
create policy "owners manage their notes" on public.notes
  for all to authenticated
  using (owner = (select auth.uid()))
  with check (owner = (select auth.uid()));
