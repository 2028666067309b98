-- How full a venue is on a given day, for the owner's dashboard.

create or replace function public.venue_occupancy(p_venue_id bigint, p_day date)
returns numeric
language sql
stable
begin atomic
  select case
    when v.capacity = 0 then 0
    else round(
      coalesce(sum(b.party_size), 0)::numeric / v.capacity, 2)
  end
  from public.venues v
  left join public.bookings b
    on b.venue_id = v.id
   and b.starts_at::date = p_day
   and b.status <> 'cancelled'
  where v.id = p_venue_id
  group by v.capacity;
end;

revoke execute on function public.venue_occupancy(bigint, date) from public, anon;
grant execute on function public.venue_occupancy(bigint, date) to authenticated;

comment on function public.venue_occupancy(bigint, date) is
  'Share of a venue''s capacity booked on one day (0 to 1, rounded).';
