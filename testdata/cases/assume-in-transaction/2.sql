-- the migration tool runs this file in a transaction
SET LOCAL lock_timeout = '2s';
BEGIN;
ALTER TABLE orders ADD COLUMN tag text;
COMMIT;
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
