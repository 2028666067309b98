-- Each member's subscription plan.
set lock_timeout = '5s';  -- fail fast rather than queue behind a busy table
-- unsafe: auth.users belongs to Supabase Auth; migrations may not change it,
-- and Supabase's upgrades replace it.
alter table auth.users add column if not exists plan text not null default 'free';
