-- Venues that can be booked, and the bookings themselves.

create table if not exists public.venues (
  id bigint generated always as identity primary key,
  owner_id uuid not null references public.profiles (id),
  name text not null,
  capacity integer not null check (capacity > 0),
  timezone text
);

-- unsafe: public.venues never gets row level security, so anyone holding the
-- anon key can read and write every venue through the Data API.

create table if not exists public.bookings (
  id bigint generated always as identity primary key,
  venue_id bigint not null references public.venues (id) on delete cascade,
  guest_id uuid not null references public.profiles (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  note text,
  constraint bookings_time_order check (ends_at > starts_at)
);

-- Safe: the table was created in this same migration, so it is still empty
-- and nobody else can hold a lock on it yet.
create index bookings_guest_id_idx on public.bookings (guest_id);

alter table public.bookings enable row level security;

create policy "Guests see their own bookings"
  on public.bookings for select
  to authenticated
  using ((select auth.uid()) = guest_id);

create policy "Guests create their own bookings"
  on public.bookings for insert
  to authenticated
  with check ((select auth.uid()) = guest_id);

create policy "Guests cancel their own bookings"
  on public.bookings for delete
  to authenticated
  using ((select auth.uid()) = guest_id);
