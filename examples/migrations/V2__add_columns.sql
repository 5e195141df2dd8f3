-- Runs against a live, populated `accounts` table.
SET lock_timeout = '2s';

-- Safe since PostgreSQL 11: a constant default is stored in the catalog.
ALTER TABLE accounts ADD COLUMN plan text NOT NULL DEFAULT 'free';

-- Dangerous: a volatile default rewrites the whole table.
ALTER TABLE accounts ADD COLUMN api_token uuid DEFAULT gen_random_uuid();

-- Dangerous: blocks writes while the index is built.
CREATE INDEX accounts_plan_idx ON accounts (plan);
