-- Comments on notes.
create table if not exists public.comments (
  id bigint generated always as identity primary key,
  author uuid not null,
  body text not null
);

create index if not exists comments_author_idx on public.comments (author);

alter table public.comments enable row level security;

drop policy if exists "comments are public" on public.comments;
create policy "comments are public" on public.comments
  for select to anon, authenticated
  using (true);

-- fixed: signed-in users comment under their own name only.
drop policy if exists "authors write their comments" on public.comments;
create policy "authors write their comments" on public.comments
  for insert to authenticated
  with check (author = (select auth.uid()));
