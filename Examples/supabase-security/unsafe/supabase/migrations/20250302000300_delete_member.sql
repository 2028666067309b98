-- Account deletion for the settings page.
-- unsafe: a SECURITY DEFINER function in `public` that anon can execute: anyone
-- holding the anon key calls /rest/v1/rpc/delete_member and deletes any member.
create or replace function public.delete_member(member uuid) returns void
  language sql
  security definer
  set search_path = ''
as $$
  delete from auth.users where id = member;
$$;
