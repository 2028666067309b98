-- Moderation reports, for staff only.
create table if not exists public.reports (
  id bigint generated always as identity primary key,
  reason text not null
);

alter table public.reports enable row level security;

-- fixed: the role comes from app_metadata, which only the server can write.
drop policy if exists "staff read reports" on public.reports;
create policy "staff read reports" on public.reports
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'staff');
