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

-- unsafe: WITH CHECK (true) lets anyone with the anon key insert any comment,
-- under any author.
drop policy if exists "anyone can comment" on public.comments;
create policy "anyone can comment" on public.comments
  for insert to anon, authenticated
  with check (true);
