-- Keeps member_profiles.updated_at current.
set lock_timeout = '5s';  -- fail fast rather than queue behind a busy table
alter table public.member_profiles add column if not exists updated_at timestamptz;

create or replace function public.set_updated_at() returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

drop trigger if exists member_profiles_updated_at on public.member_profiles;
create trigger member_profiles_updated_at
  before update on public.member_profiles
  for each row execute function public.set_updated_at();
