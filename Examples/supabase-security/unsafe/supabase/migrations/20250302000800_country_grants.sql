-- Countries, reference data the app reads through the Data API.
-- cslint-disable-next-statement rls-disabled-in-public -- read-only reference data, see the grant below
create table if not exists public.countries (
  code text primary key,
  name text not null
);

-- unsafe: every privilege, writes included, to anyone holding the anon key, on
-- a table without row level security: anyone can rename or delete countries.
grant all on table public.countries to anon;
