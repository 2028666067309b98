-- Background jobs, kept out of the Data API in a schema of their own.
create schema if not exists private;

create table if not exists private.jobs (
  id bigint generated always as identity primary key,
  owner uuid not null,
  payload jsonb not null default '{}'
);

create index if not exists jobs_owner_idx on private.jobs (owner);

-- unsafe: the policy is never consulted, since row level security is not
-- enabled on private.jobs: every role with privileges on it sees every job.
drop policy if exists "owners see their jobs" on private.jobs;
create policy "owners see their jobs" on private.jobs
  for select to authenticated
  using (owner = (select auth.uid()));
