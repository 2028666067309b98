insert into teams (id, title) values (gen_random_uuid(), 'a'), (gen_random_uuid(), 'b') on conflict do nothing;
update members set rank = rank + 1 where id in (select id from members order by id limit 10);
delete from teams where title is null returning id;
truncate table teams restart identity cascade;
with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select * from r;
