alter table members add column bio text;
alter table members add column rank int not null default 0;
alter table members add column region text not null;
alter table members alter column bio set not null;
alter table only members drop constraint if exists members_rank_check, add constraint members_rank_check check (rank > 0) not valid;
alter table members validate constraint members_rank_check;
alter table teams rename column name to title;
