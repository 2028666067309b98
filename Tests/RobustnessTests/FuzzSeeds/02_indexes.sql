create index members_handle_idx on members (lower(handle));
create unique index concurrently if not exists teams_name_key on teams (name) where name is not null;
drop index members_handle_idx;
drop index concurrently if exists old_idx;
