-- API privileges on member profiles: reads for anonymous requests, writes
-- only for signed-in users (under the table's policies).
grant select on table public.member_profiles to anon;
grant select, insert, update on table public.member_profiles to authenticated;
