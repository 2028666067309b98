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

-- The directory reads member_profiles, filled from auth.users by a trigger
-- (the supported way to react to sign-ups), never auth.users itself.
create or replace function public.handle_new_member() returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  insert into public.member_profiles (id) values (new.id);
  return new;
end;
$$;

drop trigger if exists on_auth_member_created on auth.users;
create trigger on_auth_member_created
  after insert on auth.users
  for each row execute function public.handle_new_member();
