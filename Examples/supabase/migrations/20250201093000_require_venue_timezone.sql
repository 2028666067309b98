-- Every venue needs a time zone to show local booking times.

update public.venues set timezone = 'UTC' where timezone is null;

-- Safe: VALIDATE CONSTRAINT only takes a SHARE UPDATE EXCLUSIVE lock, so
-- bookings stay readable and writable while existing rows are checked.
alter table public.bookings
  validate constraint bookings_party_size_positive;

-- unsafe: SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock.
-- Add a CHECK (timezone is not null) NOT VALID constraint, validate it, then
-- SET NOT NULL (PostgreSQL 12+ then skips the scan).
alter table public.venues
  alter column timezone set not null;

-- unsafe: DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on
-- bookings while it runs.
drop index public.bookings_guest_id_idx;
