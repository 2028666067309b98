-- Each member's subscription plan, kept in the app's own table.
set lock_timeout = '5s';  -- fail fast rather than queue behind a busy table
alter table public.member_profiles add column if not exists plan text not null default 'free';
