-- not-null-without-backfill: safe forms.
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1;
-- added nullable, backfilled, then enforced
ALTER TABLE accounts ADD COLUMN region text;
UPDATE accounts SET region = 'eu' WHERE region IS NULL AND id < 1000;
ALTER TABLE accounts ALTER COLUMN region SET NOT NULL;
-- added with a default: existing rows got it
ALTER TABLE orders ADD COLUMN channel text DEFAULT 'web';
ALTER TABLE orders ALTER COLUMN channel SET NOT NULL;
-- NOT VALID check does not look at existing rows
ALTER TABLE orders ADD COLUMN source text;
ALTER TABLE orders ADD CONSTRAINT orders_source_not_null CHECK (source IS NOT NULL) NOT VALID;
-- columns that came with CREATE TABLE are not known to be unfilled
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
-- a table created in this file is empty
CREATE TABLE sessions (id bigint);
ALTER TABLE sessions ADD COLUMN token text NOT NULL;
ALTER TABLE sessions ADD COLUMN user_id bigint;
ALTER TABLE sessions ALTER COLUMN user_id SET NOT NULL;
