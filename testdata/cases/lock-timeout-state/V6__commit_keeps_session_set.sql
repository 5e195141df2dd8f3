-- a session SET inside a committed transaction outlives it
BEGIN;
SET lock_timeout = '2s';
COMMIT;
ALTER TABLE a ADD COLUMN c9 int;
