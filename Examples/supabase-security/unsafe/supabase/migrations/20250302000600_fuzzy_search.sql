-- Fuzzy search on display names.
-- unsafe: without a schema the extension lands in `public`: its functions
-- become Data API endpoints and mix with the app's.
create extension if not exists pg_trgm;
