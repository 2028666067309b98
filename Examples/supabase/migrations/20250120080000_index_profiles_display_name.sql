-- Safe: CONCURRENTLY builds the index without blocking writes. The Supabase
-- CLI runs each migration file in a transaction, and CREATE INDEX
-- CONCURRENTLY cannot run inside one, so it stays alone in this file.
create index concurrently if not exists profiles_display_name_idx
  on public.profiles (lower(display_name));
