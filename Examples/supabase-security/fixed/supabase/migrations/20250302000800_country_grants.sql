-- Countries, reference data the app reads through the Data API.
create table if not exists public.countries (
  code text primary key,
  name text not null
);

alter table public.countries enable row level security;

drop policy if exists "countries are readable by everyone" on public.countries;
create policy "countries are readable by everyone" on public.countries
  for select to anon, authenticated
  using (true);

-- Reads only, for anonymous requests.
grant select on table public.countries to anon;
