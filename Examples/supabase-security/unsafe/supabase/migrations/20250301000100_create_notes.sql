-- Notes belong to the user who wrote them.
-- unsafe: the table is in `public`, exposed through the Data API, and row level
-- security is never enabled: anyone holding the anon key reads and edits every note.
create table if not exists public.notes (
  id bigint generated always as identity primary key,
  owner uuid not null,
  body text not null,
  created_at timestamptz not null default now()
);
