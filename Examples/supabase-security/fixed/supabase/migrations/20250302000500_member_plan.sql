-- Each member's subscription plan, kept in the app's own table.
alter table public.member_profiles add column if not exists plan text not null default 'free';
