-- The venue calendar page filters bookings by venue and start time.

-- unsafe: a plain CREATE INDEX on a table from an earlier migration takes a
-- SHARE lock: every insert, update and delete on bookings waits until the
-- whole index is built. Use CREATE INDEX CONCURRENTLY in a file of its own.
create index bookings_venue_starts_at_idx
  on public.bookings (venue_id, starts_at);
