begin;
set local lock_timeout = '2s';
create index concurrently members_joined_idx on members (joined_at);
lock table teams in access exclusive mode;
commit;
