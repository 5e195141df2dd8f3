-- PostgreSQL 11: ADD VALUE cannot run in a transaction block,
-- and there is no REINDEX CONCURRENTLY or DETACH PARTITION CONCURRENTLY to suggest.
SET lock_timeout = '2s';
BEGIN;
ALTER TYPE mood ADD VALUE 'happy';
COMMIT;
REINDEX INDEX orders_note_idx;
ALTER TABLE events DETACH PARTITION events_2023;
