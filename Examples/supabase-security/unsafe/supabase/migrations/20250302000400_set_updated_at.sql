-- Keeps member_profiles.updated_at current.
set lock_timeout = '5s';  -- fail fast rather than queue behind a busy table
alter table public.member_profiles add column if not exists updated_at timestamptz;

-- unsafe: no search_path on the function: the caller's search_path decides
-- what `now` means when the trigger runs.
create or replace function public.set_updated_at() returns trigger
  language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

drop trigger if exists member_profiles_updated_at on public.member_profiles;
create trigger member_profiles_updated_at
  before update on public.member_profiles
  for each row execute function public.set_updated_at();
