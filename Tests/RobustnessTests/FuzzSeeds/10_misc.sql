create extension if not exists pgcrypto with schema extensions;
create schema reporting;
create type mood as enum ('sad', 'ok');
alter type mood add value 'happy' after 'ok';
create domain positive as int check (value > 0);
create materialized view reporting.m as select count(*) from members with no data;
refresh materialized view concurrently reporting.m;
comment on column members.bio is 'free text';
vacuum analyze members;
reindex index concurrently members_joined_idx;
do $$ begin raise notice 'hi'; end $$;
\set ON_ERROR_STOP on
create sequence s start 1;
drop table if exists old_stuff cascade;
drop table old_stuff2;
