-- oracle: ALTER TYPE .. ADD VALUE .. BEFORE
ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'pending' BEFORE 'active';
