-- Fuzzy search on display names, with the extension out of the Data API.
create extension if not exists pg_trgm with schema extensions;
