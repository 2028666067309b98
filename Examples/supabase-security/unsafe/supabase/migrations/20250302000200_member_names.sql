-- Display names for the app's mention picker.
-- unsafe: the view runs with its owner's privileges (postgres), so API callers
-- read every profile through it, whatever member_profiles' policies say.
create or replace view public.member_names as
  select id, display_name from public.member_profiles;
