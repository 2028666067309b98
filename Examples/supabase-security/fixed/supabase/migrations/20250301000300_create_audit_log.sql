-- An audit trail the app reads in its admin screen.
create table if not exists public.audit_log (
  id bigint generated always as identity primary key,
  event text not null,
  happened_at timestamptz not null default now()
);

alter table public.audit_log enable row level security;

-- fixed: staff (marked in app_metadata, which only the server writes) read it.
drop policy if exists "staff read the audit log" on public.audit_log;
create policy "staff read the audit log" on public.audit_log
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'staff');
