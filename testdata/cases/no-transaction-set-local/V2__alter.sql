-- Without a transaction SET LOCAL has no effect (PostgreSQL warns and ignores it).
SET LOCAL lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN bio text;
CREATE INDEX accounts_name_idx ON accounts (name);
