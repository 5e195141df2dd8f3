-- SET LOCAL outside a transaction has no effect.
SET LOCAL lock_timeout = '2s';
ALTER TABLE a ADD COLUMN c3 int;
