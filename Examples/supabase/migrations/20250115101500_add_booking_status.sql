-- Bookings get a status and a party size.

-- unsafe: NOT NULL without a default fails as soon as bookings has a row
-- ("column "status" contains null values").
alter table public.bookings
  add column status text not null;

-- Safe: a constant default is stored in the catalog (PostgreSQL 11+), so
-- existing rows are not rewritten and the lock is held only briefly.
alter table public.bookings
  add column party_size integer not null default 1;

-- NOT VALID skips checking existing rows now; a later migration validates
-- it without blocking writes.
alter table public.bookings
  add constraint bookings_party_size_positive check (party_size > 0) not valid;
