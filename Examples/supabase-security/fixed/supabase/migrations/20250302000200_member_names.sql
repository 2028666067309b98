-- Display names for the app's mention picker, read with the caller's
-- privileges and policies (PostgreSQL 15+).
create or replace view public.member_names with (security_invoker = true) as
  select id, display_name from public.member_profiles;
