-- Account deletion for the settings page: signed-in users delete themselves.
create or replace function public.delete_member() returns void
  language sql
  security definer
  set search_path = ''
as $$
  delete from auth.users where id = (select auth.uid());
$$;

revoke execute on function public.delete_member() from public, anon;
grant execute on function public.delete_member() to authenticated;
