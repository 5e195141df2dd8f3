CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
DROP INDEX CONCURRENTLY orders_code_idx;
VACUUM orders;
BEGIN;
-- PostgreSQL 12+ allows ADD VALUE in a transaction
ALTER TYPE mood ADD VALUE 'happy';
ANALYZE orders;
ALTER TABLE events DETACH PARTITION events_2023 FINALIZE;
COMMIT;
