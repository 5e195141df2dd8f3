-- not-null-without-backfill
SET lock_timeout = '2s';
-- NOT NULL without a default fails on a table with rows
ALTER TABLE accounts ADD COLUMN tenant_id bigint NOT NULL;
ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL CHECK (currency <> '');
-- added nullable in this file, never backfilled, then enforced
ALTER TABLE accounts ADD COLUMN region text;
ALTER TABLE accounts ALTER COLUMN region SET NOT NULL;
ALTER TABLE orders ADD COLUMN channel text;
ALTER TABLE orders ADD CONSTRAINT orders_channel_not_null CHECK (channel IS NOT NULL);
-- a backfill of a different column does not count
ALTER TABLE orders ADD COLUMN source text;
UPDATE orders SET note = 'x' WHERE id < 100;
ALTER TABLE orders ALTER COLUMN source SET NOT NULL;
