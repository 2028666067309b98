-- Moderation reports, for staff only.
create table if not exists public.reports (
  id bigint generated always as identity primary key,
  reason text not null
);

alter table public.reports enable row level security;

-- unsafe: user_metadata is written by the user themselves
-- (supabase.auth.updateUser), so anyone can make themselves staff.
drop policy if exists "staff read reports" on public.reports;
create policy "staff read reports" on public.reports
  for select to authenticated
  using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'staff');
