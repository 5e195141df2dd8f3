-- the migration tool runs this file in a transaction
SET LOCAL lock_timeout = '2s';
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
ALTER TABLE orders ADD COLUMN tag text;
UPDATE orders SET tag = 'x' WHERE id < 10;
BEGIN;
ALTER TABLE orders ADD COLUMN tag2 text;
COMMIT;
