-- Flyway runs this file in a transaction: SET LOCAL lasts for the whole file.
SET LOCAL lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN bio text;
-- inside a transaction the CONCURRENTLY fix is not offered
CREATE INDEX accounts_name_idx ON accounts (name);
