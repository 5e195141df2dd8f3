-- oracle: ALTER TYPE .. ADD VALUE
ALTER TYPE account_status ADD VALUE 'banned';
