SET lock_timeout = '2s';
ALTER TABLE a ADD COLUMN c4 int;
RESET lock_timeout;
ALTER TABLE a ADD COLUMN c5 int;
