-- API privileges on member profiles.
-- unsafe: every privilege, writes included, to anyone holding the anon key,
-- stopped only by row level security.
grant all on table public.member_profiles to anon;
