-- Background jobs, kept out of the Data API in a schema of their own.
create schema if not exists private;

create table if not exists private.jobs (
  id bigint generated always as identity primary key,
  owner uuid not null,
  payload jsonb not null default '{}'
);

create index if not exists jobs_owner_idx on private.jobs (owner);

-- fixed: the policy applies once row level security is enabled.
alter table private.jobs enable row level security;

drop policy if exists "owners see their jobs" on private.jobs;
create policy "owners see their jobs" on private.jobs
  for select to authenticated
  using (owner = (select auth.uid()));
