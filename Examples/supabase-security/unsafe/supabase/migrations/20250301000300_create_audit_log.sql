-- An audit trail the app reads in its admin screen.
create table if not exists public.audit_log (
  id bigint generated always as identity primary key,
  event text not null,
  happened_at timestamptz not null default now()
);

-- unsafe (or intended?): row level security with no policy: every Data API
-- request sees an empty table, the admin screen included.
alter table public.audit_log enable row level security;
