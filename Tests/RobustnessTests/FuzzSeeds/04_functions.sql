create or replace function public.bump() returns trigger
language plpgsql security definer set search_path = '' as $fn$
begin
  new.updated_at := now();
  return new;
end;
$fn$;
create trigger members_bump before update on members for each row execute function public.bump();
create function twice(x int) returns int language sql immutable
begin atomic
  select case when x > 0 then x * 2 else 0 end;
end;
