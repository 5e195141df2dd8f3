ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
CREATE INDEX orders_amount_idx ON orders (amount);
BEGIN;
SET LOCAL statement_timeout = '5min';
ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
COMMIT;
ALTER TABLE orders ALTER COLUMN note TYPE varchar(10);
