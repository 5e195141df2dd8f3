-- ROLLBACK undoes a SET made in that transaction.
BEGIN;
SET lock_timeout = '2s';
ALTER TABLE a ADD COLUMN c7 int;
ROLLBACK;
ALTER TABLE a ADD COLUMN c8 int;
