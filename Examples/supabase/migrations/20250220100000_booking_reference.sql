-- Guests quote a short booking reference on the phone: make it unique.

set lock_timeout = '5s';

alter table public.bookings add column if not exists reference text;

-- unsafe: the DO block only makes the migration safe to run twice; the
-- statement inside it still runs, and ADD CONSTRAINT ... UNIQUE builds its
-- index under an ACCESS EXCLUSIVE lock: every read and write of bookings waits
-- until the whole index is built. Build the index with CREATE UNIQUE INDEX
-- CONCURRENTLY in its own migration, then add the constraint USING INDEX.
do $$
begin
  if not exists (
    select 1 from pg_constraint where conname = 'bookings_reference_key'
  ) then
    alter table public.bookings
      add constraint bookings_reference_key unique (reference);
  end if;
end $$;
