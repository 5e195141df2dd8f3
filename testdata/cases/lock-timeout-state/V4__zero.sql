SET lock_timeout = '2s';
ALTER TABLE a ADD COLUMN c6 int;
SET lock_timeout = 0;
ALTER TABLE b ADD COLUMN c6 int;
