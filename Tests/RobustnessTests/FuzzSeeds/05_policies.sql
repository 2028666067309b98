alter table members enable row level security;
create policy "members read own" on members for select to authenticated using ((select auth.uid()) = id::text::uuid);
grant select on members to anon;
revoke all on teams from public;
